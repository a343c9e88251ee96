#!/usr/bin/python3
"""flamegraph.py TRACE OUT.svg: the flame graph of a trace, from Python.

    /usr/bin/python3 examples/flamegraph.py examples/tiny.llvm_timings.json.gz fg.svg

flamegraph() returns the SVG as text and Python writes it to a file (the
sqlite3 shell's writefile() is not in Python's sqlite3).  The graph is
titled after the trace, as examples/flamegraph.sh titles it.
"""
import os
import sqlite3
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXT = os.environ.get("TT_EXT", os.path.join(ROOT, "build", "timetrace"))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: flamegraph.py TRACE OUT.svg")
    trace, out = sys.argv[1], sys.argv[2]
    title = "%s: self time by call stack" % os.path.basename(trace)
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(EXT)
    svg = db.execute("SELECT flamegraph(stack, self_dur, ?) FROM trace_events(?)", (title, trace)).fetchone()[0]
    if svg is None:
        sys.exit("flamegraph.py: %s has no slices to draw" % trace)
    with open(out, "wb") as f:
        f.write(svg.encode("utf-8"))
    print("wrote %s" % out)


if __name__ == "__main__":
    main()
