#!/usr/bin/python3
"""tree_real.py: the call tree of large real traces, every slice, against
the oracle of tests/oracle/tree_rules.py (parents, depths, self times,
stacks and the symbol column; Python's json reads the raw
file), and the evidence LLVM leaves (it writes a slice when it ends: every
thread is in end order, no parent is written before its child).  Too big
for make test; make bench runs it on the web_http_server traces and the
133-file build before timing anything.

    tree_real.py [--old EXT] TRACE_OR_FOLDER...

A folder means every *.json / *.json.gz below it.  With --old, also
counts the slices whose parent, depth or self time another build of the
extension (EXT, without .so) gives differently, through the sqlite3 shell
in a process of its own.  Prints one line per file and exits non-zero
when any slice differs from the oracle.
"""
import os
import sqlite3
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "oracle"))
import tree_rules  # noqa: E402
from tree_rules import events_of  # noqa: E402

EXT = os.path.join(ROOT, "build", "timetrace")


def files_of(arg):
    if not os.path.isdir(arg):
        return [arg]
    out = []
    for d, _, names in os.walk(arg):
        out.extend(os.path.join(d, n) for n in names if n.endswith((".json", ".json.gz")))
    return sorted(out)


def old_rows(ext, path):
    """rowid -> (depth, parent, self_dur) from another build, in a process
    of its own (two builds of one extension cannot share a process)."""
    p = subprocess.run(["sqlite3", "-batch", "-nullvalue", "NULL", ":memory:", ".load " + ext,
                        "SELECT rowid, depth, parent, self_dur FROM trace_events('%s') WHERE depth IS NOT NULL"
                        % path.replace("'", "''")], stdout=subprocess.PIPE, check=True)
    out = {}
    for line in p.stdout.decode().splitlines():
        r, d, par, s = line.split("|")
        out[int(r)] = (int(d), None if par == "NULL" else int(par), float(s))
    return out


def check_file(db, path, old_ext, totals):
    events = events_of(path)
    want, kinds, _, _, disagree = tree_rules.tree(events, brute=False)
    syms = tree_rules.symbols(events, want)
    del events
    bad = early = n = 0
    for rowid, depth, parent, self_dur, stack, symbol in db.execute(
            "SELECT rowid, depth, parent, self_dur, stack, symbol FROM trace_events(?) WHERE depth IS NOT NULL",
            (path,)):
        n += 1
        w = want.get(rowid)
        if w is None or (depth, parent, stack, symbol) != (w[0], w[1], w[3], syms[rowid]) or \
                abs(self_dur - w[2]) > 1e-6:
            bad += 1
            if bad <= 3:
                print("  row %d: got %r want %r" % (rowid, (depth, parent, self_dur, stack), w))
        if parent is not None and parent < rowid:
            early += 1
    bad += abs(n - len(want)) + len(disagree)
    totals[0] += 1
    totals[1] += n
    totals[2] += bad + early
    line = "%s: %d slices, %d differ from the oracle; threads by order %s; parents written before the child: %d" % (
        path, n, bad, dict(sorted((k, list(kinds.values()).count(k)) for k in set(kinds.values()))), early)
    if old_ext:
        old = old_rows(old_ext, path)
        moved = sum(1 for r, w in want.items() if old.get(r, (None, None))[1] != w[1])
        other_self = sum(1 for r, w in want.items() if r in old and abs(old[r][2] - w[2]) > 1e-6)
        line += "; the other build: %d other parents, %d other self times" % (moved, other_self)
    print(line, flush=True)
    return bad == 0 and early == 0 and set(kinds.values()) <= {"end"}


def main(argv):
    old_ext = None
    if len(argv) > 2 and argv[1] == "--old":
        old_ext, argv = argv[2], argv[:1] + argv[3:]
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(EXT)
    ok = True
    totals = [0, 0, 0]
    for arg in argv[1:]:
        for path in files_of(arg):
            ok = check_file(db, path, old_ext, totals) and ok
    print("all: %d files, %d slices, %d differ from the oracle or have a parent written before them"
          % tuple(totals))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
