#!/usr/bin/python3
"""tree_oracle.py: depth, parent, self_dur and stack against an independent
implementation of the rules in the README ("The call tree").

The oracle works from the raw JSON (Python's json module).  The rule: the
parent of a slice is, of all the slices that enclose it, the one that ends
first (then the one that starts last, then the later in the file).  Two
implementations of it, neither the extension's (which walks backwards
through end order with a stack of candidates):
  - brute force, straight from the definition, on every slice of the
    hand-made and random traces and on a sample of each real thread;
  - on every slice of every trace: go through the slices in end order and
    let each one adopt the slices not yet adopted that start no earlier
    than it does (they are the tail of a list kept in start order).
Self time is the duration minus the merged length of the direct children's
intervals.

Checked on every row of the real traces, and on hand-made traces in start
order, end order and shuffled order, with B/E pairs, ties, partial overlaps
and unmatched B/E.  Also: sum(self_dur) over each thread equals the length
of the union of that thread's slices, on every thread where no two slices
overlap partly (overlapping siblings each count the overlap).  And how
many times each kind of statement reads the file.  Prints "N passed, M failed".
"""
import json
import os
import random
import subprocess
import sys
import tempfile

DATA = os.environ.get("TT_DATA", "build/testdata")
from checks import EXT, check, connect, report  # noqa: E402


def events_of(path):
    doc = json.load(open(path, encoding="utf-8"))
    return doc["traceEvents"] if isinstance(doc, dict) else doc


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def union_length(intervals):
    """Length of the union of (start, end) intervals."""
    total, cur_s, cur_e = 0, None, None
    for a, b in sorted(intervals):
        if cur_e is None or a > cur_e:
            if cur_e is not None:
                total += cur_e - cur_s
            cur_s, cur_e = a, b
        else:
            cur_e = max(cur_e, b)
    if cur_e is not None:
        total += cur_e - cur_s
    return total


BRUTE_ALL = 2000       # threads up to this size: every slice by brute force
BRUTE_SAMPLE = 150     # larger threads: this many random slices
brute_bad = []


def encloses(c, s):
    """Does slice c enclose slice s (both [thread, ts, end, rowid, name])?"""
    if c is s or not (c[1] <= s[1] and s[2] <= c[2]):
        return False
    return not (c[1] == s[1] and c[2] == s[2] and c[3] > s[3])


def end_order(s):
    """End first, then later start first, then later in the file first."""
    return (s[2], -s[1], -s[3])


def check_brute(lst, s, got):
    """The definition itself: the encloser that comes first in end order."""
    enc = [c for c in lst if encloses(c, s)]
    want = min(enc, key=end_order)[3] if enc else None
    if want != got:
        brute_bad.append((s[3], got, want))


def adopt_parents(lst):
    """rowid -> parent rowid, by adoption in end order."""
    parent = {}
    waiting = []          # slices without a parent yet, in start order
    for c in sorted(lst, key=end_order):
        k = len(waiting)
        while k > 0 and waiting[k - 1][1] >= c[1]:
            k -= 1
        for s in waiting[k:]:
            parent[s[3]] = c[3]
        del waiting[k:]
        waiting.append(c)
    for s in waiting:
        parent[s[3]] = None
    return parent


def name_text(n):
    """A name as the name column shows it: a number's JSON text, an object
    or array as compact JSON, true/false as 1/0, null (or no name) as ''."""
    if n is None:
        return ""
    if isinstance(n, bool):
        return "1" if n else "0"
    if isinstance(n, str):
        return n
    return json.dumps(n, separators=(",", ":"))


def oracle(events):
    """rowid -> (depth, parent, self, stack); plus B durations and unmatched rows."""
    slices = []            # (thread, ts, end, rowid, name)
    bdur, unmatched = {}, {}
    open_b = {}
    for i, e in enumerate(events, 1):
        ph, thread = e.get("ph"), (json.dumps(e.get("pid")), json.dumps(e.get("tid")))
        ts = e.get("ts")
        if ph == "X":
            d = e.get("dur")
            if not is_num(ts) or not is_num(d) or d < 0:
                continue
            if ts == 0 and isinstance(e.get("name"), str) and e["name"].startswith("Total ") and len(e["name"]) > 6:
                continue
            slices.append([thread, ts, ts + d, i, e.get("name")])
        elif ph == "B" and is_num(ts):
            rec = [thread, ts, None, i, e.get("name")]
            slices.append(rec)
            open_b.setdefault(thread, []).append(rec)
        elif ph == "B":
            unmatched[i] = True
        elif ph == "E":
            stack = open_b.get(thread, [])
            if not is_num(ts) or not stack:
                unmatched[i] = True
                continue
            rec = stack.pop()
            if ts < rec[1]:
                unmatched[i] = unmatched[rec[3]] = True
                rec[2] = None
                continue
            rec[2] = ts
            bdur[rec[3]] = ts - rec[1]
    for stack in open_b.values():
        for rec in stack:
            unmatched[rec[3]] = True
    slices = [s for s in slices if s[2] is not None]
    by_thread = {}
    for s in slices:
        by_thread.setdefault(s[0], []).append(s)
    result = {}
    union_by_thread = {}
    for thread, lst in by_thread.items():
        parent = adopt_parents(lst)
        for s in lst:
            rows_add(s)
        if len(lst) <= BRUTE_ALL:
            sample = lst
        else:
            sample = random.Random(len(lst)).sample(lst, BRUTE_SAMPLE)
        for s in sample:
            check_brute(lst, s, parent[s[3]])
        # depth, children, self
        children = {}
        for s in lst:
            if parent[s[3]] is not None:
                children.setdefault(parent[s[3]], []).append(s)
        depth = {}
        for s in sorted(lst, key=end_order, reverse=True):     # parents first
            p = parent[s[3]]
            depth[s[3]] = 0 if p is None else depth[p] + 1
        for s in lst:
            total = union_length((c[1], c[2]) for c in children.get(s[3], []))
            self_t = max(0, (s[2] - s[1]) - total)
            names, p = [], s[3]
            while p is not None:
                names.append(name_text(rows[p][4]))
                p = parent[p]
            result[s[3]] = (depth[s[3]], parent[s[3]], self_t, ";".join(reversed(names)))
        total = union_length((s[1], s[2]) for s in lst)
        # the invariant below holds only when no two slices overlap partly
        # (siblings that overlap through rounding count their overlap twice);
        # two slices overlap partly exactly when two siblings (or two
        # top-level slices) overlap
        partial = False
        groups = dict(children)
        groups[None] = [s for s in lst if parent[s[3]] is None]
        for kids in groups.values():
            reach = None
            for c in sorted(kids, key=lambda c: c[1]):
                if reach is not None and c[1] < reach:
                    partial = True
                reach = c[2] if reach is None else max(reach, c[2])
        union_by_thread[thread] = None if partial else total
    return result, bdur, unmatched, union_by_thread


rows = {}


def rows_add(s):
    rows[s[3]] = s


def slice_matches(g, w):
    """Do (depth, parent, self_dur, stack) g and the oracle's w agree?  Self
    time to 1e-6: the extension adds and subtracts in another order."""
    return g[0] == w[0] and g[1] == w[1] and g[3] == w[3] and \
        (g[2] == w[2] or (g[2] is not None and w[2] is not None and abs(g[2] - w[2]) < 1e-6))


def compare(db, path, label, opts=None):
    rows.clear()
    del brute_bad[:]
    events = events_of(path)
    want, bdur, unmatched, unions = oracle(events)
    for b in brute_bad[:5]:
        print("  %s row %d: adoption gives parent %r, the definition %r" % ((label,) + b))
    check(not brute_bad, "%s: the two oracles agree on the parents" % label)
    got = db.execute("SELECT rowid, depth, parent, self_dur, stack, dur, extra, pid, tid "
                     "FROM trace_events(?, ?)", (path, opts)).fetchall()
    check(len(got) == len(events), "%s: row count" % label)
    # without stack the tree keeps no names: the other columns must not change;
    # reading no event field at all, the rows come from the tree (no second scan)
    bare = db.execute("SELECT rowid, depth, parent, self_dur FROM trace_events(?, ?)", (path, opts)).fetchall()
    check(bare == [r[:4] for r in got], "%s: depth, parent, self_dur the same without stack" % label)
    alone = db.execute("SELECT rowid, depth, parent, self_dur, stack FROM trace_events(?, ?)", (path, opts)).fetchall()
    check(alone == [r[:5] for r in got], "%s: the same rows from the tree alone" % label)
    # dur and extra of B and E rows do not depend on reading the tree's columns
    plain = db.execute("SELECT rowid, dur, extra FROM trace_events(?, ?)", (path, opts)).fetchall()
    check(plain == [(r[0], r[5], r[6]) for r in got], "%s: dur and extra the same without the tree's columns" % label)
    n = db.execute("SELECT count(*), count(depth) FROM trace_events(?, ?)", (path, opts)).fetchone()
    check(n == (len(events), len(want)), "%s: count(*) and count(depth) from the tree alone" % label)
    bad = 0
    for r in got:
        rowid = r[0]
        w = want.get(rowid, (None, None, None, None))
        g = (r[1], r[2], r[3], r[4])
        ok = slice_matches(g, w)
        ev = events[rowid - 1]
        if rowid in bdur and "dur" not in ev:
            ok = ok and r[5] == bdur[rowid]
        if rowid in unmatched:
            ok = ok and r[6] is not None and json.loads(r[6]).get("unmatched") is True
        elif r[6] is not None:
            ok = ok and "unmatched" not in json.loads(r[6])
        if not ok:
            bad += 1
            if bad <= 5:
                print("  %s row %d: got %r want %r" % (label, rowid, g, w))
    check(bad == 0, "%s: %d rows differ from the oracle" % (label, bad))
    # sum(self_dur) per thread = union of the thread's slices
    sums = db.execute("SELECT json_quote(pid), json_quote(tid), sum(self_dur) FROM trace_events(?, ?) "
                      "WHERE depth IS NOT NULL GROUP BY 1, 2", (path, opts)).fetchall()
    ok = True
    for pid, tid, total in sums:
        key = (json.dumps(json.loads(pid)), json.dumps(json.loads(tid)))
        if unions.get(key, -1) is None:
            continue
        if abs(total - unions.get(key, -1)) > 1e-6:
            ok = False
            print("  %s thread %s: sum(self_dur) %r, union %r" % (label, key, total, unions.get(key)))
    check(ok and len(sums) == len(unions), "%s: sum(self_dur) per thread = union of its slices" % label)


def hand_made():
    """(name, events) of small traces that exercise every rule."""
    X = lambda ts, dur, name, tid=1, **kw: dict(ph="X", pid=1, tid=tid, ts=ts, dur=dur, name=name, **kw)
    nested = [X(0, 100, "root"), X(10, 30, "a"), X(12, 5, "a1"), X(20, 10, "a2"), X(50, 40, "b"),
              X(55, 0, "b0"), X(60, 20, "b1"), X(62, 3, "b11"), X(0, 50, "other", tid=2), X(5, 5, "o1", tid=2)]
    cases = [("start order", nested),
             ("end order", sorted(nested, key=lambda e: (e["tid"], e["ts"] + e["dur"], -e["ts"]))),
             ("reversed", list(reversed(nested)))]
    rnd = random.Random(20261125)
    for k in range(3):
        sh = list(nested)
        rnd.shuffle(sh)
        cases.append(("shuffled %d" % k, sh))
    cases.append(("ties", [X(0, 10, "short"), X(0, 20, "long"), X(0, 20, "long2"), X(5, 0, "z1"), X(5, 0, "z2"),
                           X(20, 0, "edge"), X(10, 10, "tail")]))
    cases.append(("partial overlaps", [X(0, 10, "A"), X(5, 10, "B"), X(6, 2, "C"), X(9, 5, "D"), X(12, 1, "E"),
                                       X(20, 5, "F"), X(22, 10, "G")]))
    cases.append(("rounding: overlapping siblings", [X(0, 10, "P"), X(1, 5, "s1"), X(5, 4, "s2"), X(8, 2, "s3")]))
    be = [dict(ph="B", pid=1, tid=1, ts=0, name="outer"), dict(ph="B", pid=1, tid=1, ts=2, name="inner"),
          X(3, 1, "x"), dict(ph="E", pid=1, tid=1, ts=5), dict(ph="E", pid=1, tid=1, ts=9, tts=3),
          dict(ph="E", pid=1, tid=1, ts=10), dict(ph="B", pid=1, tid=1, ts=11, name="never closed"),
          dict(ph="B", pid=1, tid=2, ts=4, name="backwards"), dict(ph="E", pid=1, tid=2, ts=3),
          dict(ph="i", pid=1, tid=1, ts=3, name="instant"), dict(ph="M", pid=1, tid=1, name="thread_name"),
          dict(ph="C", pid=1, tid=1, ts=4, name="counter", args={"v": 1}),
          dict(ph="B", pid=1, tid=3, name="no time"), dict(ph="B", pid=1, tid=3, ts="7", name="text time"),
          dict(ph="E", pid=1, tid=3, ts=8), dict(ph="B", pid=1, tid=3, ts=9), dict(ph="E", pid=1, tid=3)]
    cases.append(("B/E pairs, unmatched B and E", be))
    # E first: the rows before the file's first B or E keep their own dur
    cases.append(("X rows, then B/E", [X(0, 50, "first"), X(1, 2, "second")] + be))
    cases.append(("names of every type", [X(0, 10, 7), X(1, 8, True), X(2, 5, "s"), X(3, 1, {"a": [1, 2]}),
                                          X(0, 10, None, tid=2), X(1, 1, 1.5, tid=2), X(2, 1, False, tid=2),
                                          X(3, 1, [], tid=2), dict(ph="X", pid=1, tid=2, ts=3, dur=1)]))
    cases.append(("Total events and odd values",
                  [X(0, 5, "Total OptFunction", tid=9), X(0, 5, "Total", tid=9), X(1, 2, "real"),
                   dict(ph="X", pid=1, tid=1, ts=1, name="no dur"), X(2, -1, "negative"), X(1.5, 0.25, "frac"),
                   dict(ph="X", pid="p", tid="t", ts=1, dur=1, name="string ids"), X(3, 1, None)]))
    # ids of 600 characters: two threads that differ in the last one only
    long_a, long_b = "p" * 600, "t" * 599
    cases.append(("long thread ids",
                  [dict(ph="X", pid=long_a, tid=long_b + "1", ts=0, dur=10, name="a"),
                   dict(ph="X", pid=long_a, tid=long_b + "2", ts=0, dur=20, name="other thread"),
                   dict(ph="X", pid=long_a, tid=long_b + "1", ts=2, dur=3, name="in a"),
                   dict(ph="X", pid=long_a, tid=long_b + "2", ts=1, dur=1, name="in other")]))
    # random traces: many partial overlaps, equal starts, ends and intervals
    for k in range(4):
        r = random.Random(1000 + k)
        evs = [X(r.randrange(0, 60), r.choice([0, 0, 1, 2, 3, 5, 8, 13, 21, 40]), "r%d" % (i % 7),
                 tid=r.randrange(1, 3)) for i in range(400)]
        cases.append(("random overlaps %d" % k, evs))
    return cases


def nest(r, ts, dur, depth, out):
    """Slices of [ts, ts+dur] and below, in end order (as LLVM writes them)."""
    t, end = ts, ts + dur
    while depth < 7 and end - t >= 2 and r.random() < 0.9:
        gap = r.choice([0, 0, 0, 1, 2])
        d = r.randint(0, (end - t) * 3 // 4)
        if t + gap + d > end:
            break
        if r.random() < 0.08:
            out.append((t + gap, d))            # an identical twin, written first
        nest(r, t + gap, d, depth + 1, out)
        t += gap + d
    out.append((ts, dur))


def generated():
    """A trace of ~90,000 slices on 7 threads: large enough for the tree's
    memory tricks (prefaulted windows, trimmed when the file moves to another
    thread) and for walking threads in parallel.  Threads in end order, one
    in start order; the file hops between threads in runs of 1 to 6,000."""
    r = random.Random(20261125)
    per = []
    for tid in range(1, 8):
        out, t = [], 0
        while len(out) < 13000:
            d = r.randint(50, 4000)
            nest(r, t, d, 0, out)
            t += d + r.randint(0, 3)
        evs = [dict(ph="X", pid=7, tid=tid, ts=a, dur=b, name="n%d" % (b % 13)) for a, b in out]
        if tid == 3:
            evs.sort(key=lambda e: (e["ts"], -e["dur"]))
        per.append(evs)
    events, pos = [], [0] * len(per)
    while any(pos[i] < len(per[i]) for i in range(len(per))):
        i = r.randrange(len(per))
        n = r.choice([1, 2, 50, 3000, 6000])
        events.extend(per[i][pos[i]:pos[i] + n])
        pos[i] += n
    return events


def several_files(db, tmp):
    """A folder of three traces: rowid and parent carry the file's index
    (<< 32), with the rows from the tree alone and from a second scan."""
    folder = os.path.join(tmp, "several")
    os.mkdir(folder)
    cases = dict(hand_made())
    traces = [cases["end order"], cases["B/E pairs, unmatched B and E"], cases["random overlaps 0"]]
    want = {}
    for k, evs in enumerate(traces):
        path = os.path.join(folder, "t%d.json" % k)
        with open(path, "w") as f:
            json.dump({"traceEvents": evs}, f)
        rows.clear()
        w = oracle(events_of(path))[0]
        for i in range(1, len(evs) + 1):
            d, parent, self_dur, stack = w.get(i, (None, None, None, None))
            want[(k << 32) + i] = (d, None if parent is None else (k << 32) + parent, self_dur, stack)
    for sql in ("SELECT rowid, depth, parent, self_dur, stack FROM trace_events(?)",
                "SELECT rowid, depth, parent, self_dur, stack, ph FROM trace_events(?)"):
        got = db.execute(sql, (folder,)).fetchall()
        bad = [r for r in got if r[0] not in want or not slice_matches(r[1:5], want[r[0]])]
        for r in bad[:5]:
            print("  several files: got %r want %r" % (r, want.get(r[0])))
        check(not bad and len(got) == len(want),
              "three files in a folder (%s): %d rows as the oracle says" % ("tree alone" if "ph" not in sql else "second scan", len(want)))


def standard_input(tmp):
    """Standard input can be read once: enough for the tree's columns alone,
    not for them with other columns (an error that says what to do)."""
    cases = dict(hand_made())
    evs = cases["B/E pairs, unmatched B and E"] + [dict(e, tid=5) for e in cases["end order"]]
    path = os.path.join(tmp, "stdin.json")
    with open(path, "w") as f:
        json.dump({"traceEvents": evs}, f)
    rows.clear()
    want = oracle(events_of(path))[0]
    env = dict(os.environ)
    if env.get("TT_ASAN") != "1":
        env.pop("ASAN_OPTIONS", None)

    def run(sql):
        with open(path, "rb") as f:
            return subprocess.run(["sqlite3", "-batch", "-nullvalue", "NULL", ":memory:", ".load " + EXT, sql],
                                  stdin=f, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out = run("SELECT rowid, depth, parent, self_dur, stack FROM trace_events('-') WHERE depth IS NOT NULL")
    got = {}
    for line in out.stdout.decode().splitlines():
        rowid, depth, parent, self_dur, stack = line.split("|", 4)
        got[int(rowid)] = (int(depth), None if parent == "NULL" else int(parent), float(self_dur), stack)
    check(got.keys() == want.keys() and all(slice_matches(got[k], want[k]) for k in want) and out.returncode == 0,
          "standard input, the tree's columns alone: %d slices as the oracle says (%r)" % (len(want), out.stderr))
    out = run("SELECT name, depth FROM trace_events('-')")
    check(out.returncode != 0 and out.stdout == b"" and b"save it to a file" in out.stderr,
          "standard input with other columns too: an error, no rows (%r)" % out.stderr)
    # dur of a B row needs its E: the rows before the first B or E, then an error
    out = run("SELECT rowid, dur FROM trace_events('-')")
    check(out.returncode != 0 and out.stdout == b"" and b"save it to a file" in out.stderr,
          "standard input, dur with B and E events: an error before the first B (%r)" % out.stderr)
    xs = list(cases["end order"])
    with open(path, "w") as f:
        json.dump(xs + cases["B/E pairs, unmatched B and E"], f)
    out = run("SELECT rowid, dur FROM trace_events('-')")
    want_rows = "".join("%d|%s\n" % (i, e["dur"]) for i, e in enumerate(xs, 1)).encode()
    check(out.returncode != 0 and out.stdout == want_rows and b"save it to a file" in out.stderr,
          "standard input, dur: the %d X rows before the first B, then the error (%r)" % (len(xs), out.stderr))
    with open(path, "w") as f:
        json.dump(xs, f)
    out = run("SELECT a.rowid, b.rowid FROM trace_events('-') a, trace_events('-') b")
    check(out.returncode != 0 and b"standard input was already read" in out.stderr,
          "standard input read twice in one statement: says so (%r)" % out.stderr)
    out = run("SELECT sum(dur), count(extra) FROM trace_events('-')")
    check(out.returncode == 0 and out.stdout == ("%d|0\n" % sum(e["dur"] for e in xs)).encode(),
          "standard input, dur and extra without B or E events: read once (%r)" % out.stdout)


def bytes_read():
    """Bytes this process has read through system calls (rchar of
    /proc/self/io): the extension reads the trace in this process."""
    with open("/proc/self/io") as f:
        for line in f:
            if line.startswith("rchar:"):
                return int(line.split()[1])
    raise RuntimeError("no rchar in /proc/self/io")


def reads_of_file(db, tmp):
    """How many times a statement reads the file (bytes read over the
    file's size), as the README says: once for a plain scan and for the
    tree's columns alone, twice for the tree and a field of the events;
    for dur or extra of a file with B/E events, twice even without a tree
    column (its first B or E builds the tree), once for other fields."""
    be = os.path.join(tmp, "be.json")
    # big enough (~95 KB) that the few bytes read to open a file do not count
    evs = dict(hand_made())["B/E pairs, unmatched B and E"]
    with open(be, "w") as f:
        json.dump({"traceEvents": [dict(e, tid=e["tid"] + 10 * k) for k in range(100) for e in evs]}, f)
    llvm = os.path.join(DATA, "tiny-v0.json")
    cases = [(llvm, "count(*), sum(dur)", 1), (llvm, "count(*)", 1), (llvm, "min(name), max(ts)", 1),
             (llvm, "sum(self_dur), max(depth)", 1), (llvm, "count(stack), max(parent), count(rowid)", 1),
             (llvm, "sum(self_dur), max(depth), sum(dur)", 2), (llvm, "count(depth), min(name)", 2),
             (be, "sum(dur)", 2), (be, "count(extra)", 2), (be, "count(name), max(ts)", 1),
             (be, "sum(self_dur)", 1), (be, "sum(self_dur), count(name)", 2)]
    for path, cols, want in cases:
        for opts in ("threads=1", "threads=2"):
            before = bytes_read()
            db.execute("SELECT %s FROM trace_events(?, ?)" % cols, (path, opts)).fetchall()
            got = (bytes_read() - before) / os.path.getsize(path)
            check(abs(got - want) < 0.1, "%s of %s, %s: the file read %d time(s) (read %.3f times its size)"
                  % (cols, os.path.basename(path), opts, want, got))


def main():
    db = connect()
    for name in ("tiny-v0.json", "tiny-legacy.json", "tiny-v0.jsonl", "clang-json_catalog.json",
                 "clang-fmt_report.json", "clang-meta_tasks.json", "clang-wordfreq.json"):
        path = os.path.join(DATA, name)
        if name.endswith(".jsonl"):
            with open(path) as f:
                evs = [json.loads(l) for l in f if l.strip()]
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as t:
                json.dump(evs, t)
            # the JSON Lines form must give the tree of its array form
            compare_pair = (path, t.name)
            a = db.execute("SELECT depth, parent, self_dur, stack FROM trace_events(?)", (compare_pair[0],)).fetchall()
            b = db.execute("SELECT depth, parent, self_dur, stack FROM trace_events(?)", (compare_pair[1],)).fetchall()
            check(a == b, "JSON Lines and array forms give the same tree")
            os.unlink(t.name)
            continue
        compare(db, path, name)
    with tempfile.TemporaryDirectory() as tmp:
        for label, evs in hand_made():
            path = os.path.join(tmp, "t.json")
            with open(path, "w") as f:
                json.dump({"traceEvents": evs}, f)
            compare(db, path, label)
            # both passes cut into pieces of ~3 events, read by 3 threads
            compare(db, path, label + ", threads=3,piece=200", "threads=3,piece=200")
        several_files(db, tmp)
        standard_input(tmp)
        reads_of_file(db, tmp)
        path = os.path.join(tmp, "big.json")
        with open(path, "w") as f:
            json.dump({"traceEvents": generated()}, f, separators=(",", ":"))
        for opts in ("threads=1", "threads=2"):
            compare(db, path, "generated, %s" % opts, opts)
    return report()


if __name__ == "__main__":
    sys.exit(main())
