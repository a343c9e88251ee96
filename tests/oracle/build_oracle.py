#!/usr/bin/python3
"""build_oracle.py: whole builds (globs, directories, gzip, units) against
Python's gzip and json modules and the corpus's own index.

tests/data/build-v0/ is a real cargo build's trace folder (97 of the 133
per-crate traces of the corpus web server build, gzip, in cargo's layout:
deps/, build/<pkg>-<hash>/, build/<pkg>-<hash>/out/probeN).  index.tsv, made
with the corpus (gen/analyze.py), gives each file's event counts.
Prints "N passed, M failed".
"""
import glob
import gzip
import json
import os
import shutil
import sqlite3
import sys
import tempfile

DATA = os.environ.get("TT_DATA", "build/testdata")
BUILD = "tests/data/build-v0"
from checks import check, connect, report  # noqa: E402


def expected_unit(path):
    """The unit rules of the README, written again from the file name."""
    parts = path.split("/")
    base = parts[-1]
    for suf in (".gz", ".json", ".llvm_timings"):
        if base.endswith(suf):
            base = base[: -len(suf)]
    if len(base) > 17 and base[-17] == "-" and all(c in "0123456789abcdef" for c in base[-16:]):
        base = base[:-17]
    d = parts[:-1]
    out = False
    if d and d[-1] == "out":
        out, d = True, d[:-1]
    if len(d) >= 2 and d[-2] == "build" and len(d[-1]) > 17 and d[-1][-17] == "-" and \
            all(c in "0123456789abcdef" for c in d[-1][-16:]) and (out or parts[-1].startswith("build_script_")):
        return d[-1][:-17] + "/" + base
    return base


def main():
    db = connect()
    index = {}
    with open(os.path.join(BUILD, "index.tsv")) as f:
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            index[cols[0]] = (int(cols[3]), int(cols[4]), int(cols[5]))

    # every file, alone: event counts as the corpus index says, and as Python reads it
    files = sorted(glob.glob(BUILD + "/deps/*.json.gz") + glob.glob(BUILD + "/build/*/*.json.gz") +
                   glob.glob(BUILD + "/build/*/out/*.json.gz"))
    check(len(files) == len(index), "%d files, index lists %d" % (len(files), len(index)))
    bad = 0
    for f in files:
        rel = os.path.relpath(f, BUILD)
        n, nx, nm = db.execute("SELECT count(*), sum(ph = 'X'), sum(ph = 'M') FROM trace_events(?)", (f,)).fetchone()
        with gzip.open(f, "rt", encoding="utf-8") as g:
            events = json.load(g)["traceEvents"]
        unit = db.execute("SELECT DISTINCT unit FROM trace_events(?)", (f,)).fetchall()
        if (n, nx, nm) != index[rel] or n != len(events) or unit != [(expected_unit(rel),)]:
            bad += 1
            print("  %s: %r vs index %r, json %d, unit %r" % (rel, (n, nx, nm), index[rel], len(events), unit))
    check(bad == 0, "each file: counts and unit")

    # a glob over deps/: files in sorted order, rowid = file index << 32 | position
    pattern = BUILD + "/deps/*.llvm_timings.json.gz"
    deps = sorted(glob.glob(pattern))
    rows = db.execute("SELECT rowid, file, unit FROM trace_events(?)", (pattern,)).fetchall()
    want = []
    for i, f in enumerate(deps):
        n = index[os.path.relpath(f, BUILD)][0]
        want += [((i << 32) + k, f, expected_unit(os.path.relpath(f, BUILD))) for k in range(1, n + 1)]
    check(rows == want, "glob: every row's rowid, file and unit in order")
    # a directory gives the same files
    rows_dir = db.execute("SELECT rowid, unit FROM trace_events(?)", (BUILD + "/deps",)).fetchall()
    check(rows_dir == [(r[0], r[2]) for r in rows], "directory = glob of its *.json.gz")
    # build scripts and probes are told apart
    units = [r[0] for r in db.execute("SELECT DISTINCT unit FROM trace_events(?) ORDER BY 1",
                                      (BUILD + "/build/*/*.json.gz",))]
    check("chrono-tz/build_script_build" in units and all("/build_script_" in u for u in units),
          "build script units: %r" % units[:5])
    units = [r[0] for r in db.execute("SELECT DISTINCT unit FROM trace_events(?) ORDER BY 1",
                                      (BUILD + "/build/*/out/*.json.gz",))]
    check("lock_api/probe0" in units and "num-traits/probe6" in units, "probe units: %r" % units[:5])

    # unit = ? pushdown: only the matching file is opened (a broken file elsewhere is never read)
    with tempfile.TemporaryDirectory() as tmp:
        picks = ["deps/bitflags-8238eaaa763c5553.llvm_timings.json.gz", "deps/fnv-0c5faa3a30b60faf.llvm_timings.json.gz",
                 "deps/slab-3dbec77f22bac809.llvm_timings.json.gz"]
        for p in picks:
            shutil.copy(os.path.join(BUILD, p), tmp)
        with gzip.open(os.path.join(BUILD, picks[1]), "rb") as g:
            data = g.read()
        # a broken file between bitflags and fnv in sorted order
        with open(os.path.join(tmp, "cut-0123456789abcdef.llvm_timings.json"), "wb") as f:
            f.write(data[: len(data) // 2])
        n = db.execute("SELECT count(*) FROM trace_events(?) WHERE unit = 'slab'", (tmp,)).fetchone()[0]
        check(n == index[picks[2]][0], "unit = 'slab' reads only slab's file")
        plan = db.execute("EXPLAIN QUERY PLAN SELECT count(*) FROM trace_events(?) WHERE unit = 'slab'", (tmp,)).fetchall()
        check("unit=" in plan[0][-1], "EXPLAIN shows the unit pushdown: %r" % (plan,))
        got = []
        try:
            for r in db.execute("SELECT unit FROM trace_events(?)", (tmp,)):
                got.append(r[0])
            check(False, "a broken file in the middle gives an error")
        except sqlite3.OperationalError as e:
            msg = str(e)
            check("cut-0123456789abcdef.llvm_timings.json: byte" in msg and "truncated" in msg, "error names the file: " + msg)
            n0 = index[picks[0]][0]
            # all of bitflags, then the complete events at the start of the cut file
            check(got[:n0] == ["bitflags"] * n0 and len(got) > n0 and set(got[n0:]) == {"cut"},
                  "rows of the files before the broken one come first")
        # gzip and plain files mixed, and the same data either way
        shutil.copy(os.path.join(DATA, "clang-wordfreq.json"), tmp)
        with open(os.path.join(DATA, "clang-wordfreq.json"), "rb") as f, \
                gzip.open(os.path.join(tmp, "wordfreq2.json.gz"), "wb") as g:
            g.write(f.read())
        a = db.execute("SELECT name, ts, dur, detail FROM trace_events(?)", (os.path.join(tmp, "clang-wordfreq.json"),)).fetchall()
        b = db.execute("SELECT name, ts, dur, detail FROM trace_events(?)", (os.path.join(tmp, "wordfreq2.json.gz"),)).fetchall()
        check(a == b and len(a) == 134, "gzip and plain copies give the same rows")
    # a pattern that matches nothing names the pattern
    try:
        db.execute("SELECT count(*) FROM trace_events(?)", (BUILD + "/nothing/*.json",)).fetchone()
        check(False, "empty glob gives an error")
    except sqlite3.OperationalError as e:
        check(str(e) == "trace_events: %s/nothing/*.json: no file matches this pattern" % BUILD, str(e))
    # call tree per file in a multi-file scan: parent rowids point into the same file
    bad = db.execute("SELECT count(*) FROM trace_events(?) c WHERE parent IS NOT NULL AND parent >> 32 != rowid >> 32",
                     (pattern,)).fetchone()[0]
    check(bad == 0, "parents stay in their file")
    return report()


if __name__ == "__main__":
    sys.exit(main())
