#!/usr/bin/python3
"""thread_memory.py: the call tree's memory with very many threads.

A trace may give every task its own thread id: a million threads of one
slice each.  The tree's bound is 24 bytes per slice plus 128 bytes per
thread beyond the plain scan (issue 17; it took 1.7 KB per thread, then
289 bytes).  Measured as the growth of the peak RSS of the sqlite3 shell (os.wait4)
running the tree-alone statement between two sizes of a generated trace
(the scan's buffers are of constant size and drop out), on two shapes:
  - 200,000 threads of one X slice each;
  - 70,000 threads of three nested X slices each (written in end order,
    as LLVM writes them).
The answers are checked against Python's reading of the same events
(every slice top-level with self = dur in the first; depths 0-2 and self
times of 1 in the second), so a tree that saves memory by losing threads
fails.  The bound is not checked in the ASan pass (ASan's allocator adds
its own per-allocation overhead), the answers are.
Prints "N passed, M failed".
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import EXT, check, report  # noqa: E402

ASAN = os.environ.get("TT_ASAN") == "1"


def peak_rss(sql):
    """(exit status, peak RSS in bytes) of a sqlite3 shell running sql,
    measured by os.wait4 on that one process."""
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.execvp("sqlite3", ["sqlite3", ":memory:", ".load " + EXT, sql + ";"])
    _, status, ru = os.wait4(pid, 0)
    return status, ru.ru_maxrss * 1024


def tree_peak(path):
    """Peak RSS of the tree-alone statement (median of three: one
    statement's peak varies by a few pages)."""
    tree = "SELECT sum(self_dur), max(depth) FROM trace_events('%s')" % path
    runs = [peak_rss(tree) for _ in range(3)]
    check(all(st == 0 for st, _ in runs), "the tree statement runs on %s" % path)
    return sorted(m for _, m in runs)[1]


def write_flat(path, n):
    with open(path, "w") as f:
        f.write('{"traceEvents":[\n')
        f.write(",\n".join('{"ph":"X","pid":1,"tid":%d,"ts":%d,"dur":5,"name":"n"}' % (i, i)
                           for i in range(n)))
        f.write("]}\n")


def write_nested(path, n):
    """Per thread: a child [ts+2, ts+3), its parent [ts+1, ts+4), the root
    [ts, ts+5): written when they end, innermost first."""
    rows = []
    for i in range(n):
        t = 10 * i
        rows.append('{"ph":"X","pid":2,"tid":%d,"ts":%d,"dur":1,"name":"c"}' % (i, t + 2))
        rows.append('{"ph":"X","pid":2,"tid":%d,"ts":%d,"dur":3,"name":"b"}' % (i, t + 1))
        rows.append('{"ph":"X","pid":2,"tid":%d,"ts":%d,"dur":5,"name":"a"}' % (i, t))
    with open(path, "w") as f:
        f.write('{"traceEvents":[\n' + ",\n".join(rows) + "]}\n")


def query(path, sql):
    return subprocess.run(["sqlite3", ":memory:", ".load " + EXT, sql % path],
                          capture_output=True, text=True)


def answer(label, path, expect):
    r = query(path, "SELECT count(*), sum(self_dur), max(depth), sum(depth), "
                    "count(DISTINCT tid) FROM trace_events('%s')")
    check(r.returncode == 0 and r.stdout.strip() == expect,
          "%s: the tree's answer" % label, "got %r %r, want %r" % (r.stdout, r.stderr, expect))


def per_thread(label, d, write, sizes, n_per_thread, expect):
    """The memory one more thread costs: the growth of the tree statement's
    peak between two sizes of the same shape of trace, over the threads
    added.  What does not grow with the file (code, the scan's buffers,
    which are of constant size) drops out of the difference."""
    peak = []
    for n in sizes:
        path = os.path.join(d, "%s-%d.json" % (write.__name__, n))
        write(path, n)
        answer("%s, %d threads" % (label, n), path, expect(n))
        if not ASAN:
            peak.append(tree_peak(path))
        os.unlink(path)
    if ASAN:
        return
    cost = (peak[1] - peak[0]) / (sizes[1] - sizes[0])
    bound = 24 * n_per_thread + 128
    print("%s: peaks of %.1f MB and %.1f MB at %d and %d threads: %.0f bytes per thread of %d "
          "slice(s) (bound %d)" % (label, peak[0] / 1e6, peak[1] / 1e6, sizes[0], sizes[1], cost,
                                   n_per_thread, bound))
    check(cost <= bound, "%s: within 24 B per slice + 128 B per thread" % label,
          "%.0f bytes per thread, bound %d" % (cost, bound))


def main():
    with tempfile.TemporaryDirectory() as d:
        per_thread("one slice per thread", d, write_flat, (100000, 300000), 1,
                   lambda n: "%d|%d|0|0|%d" % (n, 5 * n, n))
        # self times: c 1, b 3-1, a 5-3: 5 per thread; depths 2+1+0
        per_thread("three nested slices per thread", d, write_nested, (200000, 500000), 3,
                   lambda n: "%d|%d|2|%d|%d" % (3 * n, 5 * n, 3 * n, n))
    return report()


if __name__ == "__main__":
    sys.exit(main())
