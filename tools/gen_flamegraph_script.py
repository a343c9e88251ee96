#!/usr/bin/python3
"""tools/gen_flamegraph_script.py: writes ext/flamegraph_script.c from
ext/flamegraph_script.js, the script inside every flame graph SVG.

The script is kept as JavaScript, where it can be read, edited and checked
(node --check), and compiled in as C strings, one per line (C11 promises
string literals of 4095 bytes only).  The rules the script must keep are
checked here: no double quote and no backslash (so each line is a C string
as it stands), no "]]>" (it sits in CDATA), and no "nan" or "inf" in any
case (the tests look for them in the SVG to catch a number that is not
finite).

Usage (from the top of the repository):

    /usr/bin/python3 tools/gen_flamegraph_script.py            rewrite the file
    /usr/bin/python3 tools/gen_flamegraph_script.py --check    exit 1 if it is stale
"""
import sys

JS = "ext/flamegraph_script.js"
C = "ext/flamegraph_script.c"


# The C file's header: what the script does, for a reader of ext/.
HEADER = """/*
** flamegraph_script.c: the script inside every flame graph SVG, which
** makes it explorable in a browser.  Interface: flamegraph_script.h.
** Made by tools/gen_flamegraph_script.py from ext/flamegraph_script.js:
** edit that file, then run the tool (tests/oracle/flamegraph_script.sh
** fails when this one is stale).  flamegraph_svg.c writes the script in
** CDATA after the frames, preceded by
**   var fgConfig = {pad: 10, width: 1180, charWidth: 7.4, frameHeight: 16, diff: 0};
**
** What it does.  It reads the frames back from the SVG (the rects inside
** a <g>, frames and rect.merged, in document order, which is depth first: the parent of a
** frame is the last frame before it one level down), and adds a bar
** below them: "Search", "Clear search", "Reset zoom" and the matched
** share.  A click on a frame zooms: the frame spans the width, its
** ancestors span it too (dimmed), its subtree is scaled by the same
** factor, every other frame is hidden; a click on the root or "Reset
** zoom" (or Escape) goes back.  "Search" (or '/' or Ctrl-F) asks for a
** JavaScript regular expression; every frame whose name matches is
** filled magenta, and the bar shows "Matched: P% of the total, N
** frames", where P sums the weight of each matching frame that has no
** matching ancestor, so a stack counts once however many of its frames
** match.  A weight is read from the tooltip (its first number, or the
** number after "after" in a differential graph); merged blocks and the
** root never match.  window.flamegraph.zoom(i) and .search(re) do the
** same for programs that drive the page (tests/oracle/flamegraph_browser.sh).
** Where scripts do not run the SVG is the same picture without the bar.
** Written for this project, not taken from flamegraph.pl or inferno.
**
** One string per line: C11 promises string literals of 4095 bytes only,
** and the script is longer.
*/
#include "flamegraph_script.h"

const char *const flamegraph_script[] = {
"""


def generate(js):
    """The text of flamegraph_script.c for the script js; raises ValueError
    on a line that breaks a rule."""
    out = [HEADER.rstrip("\n")]
    lines = js.rstrip("\n").split("\n")
    while lines and lines[0].startswith("//"):
        lines.pop(0)             # the file's own header: about this tool, not the SVG
    for line in lines:
        if '"' in line or "\\" in line or "]]>" in line or "nan" in line.lower() or "inf" in line.lower():
            raise ValueError("%s: a line breaks the rules: %s" % (JS, line))
        out.append('  "%s\\n",' % line)
    out += ["  0", "};"]
    return "\n".join(out) + "\n"


def main():
    text = generate(open(JS, encoding="utf-8").read())
    if sys.argv[1:] == ["--check"]:
        try:
            same = open(C, encoding="utf-8").read() == text
        except OSError:
            same = False
        if not same:
            print("%s is not what %s makes from %s: run it" % (C, sys.argv[0], JS), file=sys.stderr)
        return 0 if same else 1
    with open(C, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
