#!/usr/bin/python3
"""skip_nontrace_test.py: what skip=nontrace leaves out is listed as rows of
trace_metadata (README "Files, formats, units"): one row key 'skipped' per
file left out, its value the reader's reason as a JSON string, its file the
path, before the files' own rows, with rowids -1, -2, ... that no file's
rows use.  The files that must be left out are decided by Python's json
(a trace is an object with a "traceEvents" array, or an array or object
that is itself an event, with "ph"): on the CMake builds of tests/data
(compile_commands.json) and on a folder made here with several files that
are not traces, one that is not JSON (an error, not skipped), and nested
folders.  trace_events reads the same files either way.
Prints "N passed, M failed".
"""
import gzip
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, connect, report  # noqa: E402


def files_under(folder):
    out = []
    for root, _, names in os.walk(folder):
        out += [os.path.join(root, n) for n in names if n.endswith(".json") or n.endswith(".json.gz")]
    return sorted(out)


def is_trace(path):
    """Python's json: is the file a trace, by its first event?"""
    with (gzip.open if path.endswith(".gz") else open)(path, "rt", encoding="utf-8") as f:
        doc = json.load(f)
    if isinstance(doc, dict) and isinstance(doc.get("traceEvents"), list):
        return True
    first = doc[0] if isinstance(doc, list) and doc else doc
    return isinstance(first, dict) and "ph" in first


def check_folder(db, label, folder):
    opts = "recursive=1,skip=nontrace"
    want = [p for p in files_under(folder) if not is_trace(p)]
    rows = db.execute("SELECT rowid, key, value ->> '$', file FROM trace_metadata(?, ?) WHERE key = 'skipped'",
                      (folder, opts)).fetchall()
    check([r[3] for r in rows] == want and len(want) > 0,
          "%s: a row key 'skipped' for each file Python's json says is not a trace (%d)" % (label, len(want)),
          repr(rows))
    check([r[0] for r in rows] == [-(i + 1) for i in range(len(rows))], "%s: their rowids are -1, -2, ..." % label)
    check(all("not a trace" in (r[2] or "") and r[2].startswith("byte ") for r in rows),
          "%s: each value is the reader's reason" % label, repr([r[2] for r in rows]))
    allrows = db.execute("SELECT key, file FROM trace_metadata(?, ?)", (folder, opts)).fetchall()
    first = [k for k, _ in allrows[:len(want)]]
    check(first == ["skipped"] * len(want), "%s: the 'skipped' rows come first" % label)
    files = {f for k, f in allrows if k != "skipped"}
    check(not files & set(want), "%s: no other row of a file left out" % label)
    a = db.execute("SELECT count(*), count(DISTINCT file) FROM trace_events(?, ?)", (folder, opts)).fetchone()
    check(a[1] == len(files_under(folder)) - len(want), "%s: trace_events reads the others" % label, repr(a))


def main():
    db = connect()
    for v in ("14", "19"):
        check_folder(db, "cmake-clang" + v, os.path.join("tests", "data", "cmake-clang" + v))
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "a", "b"))
        with open(os.path.join(d, "t.json"), "w") as f:
            json.dump({"traceEvents": [{"ph": "X", "name": "n", "ts": 1, "dur": 2, "pid": 1, "tid": 1}]}, f)
        with open(os.path.join(d, "a", "compile_commands.json"), "w") as f:
            json.dump([{"directory": "/x", "command": "cc -c a.c", "file": "a.c"}], f)
        with open(os.path.join(d, "a", "b", "index.json"), "w") as f:
            json.dump({"kind": "reply", "version": 1}, f)
        with gzip.open(os.path.join(d, "a", "b", "more.json.gz"), "wt") as f:
            json.dump([{"ph": "i", "name": "x", "ts": 0, "pid": 1, "tid": 1}], f)
        check_folder(db, "hand-made folder", d)
        # a file that is not JSON stays an error, whether others are skipped or not
        with open(os.path.join(d, "a", "bad.json"), "w") as f:
            f.write("{\"traceEvents\":[{\"ph\":")
        try:
            db.execute("SELECT count(*) FROM trace_metadata(?, 'recursive=1,skip=nontrace')", (d,)).fetchall()
            check(False, "a cut file among skipped ones is still an error")
        except Exception as e:  # noqa: BLE001
            check("bad.json" in str(e), "a cut file among skipped ones is still an error naming it", str(e))
        os.remove(os.path.join(d, "a", "bad.json"))
        # without skip=nontrace: no such row, the first file that is not a trace is the error
        try:
            db.execute("SELECT count(*) FROM trace_metadata(?, 'recursive=1')", (d,)).fetchall()
            check(False, "without skip=nontrace: an error")
        except Exception as e:  # noqa: BLE001
            check("not a trace" in str(e), "without skip=nontrace: the error says not a trace", str(e))
    return report()


if __name__ == "__main__":
    sys.exit(main())
