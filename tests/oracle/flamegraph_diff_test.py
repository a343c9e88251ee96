#!/usr/bin/python3
"""flamegraph_diff_test.py: the SVG of flamegraph_diff(stack, before, after)
checked against the two traces' folded stacks, computed here in Python.

The folded stacks of the two bundled traces (tiny.rs at -Copt-level=1 and
3) come from sql/folded.sql in the sqlite3 shell; Python sums each stack
prefix's before and after weights and self weights, and decides:
- the frames drawn: the prefixes whose after width (weight / total * 1180)
  is at least minwidth; a prefix only in the before-trace is never drawn;
- each frame's width (within 0.011 px) and tooltip: before, after, change,
  the change in percent ("new" when before is 0) and the self change;
- each frame's colour (written #rrggbb): red rgb(255, 255-v, 255-v) when its self weight grew,
  blue rgb(255-v, 255-v, 255) when it shrank, white when equal, with
  v = 200 * |self change| / (the largest |self change| among drawn frames),
  rounded (within 1);
- the same graph from the traces directly (the SQL of examples/flamegraph_diff.sh)
  has the same frames; and the errors of bad weights name the argument;
- the SVG is held to SQLite's SQLITE_LIMIT_LENGTH as it is written
  (flame_oracle.check_length_limit).
Prints "N passed, M failed".
"""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

from checks import EXT, check, connect, peak_memory, report  # noqa: E402
from flame_oracle import WIDTH, check_length_limit, drawn, svg_nodes  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BEFORE = os.path.join(ROOT, "examples", "tiny.llvm_timings.json.gz")
AFTER = os.path.join(ROOT, "examples", "tiny-opt3.llvm_timings.json.gz")


def folded(trace):
    """sql/folded.sql's lines for trace, as (stack, weight)."""
    out = subprocess.run(["sqlite3", "-batch", ":memory:", ".load %s" % EXT,
                          ".parameter set :trace '%s'" % trace, ".read sql/folded.sql"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [(s, int(w)) for s, w in (line.rsplit(" ", 1) for line in out.splitlines())]


def sums(rows):
    """({prefix: total}, {prefix: self}) of (stack, weight) rows."""
    tot, self = {}, {}
    for s, w in rows:
        parts = tuple(s.split(";"))
        self[parts] = self.get(parts, 0) + w
        for i in range(1, len(parts) + 1):
            tot[parts[:i]] = tot.get(parts[:i], 0) + w
    return tot, self


def sign(d):
    return ("+%d" % d) if d > 0 else ("%d" % d)


def expected_title(name, b, a, sd):
    pct = ", %+.2f%%" % ((a - b) / b * 100) if b > 0 else ", new"
    return "%s (before %d, after %d, change %s%s, self change %s)" % (name, b, a, sign(a - b), pct, sign(sd))


def colour(d, dmax):
    v = round(200 * abs(d) / dmax) if dmax > 0 else 0
    return (255 - v if d < 0 else 255, 255 - v, 255 - v if d > 0 else 255)


def check_graph(svg, before, after, minwidth, label):
    try:
        _, nodes = svg_nodes(svg)
    except ET.ParseError as e:
        check(False, "%s: XML: %s" % (label, e))
        return
    tb, sb = sums(before)
    ta, sa = sums(after)
    shown, total = drawn(ta, minwidth)
    frames = [n for n in nodes if n["kind"] == "frame" and n["depth"] > 0]
    got = {n["path"]: n for n in frames}
    only_before = [p for p in tb if p not in ta]
    check(set(got) == shown and len(got) == len(frames) and not any(p in got for p in only_before),
          "%s: %d frames drawn, the after-trace's prefixes at least %g px wide; none of the %d only in before"
          % (label, len(frames), minwidth, len(only_before)), (len(got), len(shown)))
    dmax = max([abs(sa.get(p, 0) - sb.get(p, 0)) for p in shown] + [0])
    bad_w, bad_t, bad_c, reds, blues = [], [], [], 0, 0
    for p, n in got.items():
        if abs(n["width"] - ta[p] / total * WIDTH) > 0.011:
            bad_w.append((p[-1], n["width"], ta[p] / total * WIDTH))
        d = sa.get(p, 0) - sb.get(p, 0)
        want = expected_title(p[-1], tb.get(p, 0), ta[p], d)
        if n["title"] != want:
            bad_t.append((n["title"], want))
        rgb = tuple(int(x, 16) for x in re.match(r"#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$", n["fill"]).groups())
        if any(abs(x - y) > 1 for x, y in zip(rgb, colour(d, dmax))):
            bad_c.append((p[-1], d, rgb, colour(d, dmax)))
        reds += rgb[2] < 250
        blues += rgb[0] < 250
    check(not bad_w, "%s: every frame as wide as its after weight" % label, bad_w[:3])
    check(not bad_t, "%s: every tooltip says before, after, the change and the self change" % label, bad_t[:3])
    check(not bad_c and reds > 0 and blues > 0,
          "%s: colours from the self change: %d frames redder, %d bluer (largest change %d)" % (label, reds, blues, dmax),
          bad_c[:3])
    root = [n for n in nodes if n["depth"] == 0]
    tb_all, ta_all = sum(w for _, w in before), sum(w for _, w in after)
    check(len(root) == 1 and root[0]["title"].startswith("all (before %d, after %d, change %s" % (tb_all, ta_all, sign(ta_all - tb_all))),
          "%s: the root's tooltip has both totals" % label, root[0]["title"] if root else None)


def main():
    db = connect()
    before, after = folded(BEFORE), folded(AFTER)
    db.execute("CREATE TABLE f(side, s, w)")
    db.executemany("INSERT INTO f VALUES(0, ?, ?)", before)
    db.executemany("INSERT INTO f VALUES(1, ?, ?)", after)
    for mw in (0.1, 0, 2):
        svg = db.execute("SELECT flamegraph_diff(s, iif(side = 0, w, NULL), iif(side = 1, w, NULL), 't', ?) FROM f",
                         (mw,)).fetchone()[0]
        check_graph(svg, before, after, mw, "opt-level 1 -> 3, minwidth %g" % mw)
    # swapped: the before-only frames are drawn, the colours reversed
    svg = db.execute("SELECT flamegraph_diff(s, iif(side = 1, w, 0), iif(side = 0, w, 0)) FROM f").fetchone()[0]
    check_graph(svg, after, before, 0.1, "swapped")
    # the same frames from the traces themselves (examples/flamegraph_diff.sh's SQL)
    svg = db.execute("""SELECT flamegraph_diff(stack, iif(side = 0, self_dur, 0), iif(side = 1, self_dur, 0))
                          FROM (SELECT 0 AS side, stack, self_dur FROM trace_events(?)
                                UNION ALL SELECT 1, stack, self_dur FROM trace_events(?))""", (BEFORE, AFTER)).fetchone()[0]
    _, nodes = svg_nodes(svg)
    _, nodes2 = svg_nodes(db.execute("SELECT flamegraph_diff(s, iif(side = 0, w, 0), iif(side = 1, w, 0)) FROM f").fetchone()[0])
    paths = lambda ns: {n["path"] for n in ns if n["kind"] == "frame"}
    common = paths(nodes) & paths(nodes2)
    check(len(common) >= 0.95 * len(paths(nodes2)),
          "from the traces directly: the frames of the folded stacks (%d of %d; folded.sql rounds to microseconds)"
          % (len(common), len(paths(nodes2))))
    # errors name the function and the weight
    for sql, want in (("SELECT flamegraph_diff('a;b', 'x', 1)", "flamegraph_diff: stack 'a;b' has a before weight that is not a number"),
                      ("SELECT flamegraph_diff('a;b', 1, x'00')", "flamegraph_diff: stack 'a;b' has an after weight that is not a number"),
                      ("SELECT flamegraph_diff('a;b', -1, 1)", "flamegraph_diff: stack 'a;b' has the negative before weight -1"),
                      ("SELECT flamegraph_diff('a;b', 1, 1e999)", "flamegraph_diff: stack 'a;b' has the after weight Inf"),
                      ("SELECT flamegraph_diff('a', 1, 1, 't', 'x')", "flamegraph_diff: minwidth 'x' is not a width")):
        try:
            db.execute(sql).fetchone()
            check(False, "%s: no error" % sql)
        except Exception as e:
            check(str(e).startswith(want), "%s: %s" % (sql, e), want)
    check_length_limit(db, "flamegraph_diff(?, 1, 2)", check, peak_memory)
    return report()


if __name__ == "__main__":
    sys.exit(main())
