#!/usr/bin/python3
"""tree_files_test.py: the call tree's columns over several files at once
(a build's folder or pattern), read beside the events' fields: each file
is read once, its rows kept as its tree is built, by worker threads ahead
of the scan (threads=1: on SQLite's thread, when the scan reaches it).
Checked:

  - every slice's depth, parent, self_dur and stack, over a folder of
    gzip, plain, JSON Lines and B/E files, equal to Python's reading of
    each file (json, and the tree's rules written apart in tree_rules.py),
    for a scan that reads fields with the tree, one that reads the tree
    alone, and scans whose filters leave files out (unit = ?, file = ?,
    since=);
  - a file cut short in the middle of the list: the error is the one the
    file gives alone, and the rows before it come out;
  - a file replaced while the scan reads the one before it: the rows and
    tree of the new file, as Python reads it;
  - GROUP BY unit with the tree (the files read in the key's order): the
    same rows as SQLite's sorter;
  - with threads=1, 2 and 3 alike; a pushed-down filter (name = ?, ph = ?)
    gives the rows of the whole scan that pass it; each file is read once
    (the bytes this process reads, against the files' sizes); a statement
    stopped after a few rows (LIMIT) leaves nothing behind that changes
    the next one.
Prints "N passed, M failed".
"""
import glob
import gzip
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import DATA, bytes_read, check, connect, report  # noqa: E402
import tree_rules  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLS = "rowid, file, depth, parent, self_dur, stack, name, dur"


def be_trace(seed):
    """A trace of nested B/E pairs and X events on two threads."""
    ev, ts = [], 0
    for i in range(40):
        tid = 1 + (i + seed) % 2
        ev.append({"ph": "B", "name": "outer%d" % (i % 3), "pid": 1, "tid": tid, "ts": ts})
        ev.append({"ph": "X", "name": "inner", "pid": 1, "tid": tid, "ts": ts + 1, "dur": 3 + seed})
        ev.append({"ph": "E", "pid": 1, "tid": tid, "ts": ts + 10})
        ts += 12
    return {"traceEvents": ev}


def make_folder(d):
    """Eight files of four kinds, in a folder the scan lists in name order
    (units: four of a cargo build, be twice, tiny and tiny.jsonl)."""
    root = os.path.join(d, "build")
    os.makedirs(root)
    gz = sorted(glob.glob(os.path.join(ROOT, "tests", "data", "build-v0", "deps", "*.llvm_timings.json.gz")))[:4]
    for src in gz:
        shutil.copy(src, os.path.join(root, os.path.basename(src)))
    with open(os.path.join(root, "be.json"), "w") as f:
        json.dump(be_trace(1), f)
    with gzip.open(os.path.join(root, "be.json.gz"), "wt") as f:
        json.dump(be_trace(2), f)
    shutil.copy(os.path.join(DATA, "tiny-v0.jsonl"), os.path.join(root, "tiny.jsonl"))
    shutil.copy(os.path.join(DATA, "tiny-v0.json"), os.path.join(root, "tiny.json"))
    return root


def python_rows(path, ifile):
    """rowid -> (depth, parent, self_dur, stack) of every slice of path,
    with rowids as the scan numbers them (file ifile)."""
    res = tree_rules.tree(tree_rules.events_of(path), brute=False)[0]
    base = ifile << 32
    return {base + r: (v[0], None if v[1] is None else base + v[1], v[2], v[3]) for r, v in res.items()}


def compare(db, label, sql, params, paths):
    """The scan's slices against Python's, file by file; the files read
    are the ones the rows name."""
    got, files = {}, {}
    n = 0
    for r in db.execute(sql, params):
        n += 1
        files[r[0] >> 32] = r[1]
        if r[2] is not None:
            got[r[0]] = (r[2], r[3], r[4], r[5])
    want = {}
    for ifile, path in files.items():
        want.update(python_rows(path, ifile))
    bad = [k for k in want if k not in got or got[k][:2] != want[k][:2] or got[k][3] != want[k][3]
           or abs(got[k][2] - want[k][2]) > 1e-6]
    check(not bad and len(got) == len(want) and set(files.values()) == set(paths) and n > 0,
          "%s: %d rows, %d slices of %d files as Python reads them" % (label, n, len(want), len(files)),
          "%d differ, first %r: %r vs %r; files %r" % (len(bad), bad[:1], got.get(bad[0]) if bad else None,
                                                      want.get(bad[0]) if bad else None, sorted(files.values())))


def main():
    db = connect()
    with tempfile.TemporaryDirectory() as d:
        root = make_folder(d)
        pattern = os.path.join(root, "*")
        paths = [r[0] for r in db.execute("SELECT DISTINCT file FROM trace_events(?) ORDER BY rowid", (pattern,))]
        check(sorted(paths) == sorted(os.path.join(root, f) for f in os.listdir(root)), "the folder's eight files",
              repr(paths))
        P = {"t": pattern, "o": None}
        compare(db, "fields and the tree", "SELECT %s FROM trace_events(:t, :o)" % COLS, P, paths)
        compare(db, "fields and the tree, threads=1", "SELECT %s FROM trace_events(:t, :o)" % COLS,
                {"t": pattern, "o": "threads=1"}, paths)
        compare(db, "fields and the tree, threads=3", "SELECT %s FROM trace_events(:t, :o)" % COLS,
                {"t": pattern, "o": "threads=3"}, paths)
        compare(db, "the tree alone", "SELECT rowid, file, depth, parent, self_dur, stack FROM trace_events(:t, :o)",
                P, paths)
        whole = db.execute("SELECT %s, ph FROM trace_events(:t)" % COLS, {"t": pattern}).fetchall()
        for opts in ("threads=1", "threads=2"):
            for col, val in (("name", "inner"), ("name", "OptFunction"), ("ph", "B")):
                got = db.execute("SELECT %s, ph FROM trace_events(:t, :o) WHERE %s = :v" % (COLS, col),
                                 {"t": pattern, "o": opts, "v": val}).fetchall()
                want = [r for r in whole if r[6 if col == "name" else 8] == val]
                check(got == want and len(want) > 0, "%s = %r, %s: the whole scan's rows that pass it (%d)"
                      % (col, val, opts, len(want)), "%d vs %d rows" % (len(got), len(want)))
        # each file read once: the bytes read against the files' sizes
        size = sum(os.path.getsize(p) for p in paths)
        for opts in ("threads=1", "threads=2"):
            before = bytes_read()
            db.execute("SELECT count(*), total(self_dur), max(name) FROM trace_events(:t, :o)",
                       {"t": pattern, "o": opts}).fetchall()
            ratio = (bytes_read() - before) / size
            check(0.99 < ratio < 1.1, "the tree and fields, %s: each file read once (%.3f times their size)"
                  % (opts, ratio))
        # a statement stopped early, then the whole scan again
        few = db.execute("SELECT %s FROM trace_events(:t) LIMIT 3" % COLS, {"t": pattern}).fetchall()
        again = db.execute("SELECT %s FROM trace_events(:t)" % COLS, {"t": pattern}).fetchall()
        check(len(few) == 3 and [r[:8] for r in whole] == again and few == again[:3],
              "LIMIT 3, then the whole scan: the same rows as before")
        compare(db, "unit = 'be': two files of eight",
                "SELECT %s FROM trace_events(:t, :o) WHERE unit = 'be'" % COLS, P,
                [p for p in paths if os.path.basename(p).startswith("be.")])
        compare(db, "file = the last", "SELECT %s FROM trace_events(:t, :o) WHERE file = :f" % COLS,
                {"t": pattern, "o": None, "f": paths[-1]}, paths[-1:])
        # since=: the files written before it are left out
        old = 1600000000
        for p in paths[1::2]:
            os.utime(p, (old, old))
        compare(db, "since=: four files of eight", "SELECT %s FROM trace_events(:t, 'since=2021-01-01')" % COLS,
                {"t": pattern}, paths[0::2])
        for p in paths[1::2]:
            os.utime(p)
        # a file cut short in the middle: its own error, the rows before it
        ibad = paths.index(os.path.join(root, "tiny.json"))
        bad = paths[ibad]
        with open(bad) as f:
            text = f.read()
        with open(bad, "w") as f:
            f.write(text[:len(text) // 2])
        sql = "SELECT %s FROM trace_events(:t)" % COLS
        alone = None
        try:
            db.execute(sql, {"t": bad}).fetchall()
        except Exception as e:  # noqa: BLE001
            alone = str(e)
        rows, err = 0, None
        try:
            for _ in db.execute(sql, {"t": pattern}):
                rows += 1
        except Exception as e:  # noqa: BLE001
            err = str(e)
        before = sum(len(tree_rules.events_of(p)) for p in paths[:ibad])    # Python's json
        # Python's cursor steps to the next row before it hands one out:
        # the error comes with the last row before it.  The error names the
        # file and the byte where its text ends.
        where = "%s: byte %d: " % (bad, os.path.getsize(bad))
        check(alone is not None and err == alone and where in err and before - 1 <= rows <= before,
              "a cut file in the middle: the error it gives alone, after the rows before it",
              "%r vs %r; %d rows, %d before" % (err, alone, rows, before))
        with open(bad, "w") as f:
            f.write(text)
        # a file replaced while the one before it is read
        cur = db.execute(sql, {"t": pattern})
        first = cur.fetchone()
        nxt = paths[1]
        tmp = nxt + ".new"
        shutil.copy(paths[2], tmp)
        os.replace(tmp, nxt)
        rest = [first] + cur.fetchall()
        got = {r[0]: (r[2], r[3], r[4], r[5]) for r in rest if r[0] >> 32 == 1 and r[2] is not None}
        want = python_rows(nxt, 1)
        check(got == want and len(want) > 0, "a file replaced while the one before it is read: its new rows and tree",
              "%d vs %d slices" % (len(got), len(want)))
        # GROUP BY unit reads the files in the key's order
        for sql in ("SELECT unit, count(*), total(self_dur), group_concat(extra), group_concat(rowid), total(dur), "
                    "max(stack) FROM trace_events(:t) GROUP BY unit",
                    "SELECT unit, count(*), total(self_dur), max(depth), group_concat(rowid) FROM trace_events(:t) "
                    "GROUP BY unit ORDER BY unit DESC"):
            plan = " ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, {"t": pattern}))
            a = db.execute(sql, {"t": pattern}).fetchall()
            b = db.execute(sql.replace("BY unit", "BY +unit"), {"t": pattern}).fetchall()
            check("files in key order" in plan and a == b and len(a) == 7,
                  "GROUP BY unit with the tree: files in key order, the rows of SQLite's sorter", plan)
    return report()


if __name__ == "__main__":
    sys.exit(main())
