#!/usr/bin/python3
"""async_instant_test.py: an async instant (ph "n") belongs to the
innermost async slice (b/e) of its key (pid, cat, id, id2, scope) still
open when it comes (README "The call tree"): its parent is that b, its
depth one more, its stack the b's and its own name; it has no self_dur and
no nested_same_name.  An n with no b of its key open, or whose b never
ends, belongs to nothing (NULL).

The oracle: Python's json for the events, a stack per key kept here for
the n's b, and tree_rules.py's own call tree (shares nothing with
ext/call_tree.c) for the b's depth and stack.  Checked on a hand-made
trace (nested b's, the n on another thread than its b, id2 and scope,
keys that differ by cat, an n after its b ended, a b that never ends) and
on real clang 19 traces with n events put inside their Source slices at
random places (seeded).  Also with frames=detail, grouped by the table in
one pass, and read from the tree alone.
Prints "N passed, M failed".
"""
import json
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import DATA, check, connect, report  # noqa: E402
import tree_rules  # noqa: E402
from tree_rules import events_of, name_text  # noqa: E402


def key_of(e):
    return (json.dumps(e.get("pid")), json.dumps(e.get("cat")), json.dumps(e.get("id")),
            json.dumps(e.get("id2")), json.dumps(e.get("scope")))


def oracle(events):
    """rowid of each n -> (depth, parent, stack) or None."""
    tree = tree_rules.tree(events, brute=False)[0]
    open_b, out = {}, {}
    for i, e in enumerate(events, 1):
        ph = e.get("ph")
        if ph == "b":
            open_b.setdefault(key_of(e), []).append(i)
        elif ph == "e":
            st = open_b.get(key_of(e))
            if st:
                st.pop()
        elif ph == "n":
            st = open_b.get(key_of(e))
            b = st[-1] if st else None
            if b is None or b not in tree:
                out[i] = None
            else:
                d, _, _, stack = tree[b]
                out[i] = (d + 1, b, stack + ";" + name_text(e.get("name")))
    return out


def compare(db, label, path, events):
    want = oracle(events)
    got = {r[0]: (None if r[1] is None else r[1:4]) for r in db.execute(
        "SELECT rowid, depth, parent, stack, self_dur, nested_same_name FROM trace_events(?) WHERE ph = 'n'",
        (path,))}
    bad = [r for r in want if got.get(r) != want[r]]
    tied = sum(1 for v in want.values() if v)
    check(not bad and len(got) == len(want) and tied > 0,
          "%s: every n's depth, parent and stack as the oracle says (%d n, %d in a slice)" % (label, len(want), tied),
          "first rowid %s: got %r, want %r" % (bad[0], got.get(bad[0]), want[bad[0]]) if bad else repr(len(got)))
    nulls = db.execute("SELECT count(self_dur), count(nested_same_name) FROM trace_events(?) WHERE ph = 'n'",
                       (path,)).fetchone()
    check(nulls == (0, 0), "%s: an n has no self_dur and no nested_same_name" % label, repr(nulls))
    # the same from the tree alone and grouped in one pass
    alone = {r[0]: r[1:] for r in db.execute("SELECT rowid, depth, parent FROM trace_events(?)", (path,))}
    check(all((alone[r] == (v[0], v[1]) if v else alone[r] == (None, None)) for r, v in want.items()),
          "%s: the same from the tree alone" % label)
    grouped = dict(db.execute("SELECT name, sum(depth) FROM trace_events(?) WHERE ph = 'n' GROUP BY name",
                              (path,)).fetchall())
    plus = dict(db.execute("SELECT name, sum(depth) FROM trace_events(?) WHERE ph = 'n' GROUP BY +name",
                           (path,)).fetchall())
    check(grouped == plus, "%s: grouped in one pass, the same depths" % label)


def hand_made():
    s = {"cat": "Source", "pid": 1}
    return [
        dict(s, ph="X", name="Frontend", tid=1, ts=0, dur=100),
        dict(s, ph="b", id=0, name="Source", tid=1, ts=1, args={"detail": "a.h"}),
        dict(s, ph="n", id=0, name="mark", tid=1, ts=2),
        dict(s, ph="b", id=0, name="Source", tid=1, ts=3, args={"detail": "b.h"}),
        dict(s, ph="n", id=0, name="inner", tid=2, ts=4),
        dict(s, ph="n", id=0, cat="Other", name="other cat", tid=1, ts=4),
        dict(s, ph="b", id=0, id2={"local": 7}, name="with id2", tid=1, ts=4),
        dict(s, ph="n", id=0, id2={"local": 7}, name="in id2", tid=1, ts=4),
        dict(s, ph="e", id=0, id2={"local": 7}, tid=1, ts=4),
        dict(s, ph="e", id=0, name="Source", tid=1, ts=5),
        dict(s, ph="n", id=0, name="after", tid=1, ts=6),
        dict(s, ph="e", id=0, name="Source", tid=1, ts=7),
        dict(s, ph="n", id=0, name="outside", tid=1, ts=8),
        dict(s, ph="b", id=1, name="never", tid=1, ts=9),
        dict(s, ph="n", id=1, name="orphan", tid=1, ts=10),
        dict(s, ph="n", id=0, scope="s", name="scoped, no b", tid=1, ts=11),
    ]


def with_instants(events, rng, n):
    """events with n instants put right after random events, each with the
    key of a b open there (or, one in five, of none)."""
    out, open_b, added = [], {}, 0
    for e in events:
        out.append(e)
        if e.get("ph") == "b":
            open_b.setdefault(key_of(e), []).append(e)
        elif e.get("ph") == "e" and open_b.get(key_of(e)):
            open_b[key_of(e)].pop()
        live = [st[-1] for st in open_b.values() if st]
        if live and added < n and rng.random() < 0.05:
            b = rng.choice(live)
            x = {k: b[k] for k in ("pid", "tid", "cat", "id") if k in b}
            if rng.random() < 0.2:
                x["id"] = 999999
            x.update(ph="n", name="tick%d" % added, ts=e.get("ts", 0))
            out.append(x)
            added += 1
    return out


def main():
    db = connect()
    rng = random.Random(21)
    with tempfile.TemporaryDirectory() as d:
        ev = hand_made()
        p = os.path.join(d, "hand.json")
        with open(p, "w") as f:
            json.dump({"traceEvents": ev}, f)
        compare(db, "hand-made", p, ev)
        st = dict(db.execute("SELECT name, stack FROM trace_events(?, 'frames=detail') WHERE ph = 'n'", (p,)))
        check(st.get("inner") == "Frontend;Source a.h;Source b.h;inner",
              "frames=detail: an n under its b's frames", repr(st.get("inner")))
        for name in ("clang19-meta_tasks.json", "clang19-json_catalog.json"):
            ev = with_instants(events_of(os.path.join(DATA, name)), rng, 400)
            p = os.path.join(d, name)
            with open(p, "w") as f:
                json.dump({"traceEvents": ev}, f)
            compare(db, name + " with n events", p, ev)
    return report()


if __name__ == "__main__":
    sys.exit(main())
