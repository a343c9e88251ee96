#!/usr/bin/python3
"""frames_test.py: the stack column with frames=detail and frames=generic
(README "Frames that say which function"), against an oracle that works
from the raw JSON (Python's json) and the parents of tree_rules.py's own
call tree, and that demangles with the real tools: every distinct detail
goes through rustfilt, then c++filt, as demangle() is defined.  With
generic, each frame's demangled detail goes through strip_generics() (its
own tests hold it to its definition).

A frame is the slice's name, a space and its detail demangled; its name
alone when it has no detail, or when its detail is the one its nearest
enclosing slice with a detail has (LLVM's new pass manager repeats the
function on every pass); its detail alone when it has no name.  Checked on
every slice of real rustc (v0, legacy) and clang (14, 19) traces and on a
hand-made trace with the edge cases (no name, empty detail, a number as
detail, a detail equal to a grandparent's across a slice without one, a
NUL in a detail).  Also: nested_same_name compares frames; frames=name is
the default; a bad value is an error naming the choices; the options
column says which; grouping and flamegraph() see the same stacks.
Prints "N passed, M failed".
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import DATA, check, connect, report  # noqa: E402
import tree_rules  # noqa: E402
from tree_rules import events_of, name_text  # noqa: E402


def detail_of(e):
    args = e.get("args")
    d = args.get("detail") if isinstance(args, dict) else None
    if d is None:
        return None
    d = name_text(d)
    return d if d != "" else None


def demangled(details):
    """detail -> rustfilt's, then c++filt's line for it."""
    details = sorted(details)
    if not details:
        return {}
    text = "".join(d + "\n" for d in details)
    rust = subprocess.run(["rustfilt"], input=text.encode(), capture_output=True, check=True).stdout
    cxx = subprocess.run(["c++filt"], input=rust, capture_output=True, check=True).stdout.decode()
    lines = cxx.split("\n")[:-1]
    assert len(lines) == len(details), (len(lines), len(details))
    return dict(zip(details, lines))


def oracle(db, events, generic):
    """rowid -> (stack, nested) with frames=detail (generic: stripped)."""
    want = tree_rules.tree(events, brute=False)[0]
    details = {r: detail_of(events[r - 1]) for r in want}
    simple = {d for d in details.values() if d is not None and "\n" not in d and "\0" not in d}
    dem = demangled(simple)
    for d in set(details.values()) - simple - {None}:
        dem[d] = db.execute("SELECT demangle(?)", (d,)).fetchone()[0]   # NUL or newline: no line tool
    if generic:
        dem = {d: db.execute("SELECT strip_generics(?)", (v,)).fetchone()[0] for d, v in dem.items()}
    inherited = {}

    def inherit(r):
        chain = []
        while r is not None and r not in inherited:
            chain.append(r)
            r = want[r][1]
        base = None if r is None else inherited[r]
        for x in reversed(chain):
            base = details[x] if details[x] is not None else base
            inherited[x] = base
        return inherited

    frames = {}
    for r, (_, parent, _, _) in want.items():
        name = name_text(events[r - 1].get("name"))
        d = details[r]
        up = inherit(parent)[parent] if parent is not None else None
        if d is None or (d == up and name != ""):
            frames[r] = name
        else:
            frames[r] = (name + " " if name else "") + dem[d]
    out = {}
    for r in want:
        path, p = [], r
        while p is not None:
            path.append(frames[p])
            p = want[p][1]
        out[r] = (";".join(reversed(path)), int(frames[r] in path[1:]))
    return out


def compare(db, label, path, events=None):
    events = events if events is not None else events_of(path)
    for opt, generic in (("frames=detail", False), ("frames=generic", True)):
        want = oracle(db, events, generic)
        got = {r: (s, n) for r, s, n in db.execute(
            "SELECT rowid, stack, nested_same_name FROM trace_events(?, ?) WHERE depth IS NOT NULL", (path, opt))}
        bad = [r for r in want if got.get(r) != want[r]]
        check(not bad and len(got) == len(want) and len(want) > 0,
              "%s, %s: every slice's stack and nested_same_name as the oracle says (%d slices, %d distinct stacks)"
              % (label, opt, len(want), len(set(s for s, _ in want.values()))),
              "%d differ; first rowid %s: got %r, want %r" % (len(bad), bad[0], got.get(bad[0]), want[bad[0]])
              if bad else "%d vs %d" % (len(got), len(want)))
        # grouped by the table and through flamegraph(): the same stacks
        sums = dict(db.execute("SELECT stack, count(*) FROM trace_events(?, ?) WHERE depth IS NOT NULL "
                               "GROUP BY stack", (path, opt)).fetchall())
        counts = {}
        for s, _ in want.values():
            counts[s] = counts.get(s, 0) + 1
        check(sums == counts, "%s, %s: GROUP BY stack has the oracle's stacks" % (label, opt))


def hand_made(d):
    ev = [
        # end order: children first; detail repeated down a chain
        {"ph": "X", "name": "InstCombinePass", "pid": 1, "tid": 1, "ts": 2, "dur": 1, "args": {"detail": "_ZN4tiny4main17h0123456789abcdefE"}},
        {"ph": "X", "name": "NoDetail", "pid": 1, "tid": 1, "ts": 2, "dur": 2},
        {"ph": "X", "name": "PassManager<Function>", "pid": 1, "tid": 1, "ts": 1, "dur": 4, "args": {"detail": "_ZN4tiny4main17h0123456789abcdefE"}},
        {"ph": "X", "pid": 1, "tid": 1, "ts": 6, "dur": 1, "args": {"detail": "_RNvCs1234_4tiny3foo"}},
        {"ph": "X", "name": "Empty", "pid": 1, "tid": 1, "ts": 7, "dur": 1, "args": {"detail": ""}},
        {"ph": "X", "name": "Num", "pid": 1, "tid": 1, "ts": 8, "dur": 1, "args": {"detail": 3}},
        {"ph": "X", "name": "Nul", "pid": 1, "tid": 1, "ts": 9, "dur": 1, "args": {"detail": "a\u0000b"}},
        {"ph": "X", "name": "Same", "pid": 1, "tid": 1, "ts": 0, "dur": 20, "args": {"detail": "3"}},
        {"ph": "X", "name": "Generic", "pid": 1, "tid": 2, "ts": 0, "dur": 5, "args": {"detail": "std::vector<int>::push_back"}},
        {"ph": "B", "name": "Outer", "pid": 1, "tid": 3, "ts": 0, "args": {"detail": "x"}},
        {"ph": "B", "name": "Outer", "pid": 1, "tid": 3, "ts": 1, "args": {"detail": "x"}},
        {"ph": "B", "name": "Outer", "pid": 1, "tid": 3, "ts": 2, "args": {"detail": "y"}},
        {"ph": "E", "pid": 1, "tid": 3, "ts": 3},
        {"ph": "E", "pid": 1, "tid": 3, "ts": 4},
        {"ph": "E", "pid": 1, "tid": 3, "ts": 5},
    ]
    path = os.path.join(d, "frames.json")
    with open(path, "w") as f:
        json.dump({"traceEvents": ev}, f)
    return path, ev


def main():
    db = connect()
    with tempfile.TemporaryDirectory() as d:
        path, ev = hand_made(d)
        compare(db, "hand-made", path, ev)
        rows = dict(db.execute("SELECT rowid, stack FROM trace_events(?, 'frames=detail')", (path,)).fetchall())
        check(rows.get(1) == "Same 3;PassManager<Function> tiny::main;NoDetail;InstCombinePass"
              and rows.get(11) == "Outer x;Outer" and rows.get(12) == "Outer x;Outer;Outer y",
              "hand-made: the frames read as the README's examples", repr((rows.get(1), rows.get(11), rows.get(12))))
        n = [db.execute("SELECT sum(nested_same_name) FROM trace_events(?, ?) WHERE tid = 3",
                        (path, o)).fetchone()[0] for o in ("frames=detail", "frames=name")]
        check(n == [0, 2], "nested_same_name compares frames: 'Outer x;Outer;Outer y' has none nested, "
              "by names two", repr(n))
        for bad in ("frames=x", "frames=", "frames=DETAIL"):
            try:
                db.execute("SELECT count(stack) FROM trace_events(?, ?)", (path, bad)).fetchall()
                check(False, "option %s is an error" % bad)
            except Exception as e:  # noqa: BLE001
                check("must be name, detail or generic" in str(e), "option %s is an error that says why" % bad, str(e))
        a = db.execute("SELECT group_concat(stack, '|') FROM trace_events(?, 'frames=name')", (path,)).fetchone()
        b = db.execute("SELECT group_concat(stack, '|') FROM trace_events(?)", (path,)).fetchone()
        check(a == b, "frames=name is the default")
        o = db.execute("SELECT options FROM trace_events(?, 'threads=1,frames=generic') LIMIT 1", (path,)).fetchone()
        check(o and o[0] == "threads=1,frames=generic", "the options column says frames=generic", repr(o))
        # fields only: the option changes nothing, the tree is not built for it
        a = db.execute("SELECT count(*), total(dur) FROM trace_events(?, 'frames=detail')", (path,)).fetchone()
        b = db.execute("SELECT count(*), total(dur) FROM trace_events(?)", (path,)).fetchone()
        check(a == b, "frames=detail without stack: the same rows")
    for label, name in (("tiny-v0", "tiny-v0.json"), ("tiny-legacy", "tiny-legacy.json"),
                        ("clang14", "clang-json_catalog.json"), ("clang19", "clang19-meta_tasks.json")):
        compare(db, label, os.path.join(DATA, name))
    # flamegraph() of frames: every frame text it draws is one of the stacks' frames
    p = os.path.join(DATA, "tiny-v0.json")
    svg = db.execute("SELECT flamegraph(stack, self_dur) FROM trace_events(?, 'frames=detail')", (p,)).fetchone()[0]
    check(svg is not None and "OptFunction tiny::main" in svg, "flamegraph() draws function frames")
    return report()


if __name__ == "__main__":
    sys.exit(main())
