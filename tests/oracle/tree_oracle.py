#!/usr/bin/python3
"""tree_oracle.py: depth, parent, self_dur and stack against an independent
implementation of the rules in the README ("The call tree"), tree_rules.py,
which works from the raw JSON (Python's json module) and shares nothing
with ext/call_tree.c and ext/tree_walk.c.

Checked on every row of the real traces (rustc v0 and legacy, the 97 files
of a real cargo build, clang) and on hand-made traces in end order with
LLVM's tie shapes (identical intervals, 0 us slices at a boundary, a child
ending 1 us after its parent), in start order, with B/E pairs, shuffled,
partial overlaps and unmatched B/E.  Also the evidence the producer
leaves, which no definition restates: LLVM and clang write a slice when
it ends, so every thread of a real trace must be read in end order and no
slice's parent may be written before it; the rows of the issue's table
(tiny-v0, tid 19260) have the parents the file proves; Chromium writes a
slice when it starts, so in its real trace every parent comes before its
child and contains it, and no top-level slice lies inside another.  sum(self_dur)
over a thread equals the length of the union of its slices wherever no
two slices overlap partly.  sql/summarize.sql and sql/folded.sql equal the
same tables computed in Python from the oracle's tree.  And how many times
each kind of statement reads the file.  The tree's own API on the same
files (build/unit/test_call_tree --dump, the unit tests' program, from the
build $TT_EXT is in): call_tree_stack_text's texts are the oracle's
stacks, and call_tree_nested says 1 exactly when an ancestor, by the
oracle's parents, has the slice's name (measureme's nested instance of an
item); the nested_same_name column as well, and summed by name.
Prints "N passed, M failed".
"""
import json
import math
import os
import random
import subprocess
import sys
import tempfile

DATA = os.environ.get("TT_DATA", "build/testdata")
BUILD = "tests/data/build-v0"
from checks import EXT, bytes_read, check, connect, report  # noqa: E402
import tree_rules  # noqa: E402
from tree_rules import events_of  # noqa: E402


def oracle(events):
    """rowid -> (depth, parent, self, stack); the B durations, the unmatched
    rows, per thread the union of its slices (None where two overlap
    partly), per thread its order, and where two readings of a rule differ."""
    want, kinds, bdur, unmatched, disagree = tree_rules.tree(events)
    threads = tree_rules.slices_of(events)[0]
    unions = {}
    for thread, lst in threads.items():
        unions[thread] = None if overlaps_partly(lst, want) else \
            tree_rules.union_length((s[0], s[1]) for s in lst)
    return want, bdur, unmatched, unions, kinds, disagree


def overlaps_partly(lst, want):
    """Do two slices of the thread overlap without one containing the other?
    (Then a thread's self times add up to more than its union.)  That is
    when a slice sticks out of its parent, or two siblings overlap."""
    by_rowid = {s[2]: s for s in lst}
    kids = {}
    for s in lst:
        p = want[s[2]][1]
        if p is not None and not (by_rowid[p][0] <= s[0] and s[1] <= by_rowid[p][1]):
            return True
        kids.setdefault(p, []).append(s)
    for group in kids.values():
        reach = None
        for c in sorted(group):
            if reach is not None and c[0] < reach:
                return True
            reach = c[1] if reach is None else max(reach, c[1])
    return False


UNIT = os.path.join(os.path.dirname(EXT), "unit", "test_call_tree")


def nested_of(events, want):
    """rowid -> 1 when an ancestor (the oracle's parents) has its name."""
    out = {}
    for rowid, w in want.items():
        name = tree_rules.name_text(events[rowid - 1].get("name"))
        p, nested = w[1], 0
        while p is not None:
            if tree_rules.name_text(events[p - 1].get("name")) == name:
                nested = 1
                break
            p = want[p][1]
        out[rowid] = nested
    return out


def check_api(path, events, want, label, db=None, opts=None):
    """Stack texts and nested flags from the tree's API (--dump) against
    the oracle; the nested_same_name column too (with db), when the
    table has it."""
    nested = nested_of(events, want)
    out = subprocess.run([UNIT, "--dump", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    got = {}
    for line in out.stdout.decode().splitlines():
        rowid, flag, text = (line.split(" ") + [""])[:3]
        got[int(rowid)] = (int(flag), bytes.fromhex(text))
    bad = [(r, got.get(r), (nested[r], w[3])) for r, w in want.items()
           if got.get(r) != (nested[r], w[3].encode("utf-8", "surrogatepass"))]
    check(out.returncode == 0 and not bad and len(got) == len(want),
          "%s: call_tree_stack_text and call_tree_nested as the oracle says (%d nested of %d)"
          % (label, sum(nested.values()), len(want)), (out.stderr[-200:], bad[:3]))
    if db is None:
        return
    rows = db.execute("SELECT rowid, nested_same_name FROM trace_events(?, ?) WHERE depth IS NOT NULL",
                      (path, opts)).fetchall()
    check(dict(rows) == nested, "%s: the nested_same_name column as the oracle says" % label)
    # and through a GROUP BY the table hands out grouped (trace_group.c)
    by_name = {}
    for r, w in want.items():
        k = tree_rules.name_text(events[r - 1].get("name"))
        by_name[k] = by_name.get(k, 0) + nested[r]
    got = db.execute("SELECT CAST(name AS TEXT), sum(nested_same_name) FROM trace_events(?, ?) "
                     "WHERE depth IS NOT NULL GROUP BY name", (path, opts)).fetchall()
    merged = {}     # true and "1" are two groups in SQL, one text here
    for k, v in got:
        merged[k if k is not None else ""] = merged.get(k if k is not None else "", 0) + v
    check(merged == by_name,
          "%s: nested_same_name summed by name, grouped by the table" % label)


def slice_matches(g, w):
    """Do (depth, parent, self_dur, stack) g and the oracle's w agree?  Self
    time to 1e-6: the extension adds and subtracts in another order."""
    return g[0] == w[0] and g[1] == w[1] and g[3] == w[3] and \
        (g[2] == w[2] or (g[2] is not None and w[2] is not None and abs(g[2] - w[2]) < 1e-6))


def compare(db, path, label, opts=None, real=False):
    events = events_of(path)
    want, bdur, unmatched, unions, kinds, disagree = oracle(events)
    check(not disagree, "%s: two readings of each rule agree on the parents" % label, disagree[:5])
    check_api(path, events, want, label, db, opts)
    if real:
        # LLVM and clang write a slice when it ends: every thread is read
        # in end order, so no parent is written before its child
        check(set(kinds.values()) == {"end"}, "%s: every thread in end order" % label, kinds)
    got = db.execute("SELECT rowid, depth, parent, self_dur, stack, dur, extra, pid, tid, symbol "
                     "FROM trace_events(?, ?)", (path, opts)).fetchall()
    check(len(got) == len(events), "%s: row count" % label)
    # symbol: the function each slice worked on, its own or an ancestor's
    syms = tree_rules.symbols(events, want)
    bad_sym = [(r[0], r[9], syms.get(r[0])) for r in got if r[9] != syms.get(r[0])]
    check(not bad_sym, "%s: symbol as the oracle says (%d slices with one)"
          % (label, sum(1 for v in syms.values() if v is not None)), bad_sym[:3])
    alone = db.execute("SELECT rowid, symbol FROM trace_events(?, ?)", (path, opts)).fetchall()
    check(alone == [(r[0], r[9]) for r in got], "%s: symbol the same from the tree alone" % label)
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
    if real:
        early = [r[0] for r in got if r[2] is not None and r[2] < r[0]]
        check(not early, "%s: no slice's parent is written before it" % label, early[:5])
    # sum(self_dur) per thread = union of the thread's slices
    sums = db.execute("SELECT json_quote(pid), json_quote(tid), sum(self_dur) FROM trace_events(?, ?) "
                      "WHERE depth IS NOT NULL GROUP BY 1, 2", (path, opts)).fetchall()
    ok = True
    for pid, tid, total in sums:
        key = (tree_rules.sql_value_key(json.loads(pid)), tree_rules.sql_value_key(json.loads(tid)))
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
    # end order with LLVM's shapes: ts and dur truncated apart to whole us
    cases.append(("end order: the issue's table (tiny-v0, tid 19260)",
                  [X(255930, 2, "LoopSimplifyPass"), X(255932, 0, "LCSSAPass"), X(255929, 3, "PassManager<Function>"),
                   X(255929, 3, "FunctionToLoopPassAdaptor"), X(255899, 53, "PassManager<Function>")]))
    cases.append(("end order: identical intervals", [X(0, 10, "inner"), X(0, 10, "middle"), X(0, 10, "outer"),
                                                     X(10, 5, "next"), X(10, 5, "next outer"), X(0, 15, "root")]))
    cases.append(("end order: 0 us slices at the boundaries",
                  [X(10, 0, "at start"), X(12, 3, "a"), X(15, 0, "at a's end"), X(20, 0, "at end"), X(10, 10, "P"),
                   X(20, 0, "after P"), X(25, 0, "alone"), X(0, 30, "root"), X(30, 0, "at root's end")]))
    cases.append(("end order: a child ends 1 us after its parent",
                  [X(5, 6, "child"), X(4, 6, "parent"), X(10, 2, "sibling"), X(11, 0, "z"), X(0, 13, "root"),
                   X(14, 1, "later"), X(13, 3, "later's parent")]))
    D = lambda ts, dur, name, detail: X(ts, dur, name, args={"detail": detail})
    cases.append(("symbol: the function of each slice, its own or an ancestor's",
                  [D(1, 2, "RunPass", "X86 DAG->DAG Instruction Selection"), D(0, 5, "OptFunction", "_RNvCs1_4tiny4main"),
                   D(6, 1, "InstCombinePass", "_ZN4tiny3foo17h0123456789abcdefE"),
                   D(8, 1, "InlinerPass", "(_RNvCs1_4tiny3bar)"),
                   D(10, 1, "LICMPass", "loop %bb3 in function _RNvCs1_4tiny3baz"),
                   D(12, 1, "InlinerPass", "(_RNvCs1_4tiny1a, _RNvCs1_4tiny1b)"),
                   D(14, 1, "mac", "__ZN3foo3barEv"), D(16, 1, "short", "_R"), D(17, 1, "space", "_Rab c"),
                   D(18, 1, "number", 12), D(19, 1, "open paren", "(_RNvCs1_4tiny3bar"),
                   D(20, 2, "child", "_RNvCs1_4tiny5inner"), X(23, 1, "InstCombinePass"),
                   D(20, 5, "PassManager<Function>", "_RNvCs1_4tiny5outer"), D(0, 30, "OptModule", "[module]"),
                   X(31, 1, "no args"), dict(ph="X", pid=1, tid=1, ts=33, dur=1, name="args not an object", args=[1])]))
    # start order whose ends pass for end order (each child ends less than
    # 1 us before its parent): the nesting decides; Chrome's own shapes
    # (tests/data/chrome-threads.json), integers, and times finer than a us
    cases.append(("start order: children end under 1 us before their parent",
                  [X(364, 55, "ScopedBlockingCall"), X(410, 8, "ScopedBlockingCall"), X(421, 8, "outer"),
                   X(423, 5, "inner"), X(430, 4, "p"), X(430, 3, "c"), X(435, 2, "q"), X(436, 1, "d")]))
    cases.append(("start order: times finer than a microsecond",
                  [X(0.1, 0.3, "p"), X(0.1, 0.1, "a"), X(0.2, 0.2, "b"), X(0.5, 0.25, "q"), X(0.5, 0.125, "r"),
                   X(0.625, 0.0625, "s")]))
    cases.append(("end order: an outer-first pair among inner-first ones",
                  [X(5, 2, "a"), X(5, 1, "b"), X(4, 4, "parent"), X(9, 1, "c"), X(3, 8, "root")]))
    cases.append(("start order: the same shapes written at their start",
                  [X(0, 15, "root"), X(0, 10, "outer"), X(0, 10, "inner"), X(10, 0, "z"), X(10, 5, "next"),
                   X(10, 5, "next inner"), X(15, 0, "at the end")]))
    be = [dict(ph="B", pid=1, tid=1, ts=0, name="outer"), dict(ph="B", pid=1, tid=1, ts=2, name="inner"),
          X(3, 1, "x"), dict(ph="E", pid=1, tid=1, ts=5), dict(ph="E", pid=1, tid=1, ts=9, tts=3),
          dict(ph="E", pid=1, tid=1, ts=10), dict(ph="B", pid=1, tid=1, ts=11, name="never closed"),
          dict(ph="B", pid=1, tid=2, ts=4, name="backwards"), dict(ph="E", pid=1, tid=2, ts=3),
          dict(ph="i", pid=1, tid=1, ts=3, name="instant"), dict(ph="M", pid=1, tid=1, name="thread_name"),
          dict(ph="C", pid=1, tid=1, ts=4, name="counter", args={"v": 1}),
          dict(ph="B", pid=1, tid=3, name="no time"), dict(ph="B", pid=1, tid=3, ts="7", name="text time"),
          dict(ph="E", pid=1, tid=3, ts=8), dict(ph="B", pid=1, tid=3, ts=9), dict(ph="E", pid=1, tid=3)]
    cases.append(("B/E pairs, unmatched B and E", be))
    B = lambda ts, name: dict(ph="B", pid=1, tid=1, ts=ts, name=name)
    E = lambda ts: dict(ph="E", pid=1, tid=1, ts=ts)
    cases.append(("B/E pairs at identical times", [B(0, "a"), B(0, "b"), B(0, "c"), E(5), E(5), E(5), B(5, "d"),
                                                     E(5), X(5, 0, "x"), B(6, "e"), X(6, 1, "y"), E(7)]))
    # async b/e: matched per (pid, cat, id), the slice on the b's thread;
    # written as clang 19 writes its Source pairs (both when the header
    # ends, inner first) and in start order; an e on another thread; two
    # ids interleaved; unmatched b and e; an e before its b; a b without ts
    ab = lambda ts, name, id=0, tid=1, cat="Source": dict(ph="b", pid=1, tid=tid, ts=ts, name=name, cat=cat, id=id)
    ae = lambda ts, id=0, tid=1, cat="Source": dict(ph="e", pid=1, tid=tid, ts=ts, name="Source", cat=cat, id=id)
    cases.append(("async b/e as clang 19 writes them",
                  [X(0, 2, "parse"), ab(3, "inner.h"), ae(5), X(6, 1, "decl"), ab(1, "outer.h"), ae(9),
                   ab(10, "other.h"), ae(12), X(0, 20, "Frontend")]))
    cases.append(("async b/e in start order, ids, threads and strays",
                  [ab(0, "a"), ab(1, "x", id=7), ab(2, "a1"), X(3, 1, "leaf"), ae(4), ae(5, id=7, tid=2),
                   ae(6), ae(8), ab(9, "late", cat="other"), ae(8, cat="other"), ab(10, "open"),
                   dict(ph="b", pid=1, tid=1, name="no time", cat="Source", id=0), ae(11, id=3),
                   dict(ph="n", pid=1, tid=1, ts=10, name="instant", cat="Source", id=0)]))
    # id2 and scope are part of the key: two pairs with the same id, told
    # apart by them, interleaved
    cases.append(("async b/e told apart by id2 and scope",
                  [dict(ab(0, "local 1"), id2={"local": "0x1"}), dict(ab(1, "local 2"), id2={"local": "0x2"}),
                   dict(ab(2, "scoped"), scope="s"), dict(ae(3), id2={"local": "0x1"}),
                   dict(ae(4), scope="s"), dict(ae(5), id2={"local": "0x2"}), ae(6)]))
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
    and for them with other columns (the rows kept as the tree is built);
    not for dur of B and E events without the tree's columns (an error
    that says what to do)."""
    cases = dict(hand_made())
    evs = cases["B/E pairs, unmatched B and E"] + [dict(e, tid=5) for e in cases["end order"]]
    path = os.path.join(tmp, "stdin.json")
    with open(path, "w") as f:
        json.dump({"traceEvents": evs}, f)
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
    out = run("SELECT rowid, depth, parent, self_dur, stack, ph FROM trace_events('-') WHERE depth IS NOT NULL")
    got = {}
    for line in out.stdout.decode().splitlines():
        rowid, depth, parent, self_dur, stack, ph = line.rsplit("|", 1)[0].split("|", 4) + [line.rsplit("|", 1)[1]]
        got[int(rowid)] = ((int(depth), None if parent == "NULL" else int(parent), float(self_dur), stack), ph)
    check(got.keys() == want.keys() and out.returncode == 0
          and all(slice_matches(got[k][0], want[k]) and got[k][1] == evs[k - 1]["ph"] for k in want),
          "standard input with other columns too: read once, %d slices as the oracle says (%r)"
          % (len(want), out.stderr))
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


def reads_of_file(db, tmp):
    """How many times a statement reads the file (bytes read over the
    file's size), as the README says: once for a plain scan, for the
    tree's columns alone, and for the tree and fields of the events (a
    file up to 64 MB: its rows are kept as its tree is built); for dur or
    extra of a file with B/E events, twice even without a tree column (its
    first B or E builds the tree), once for other fields."""
    be = os.path.join(tmp, "be.json")
    # big enough (~95 KB) that the few bytes read to open a file do not count
    evs = dict(hand_made())["B/E pairs, unmatched B and E"]
    with open(be, "w") as f:
        json.dump({"traceEvents": [dict(e, tid=e["tid"] + 10 * k) for k in range(100) for e in evs]}, f)
    llvm = os.path.join(DATA, "tiny-v0.json")
    cases = [(llvm, "count(*), sum(dur)", 1), (llvm, "count(*)", 1), (llvm, "min(name), max(ts)", 1),
             (llvm, "sum(self_dur), max(depth)", 1), (llvm, "count(stack), max(parent), count(rowid)", 1),
             (llvm, "sum(self_dur), max(depth), sum(dur)", 1), (llvm, "count(depth), min(name)", 1),
             (be, "sum(dur)", 2), (be, "count(extra)", 2), (be, "count(name), max(ts)", 1),
             (be, "sum(self_dur)", 1), (be, "sum(self_dur), count(name)", 1)]
    for path, cols, want in cases:
        for opts in ("threads=1", "threads=2"):
            before = bytes_read()
            db.execute("SELECT %s FROM trace_events(?, ?)" % cols, (path, opts)).fetchall()
            got = (bytes_read() - before) / os.path.getsize(path)
            check(abs(got - want) < 0.1, "%s of %s, %s: the file read %d time(s) (read %.3f times its size)"
                  % (cols, os.path.basename(path), opts, want, got))


def issue_table(db):
    """The rows of the issue that replaced the containment rule: what the
    file's order proves (a child is written before its parent; an LCSSAPass
    that ended after LoopSimplifyPass did cannot have run inside it)."""
    path = os.path.join(DATA, "tiny-v0.json")
    got = dict(db.execute("SELECT rowid, parent FROM trace_events(?) WHERE rowid BETWEEN 3642 AND 3645", (path,)))
    check(got == {3642: 3644, 3643: 3644, 3644: 3645, 3645: 3663},
          "tiny-v0 rows 3642-3645 (tid 19260): parents 3644, 3644, 3645, 3663", got)


def cargo_build(db):
    """Every slice of every file of a real cargo build (tests/data/build-v0,
    97 files: deps/, build scripts, autocfg probes)."""
    files = []
    for d, _, names in os.walk(BUILD):
        files.extend(os.path.join(d, n) for n in names if n.endswith(".json.gz"))
    bad, total, early, kinds = [], 0, 0, set()
    for f in sorted(files):
        events = events_of(f)
        want, _, _, _, kind_of, disagree = oracle(events)
        check_api(f, events, want, "cargo build " + os.path.relpath(f, BUILD))
        syms = tree_rules.symbols(events, want)
        want = {r: w + (syms[r],) for r, w in want.items()}
        kinds.update(kind_of.values())
        bad.extend((f, "rules disagree", r) for r in disagree)
        got = {r[0]: r[1:] for r in db.execute("SELECT rowid, depth, parent, self_dur, stack, symbol "
                                                 "FROM trace_events(?) WHERE depth IS NOT NULL", (f,))}
        total += len(want)
        if len(got) != len(want):
            bad.append((f, "slices", len(got), len(want)))
        for rowid, w in want.items():
            g = got.get(rowid)
            if g is None or not slice_matches(g, w) or g[4] != w[4]:
                bad.append((f, rowid, g, w))
            elif g[1] is not None and g[1] < rowid:
                early += 1
    for b in bad[:5]:
        print("  cargo build:", b)
    check(len(files) >= 90 and not bad, "cargo build, %d files, %d slices: every slice (and its symbol) as the oracle says"
          % (len(files), total))
    check(kinds == {"end"} and early == 0,
          "cargo build: every thread in end order, no parent written before its child (%r, %d)" % (kinds, early))


def chrome(db):
    """Chromium's own trace (three dozen small threads of a real startup
    trace, tests/data/README.md): Chrome writes a slice when it starts, so
    its threads are start order, and its X events nest properly.  The
    evidence, which no rule restates: every parent was written before its
    child and contains it, and no slice at the top lies inside another
    slice of its thread.  Its short nested slices end less than 1 us
    before their parent (as LLVM's truncated ends may), which read as end
    order until the thread's nesting told them apart."""
    path = os.path.join(DATA, "chrome-threads.json")
    compare(db, path, "chrome-threads.json")
    rows = db.execute("SELECT rowid, pid, tid, ts, ts + dur, parent FROM trace_events(?) "
                      "WHERE depth IS NOT NULL", (path,)).fetchall()
    at = {r[0]: r for r in rows}
    check(len(rows) > 1500, "Chrome: its slices", len(rows))
    late = [r[0] for r in rows if r[5] is not None and r[5] > r[0]]
    check(not late, "Chrome: every parent written before its child", late[:5])
    outside = [r[0] for r in rows if r[5] is not None and not (at[r[5]][3] <= r[3] and r[4] <= at[r[5]][4])]
    check(not outside, "Chrome: every parent contains its child", outside[:5])
    by_thread = {}
    for r in rows:
        by_thread.setdefault((r[1], r[2]), []).append(r)
    lost = []
    for lst in by_thread.values():
        for t in lst:
            if t[5] is None and any(o[3] <= t[3] and t[4] <= o[4] and (o[3], o[4]) != (t[3], t[4]) for o in lst):
                lost.append(t[0])
    check(not lost and any(r[5] is not None for r in rows),
          "Chrome: no slice at the top lies inside another of its thread", lost[:5])


def decimal_times(db, tmp):
    """Times written with decimals (Chrome-style fractions of a microsecond)
    are not exact in binary: self_dur and a B's dur must still be the
    double nearest the exact decimal answer, which Python's decimal module
    computes here from the JSON text (parents from tree_rules.py; the
    length of the children's union, each cut to the parent, in Decimal)."""
    from decimal import Decimal
    X = lambda ts, dur, name, tid=1: '{"ph":"X","pid":1,"tid":%d,"ts":%s,"dur":%s,"name":"%s"}' % (tid, ts, dur, name)
    evs = [X("0.1", "12.345", "p"), X("0.2", "2.1", "a"), X("3.3", "3.2", "b"), X("3.4", "0.7", "b1"),
           X("12.3", "0.145", "end"),
           # end order with fractions: children first
           X("1.01", "0.02", "c", 2), X("1.04", "0.03", "d", 2), X("1", "0.1", "parent", 2),
           # B/E pairs and an async pair
           '{"ph":"B","pid":1,"tid":3,"ts":0.1,"name":"be"}', '{"ph":"B","pid":1,"tid":3,"ts":0.15,"name":"in"}',
           '{"ph":"E","pid":1,"tid":3,"ts":0.3}', '{"ph":"E","pid":1,"tid":3,"ts":0.7}',
           '{"ph":"b","pid":1,"tid":4,"ts":2.2e-1,"cat":"c","id":1,"name":"async"}',
           '{"ph":"e","pid":1,"tid":4,"ts":0.55,"cat":"c","id":1}',
           X("5", "1.5e-3", "exp", 5), X("5.0001", "0.0002", "in exp", 5),
           # ends that are not exact in binary: 0.1 + 0.2 is the parent's
           # end 0.3 (rows 17, 18); a child ending with its parent in start
           # order (19, 20)
           X("0", "0.3", "outer", 6), X("0.1", "0.2", "inner", 6),
           X("0.1", "0.2", "first", 7), X("0.2", "0.1", "second", 7)]
    text = '{"traceEvents":[' + ",".join(evs) + "]}"
    path = os.path.join(tmp, "decimals.json")
    with open(path, "w") as f:
        f.write(text)
    exact = json.loads(text, parse_float=Decimal)["traceEvents"]
    events = json.loads(text)["traceEvents"]
    want, _, bdur, _, _ = tree_rules.tree(events)
    interval = {}
    open_b = {}
    for i, e in enumerate(exact, 1):
        if e["ph"] == "X":
            interval[i] = (Decimal(e["ts"]), Decimal(e["ts"]) + Decimal(e["dur"]))
        elif e["ph"] in ("B", "b"):
            open_b.setdefault((e["ph"], e["tid"] if e["ph"] == "B" else e["id"]), []).append(i)
        else:
            k = ("B", e["tid"]) if e["ph"] == "E" else ("b", e["id"])
            b = open_b[k].pop()
            interval[b] = (Decimal(exact[b - 1]["ts"]), Decimal(e["ts"]))
    kids = {}
    for r, w in want.items():
        kids.setdefault(w[1], []).append(r)
    got = dict((r[0], r[1:]) for r in db.execute("SELECT rowid, self_dur, dur FROM trace_events(?) "
                                                 "WHERE depth IS NOT NULL", (path,)))
    bad = []
    for r in want:
        a, b = interval[r]
        cut = [(max(a, interval[c][0]), min(b, interval[c][1])) for c in kids.get(r, [])]
        self_t = (b - a) - tree_rules.union_length([x for x in cut if x[0] < x[1]])
        if got[r][0] != float(max(self_t, Decimal(0))) or got[r][1] != float(b - a):
            bad.append((r, got[r], float(self_t), float(b - a)))
    check(not bad and len(want) == 17 and len(bdur) == 3,
          "times with decimals: self_dur and dur the doubles nearest the exact decimals", bad[:4])
    parents = dict(db.execute("SELECT rowid, parent FROM trace_events(?) WHERE rowid IN (17, 18, 19, 20)", (path,)))
    check(parents == {17: None, 18: 17, 19: None, 20: 19},
          "times with decimals: [0.1, 0.1 + 0.2] inside [0, 0.3]; a child ending with its parent", parents)


def sqlite_round(x):
    """SQLite's round(): halves away from zero."""
    return math.floor(abs(x) + 0.5) * (1 if x >= 0 else -1)


def reports(db, path):
    """sql/summarize.sql and sql/folded.sql against the same tables made
    in Python from the oracle's tree."""
    events = events_of(path)
    want = oracle(events)[0]
    by_name, total = {}, 0.0
    folded = {}
    for rowid, (depth, parent, self_t, stack) in want.items():
        name = tree_rules.name_text(events[rowid - 1].get("name"))
        outer = stack.split(";")[:-1]
        dur = events[rowid - 1]["dur"]
        e = by_name.setdefault(name, [0.0, 0.0, 0])
        e[0] += self_t
        e[1] += 0 if name in outer else dur
        e[2] += 1
        total += self_t
        folded[stack] = folded.get(stack, 0.0) + self_t
    rows = sorted(by_name.items(), key=lambda kv: (-kv[1][0], kv[0].encode()))

    def run(sql_file):
        sql = open(sql_file).read()
        cur = db.execute(sql, {"trace": path, "limit": -1, "options": None})
        return cur.fetchall()
    got = run("sql/summarize.sql")
    ok = len(got) == len(rows)
    for g, (name, (self_t, time_t, n)) in zip(got, rows):
        ok = ok and g[0] == name and g[4] == n and \
            abs(float(g[1][:-1]) - self_t / 1e6) <= 0.005 + 1e-9 and \
            abs(float(g[2]) - 100.0 * self_t / total) <= 0.0005 + 1e-9 and \
            abs(float(g[3][:-1]) - time_t / 1e6) <= 0.005 + 1e-9
        if not ok:
            print("  summarize.sql: got %r want %r" % (g, (name, self_t, 100.0 * self_t / total, time_t, n)))
            break
    check(ok, "sql/summarize.sql on tiny-v0: %d rows as Python makes them from the oracle's tree" % len(rows))
    want_folded = ["%s %d" % (k, sqlite_round(v)) for k, v in sorted(folded.items(), key=lambda kv: kv[0].encode())
                   if sqlite_round(v) > 0]
    got = [r[0] for r in run("sql/folded.sql")]
    check(got == want_folded, "sql/folded.sql on tiny-v0: %d stacks as Python makes them from the oracle's tree"
          % len(want_folded), [x for x in zip(got, want_folded) if x[0] != x[1]][:3])


def main():
    db = connect()
    for name in ("tiny-v0.json", "tiny-legacy.json", "tiny-v0.jsonl", "clang-json_catalog.json",
                 "clang-fmt_report.json", "clang-meta_tasks.json", "clang-wordfreq.json",
                 "clang19-meta_tasks.json", "clang19-json_catalog.json"):
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
        compare(db, path, name, real=True)
    issue_table(db)
    chrome(db)
    cargo_build(db)
    reports(db, os.path.join(DATA, "tiny-v0.json"))
    with tempfile.TemporaryDirectory() as tmp:
        for label, evs in hand_made():
            path = os.path.join(tmp, "t.json")
            with open(path, "w") as f:
                json.dump({"traceEvents": evs}, f)
            compare(db, path, label)
            # both passes cut into pieces of ~3 events, read by 3 threads
            compare(db, path, label + ", threads=3,piece=200", "threads=3,piece=200")
        several_files(db, tmp)
        decimal_times(db, tmp)
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
