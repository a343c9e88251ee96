#!/usr/bin/python3
"""report.py TRACE [PATTERN]: every query of sql/ on one trace, through
Python's sqlite3 module, as a readable report (:limit 10: 10 rows per list).

    /usr/bin/python3 examples/report.py examples/tiny.llvm_timings.json.gz

Needs a Python whose sqlite3 can load extensions (Debian's /usr/bin/python3
can).  PATTERN (for sql/functions-matching.sql) defaults to the functions
of the trace's own crate; queries that need two traces are skipped, and
so are the exports (sql/export-*.sql: they write a trace, not a table) and
the files of other inputs (self-profiles, a whole build: no :trace).
Python's sqlite3 wants a value for every parameter a statement names, so
:limit is always given (None would mean the files' default, 50), and
:options (build-*, clang-* and folded.sql) as None: no options, every file read.
"""
import glob
import os
import re
import sqlite3
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXT = os.environ.get("TT_EXT", os.path.join(ROOT, "build", "timetrace"))


def statements(text):
    """The statements of a sql/ file: each ends at a line ending in ';'."""
    stmt = []
    for line in text.split("\n"):
        if line.lstrip().startswith("--"):
            continue
        stmt.append(line)
        if line.rstrip().endswith(";"):
            yield "\n".join(stmt).strip()
            stmt = []


def cell(v):
    """NULL, integers as integers, other numbers with up to 9 decimals."""
    if v is None:
        return "NULL"
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return ("%.9f" % v).rstrip("0").rstrip(".")
    return str(v)


def show(cur, rows):
    names = [d[0] for d in cur.description]
    cells = [[cell(v) for v in r] for r in rows]
    widths = [max([len(n)] + [len(c[i]) for c in cells]) for i, n in enumerate(names)]
    print("  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip())
    print("  ".join("-" * w for w in widths))
    for c in cells:
        print("  ".join(v.ljust(w) for v, w in zip(c, widths)).rstrip())


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: report.py TRACE [PATTERN]")
    trace = sys.argv[1]
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(EXT)
    if len(sys.argv) > 2:
        pattern = sys.argv[2]
    else:
        unit = db.execute("SELECT unit FROM trace_events(?) LIMIT 1", (trace,)).fetchone()[0]
        pattern = "^(core::ptr::drop_in_place::<)?<*%s::" % unit
    print("timetrace report: %s" % trace)
    for path in sorted(glob.glob(os.path.join(ROOT, "sql", "*.sql"))):
        text = open(path, encoding="utf-8").read()
        if ":trace" not in text or ":before" in text or os.path.basename(path).startswith("export-"):
            continue
        print("\n== " + re.sub(r"^--\s*", "", text.split("\n", 1)[0]))
        for stmt in statements(text):
            cur = db.execute(stmt, {"trace": trace, "pattern": pattern, "options": None, "limit": 10})
            show(cur, cur.fetchall())


if __name__ == "__main__":
    main()
