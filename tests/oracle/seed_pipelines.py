#!/usr/bin/python3
"""seed_pipelines.py: every sql/ file against the seed's own jq/rustfilt pipeline.

The seed article answers its questions with jq, sed, sort and one rustfilt
process per event (xargs).  Each pipeline below is the seed's, run with
bash on the JSON Lines form of real rustc traces (v0 and legacy), and the
matching sql/ file must give the same rows and numbers.  Where the seed's
pipeline is wrong it is corrected, and the comment says how.
Prints "N passed, M failed".
"""
import json
import os
import re
import subprocess
import sys
import tempfile

EXT = os.environ.get("TT_EXT", "build/timetrace")
DATA = os.environ.get("TT_DATA", "build/testdata")
from checks import check, report  # noqa: E402


def bash(script):
    env = dict(os.environ, LC_ALL="C")
    env.pop("LD_PRELOAD", None)       # jq, sort and rustfilt are not under test
    out = subprocess.run(["bash", "-c", "set -o pipefail; " + script], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env)
    if out.returncode != 0:
        raise SystemExit("pipeline failed: %s\n%s" % (script, out.stderr.decode()))
    return out.stdout.decode()


def sql_file(path, params):
    """Rows of every statement of a sql/ file, through the sqlite3 shell, as
    lists of strings split on '|' (one list per output line).  Every row:
    :limit is -1 unless params set it."""
    args = ["sqlite3", "-batch", ":memory:", ".load " + EXT, ".parameter set :limit -1"]
    for k, v in params.items():
        args.append(".parameter set %s '%s'" % (k, v.replace("'", "''")))
    args += [".separator \x1f", ".read " + path]
    out = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if out.returncode != 0 or out.stderr:
        raise SystemExit("%s failed: %s" % (path, out.stderr.decode()))
    return [line.split("\x1f") for line in out.stdout.decode().split("\n") if line != ""]


FN_PIPE = (r"""jq -r 'select(.name == "OptFunction") | "\(.dur) \(.args.detail)"' %s """
           r"""| xargs -l bash -c 'echo "{\"dur\":$0,\"fn\":\"$(rustfilt "$1")\"}"' """)
GROUP = r"""jq -sc 'group_by(.fn) | map({ fn: .[0].fn, dur: (map(.dur) | add) }) | sort_by(-.dur) | .[]' """


def test_trace(jsonl, label):
    # 1. events that are not X, and neither X nor M
    want = [json.loads(l) for l in bash("""jq -c 'select(.ph != "X")' %s""" % jsonl).splitlines()]
    want2 = [json.loads(l) for l in bash("""jq -c 'select(.ph != "X" and .ph != "M")' %s""" % jsonl).splitlines()]
    rows = sql_file("sql/not-complete-events.sql", {":trace": jsonl})
    got = [dict(ph=r[1], name=r[2], pid=int(r[3]), tid=int(r[4]), ts=int(r[5]), args=json.loads(r[6])) for r in rows]
    keyed = [dict(ph=e["ph"], name=e["name"], pid=e["pid"], tid=e["tid"], ts=e["ts"], args=e["args"]) for e in want + want2]
    check(got == keyed and len(want) > 0, "%s: not-complete-events.sql" % label)

    # 2. Total events.  The seed sorts with `sort -rn`, which reads jq's 9e-06
    # as 9; corrected here to `sort -rg` (general numeric).
    want = bash(r"""jq -r 'select(.name | startswith("Total ")) | "\(.dur / 1e6) \(.name)"' %s | sort -rg""" % jsonl)
    want = [(float(l.split(" ", 1)[0]), l.split(" ", 1)[1]) for l in want.splitlines()]
    rows = sql_file("sql/total-events.sql", {":trace": jsonl})
    got = [(float(r[0]), r[1]) for r in rows]
    check(got == want and len(want) > 100, "%s: total-events.sql" % label)
    seed = bash(r"""jq -r 'select(.name | startswith("Total ")) | "\(.dur / 1e6) \(.name)"' %s | sort -rn""" % jsonl)
    seed = [float(l.split(" ", 1)[0]) for l in seed.splitlines()]
    if any("e-" in l for l in bash(r"""jq -r 'select(.name | startswith("Total ")) | "\(.dur / 1e6)"' %s""" % jsonl).split()):
        check(seed != sorted(seed, reverse=True), "%s: the seed's sort -rn really misorders exponents" % label)

    # 3. the longest OptFunction events: seconds and raw detail, then demangled
    want = bash(r"""jq -c 'select(.name == "OptFunction")' %s """
                r"""| jq -sc 'sort_by(-.dur) | .[] | { dur: (.dur / 1e6), detail: .args.detail }'""" % jsonl)
    want = [json.loads(l) for l in want.splitlines()]
    rows = sql_file("sql/longest-opt-functions.sql", {":trace": jsonl})
    check([(float(r[0]), r[3]) for r in rows] == [(w["dur"], w["detail"]) for w in want] and len(want) > 10,
          "%s: longest-opt-functions.sql (seconds, detail)" % label)
    want = bash(FN_PIPE % jsonl + r"""| jq -sr 'sort_by(-.dur) | .[] | "\(.dur / 1e4 | round | . / 1e2)s \(.fn)"'""")
    want = [(float(l.split("s ", 1)[0]), l.split("s ", 1)[1]) for l in want.splitlines()]
    check([(float(r[1]), r[2]) for r in rows] == want, "%s: longest-opt-functions.sql (demangled)" % label,
          "\n  got  %r\n  want %r" % ([(float(r[1]), r[2]) for r in rows][:3], want[:3]))

    # 5. by demangled function
    want = bash(FN_PIPE % jsonl + "| " + GROUP + r"""| jq -r '"\(.dur / 1e4 | round | . / 1e2)s \(.fn)"'""")
    want = [(float(l.split("s ", 1)[0]), l.split("s ", 1)[1]) for l in want.splitlines()]
    rows = sql_file("sql/opt-functions-by-function.sql", {":trace": jsonl})
    check([(float(r[0]), r[3]) for r in rows] == want and len(want) > 10, "%s: opt-functions-by-function.sql" % label)

    # 6. functions matching a pattern, each and in total (the seed's own pattern shape)
    for pattern in ("^(core::ptr::drop_in_place::<)?<*tiny::", "^(core::ptr::drop_in_place::<)?<*tiny::(pipeline|Poly)",
                    "^core::"):
        each = bash(FN_PIPE % jsonl + "| " + GROUP +
                    r"""| jq -r 'select(.fn | test("%s")) | "\(.dur / 1e4 | round | . / 1e2)s \(.fn)"'""" % pattern)
        total = bash(FN_PIPE % jsonl + "| " + GROUP +
                     r"""| jq 'select(.fn | test("%s")) | .dur' | jq -sr 'add | . / 1e4 | round | . / 1e2 | "\(.)s"'""" % pattern)
        rows = sql_file("sql/functions-matching.sql", {":trace": jsonl, ":pattern": pattern})
        want = [(float(l.split("s ", 1)[0]), l.split("s ", 1)[1]) for l in each.splitlines()]
        got = [(float(r[0]), r[1]) for r in rows[:-1]]
        check(got == want and len(want) > 0, "%s: functions-matching.sql %r (each)" % (label, pattern))
        check(float(rows[-1][0]) == float(total.strip().rstrip("s")), "%s: functions-matching.sql %r (total)" % (label, pattern),
              "%r vs %r" % (rows[-1], total))


STD = {"std", "core", "alloc", "proc_macro", "test"}


def crate_rule(fn):
    """The README's crate_of rules, restated in Python for the shapes that
    rustfilt prints in these traces: a path's first segment; for <T as
    Trait>::m or <T>::m the crate of T (through &, &mut, *const, *mut, [..],
    tuples, dyn), else the trait's."""
    def ty(i):
        while True:
            for pre in ("&mut ", "&", "*const ", "*mut ", "[", "(", "dyn "):
                if fn.startswith(pre, i):
                    i += len(pre)
                    break
            else:
                break
        if fn.startswith("<", i):
            return qualified(i)
        m = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::").match(fn, i)
        return m.group(1) if m else None

    def qualified(i):
        # <T as Trait> or <T>: find T's crate, then the trait's
        c = ty(i + 1)
        if c:
            return c
        depth, j = 0, i
        while j < len(fn):
            if fn[j] == "<":
                depth += 1
            elif fn[j] == ">":
                depth -= 1
                if depth == 0:
                    return None
            elif depth == 1 and fn.startswith(" as ", j):
                return ty(j + 4)
            j += 1
        return None
    return ty(0)


def crates_named(fn):
    """Crates in order of appearance: identifiers starting a path."""
    out = []
    for m in re.finditer(r"(?<![:\w])([A-Za-z_]\w*)(\[[0-9a-f]+\])?::", fn):
        if m.group(1) not in out:
            out.append(m.group(1))
    return out


def test_crates(jsonl, label):
    """4. by crate, 7. core's drop_in_place share."""
    events = [json.loads(l) for l in bash(FN_PIPE % jsonl).splitlines()]
    # the seed's own table: rustfilt | sed root
    seed = bash(r"""jq -r 'select(.name == "OptFunction") | "\(.dur) \(.args.detail)"' %s """
                r"""| xargs -l bash -c 'echo "{\"dur\":$0,\"root\":\"$(rustfilt "$1" | sed -E "s/^([a-z_-]+)::.*/\1/g")\"}"' """
                r"""| jq -s -r 'group_by(.root) | map({ root: .[0].root, dur: (map(.dur) | add) }) | sort_by(-.dur) | .[] | "\(.dur) \(.root)"'""" % jsonl)
    seed = {l.split(" ", 1)[1]: int(l.split(" ", 1)[0]) for l in seed.splitlines()}
    want, want_ns = {}, {}
    for e in events:
        c = crate_rule(e["fn"])
        want[c] = want.get(c, 0) + e["dur"]
        ns = next((x for x in crates_named(e["fn"]) if x not in STD), c)
        want_ns[ns] = want_ns.get(ns, 0) + e["dur"]
    rows = sql_file("sql/opt-functions-by-crate.sql", {":trace": jsonl})
    n1 = len(want)
    got = {(r[1] or None): round(float(r[0]) * 1e6) for r in rows[:n1]}
    got_ns = {(r[1] or None): round(float(r[0]) * 1e6) for r in rows[n1:]}
    check(got == want, "%s: opt-functions-by-crate.sql (crate_of)" % label, "\n  got  %r\n  want %r" % (got, want))
    check(got_ns == want_ns, "%s: opt-functions-by-crate.sql (nonstd)" % label, "\n  got  %r\n  want %r" % (got_ns, want_ns))
    # where the seed's sed found a crate, it is the same crate
    # where the seed's sed found a crate, crate_of finds at least that time
    # there (it also counts the `<T as Trait>::m` items the seed left apart)
    plain = [k for k in seed if re.fullmatch(r"[a-z_-]+", k) and k in want]
    check(all(seed[k] <= want[k] for k in plain) and len(plain) > 0,
          "%s: the seed's roots agree with crate_of where sed could read them" % label)
    check(any(k.startswith("<") for k in seed), "%s: the seed's table has `<...>` pseudo-crates" % label)
    core = [e for e in events if crate_rule(e["fn"]) == "core"]
    dip = sum(e["dur"] for e in core if re.match(r"core::ptr::drop_in_place(::)?<", e["fn"]))
    total = sum(e["dur"] for e in core)
    rows = sql_file("sql/core-drop-in-place.sql", {":trace": jsonl})
    check(round(float(rows[0][0]) * 1e6) == total and round(float(rows[0][1]) * 1e6) == dip and
          float(rows[0][2]) == round(100.0 * dip / total, 1), "%s: core-drop-in-place.sql" % label,
          "%r vs %r" % (rows, (total, dip)))


def diff_rows(b, a):
    """diff.sql's table from two {name: microseconds} dicts."""
    want = {}
    for k in set(a) | set(b):
        x, y = b.get(k, 0), a.get(k, 0)
        want[k] = (x / 1e6, y / 1e6, (y - x) / 1e6, None if x == 0 else round(y / x, 3))
    return want


def check_diff_table(rows, want, what):
    """rows (shell output, NULL as '') against diff_rows(); largest change first."""
    got = {(r[0] if r[0] != "" else None): (float(r[1]), float(r[2]), float(r[3]), None if r[4] == "" else float(r[4]))
           for r in rows}
    check(len(rows) == len(want) and all(
        got.get(k) is not None and all((p is None and q is None) or (p is not None and q is not None and abs(p - q) < 1e-9)
                                       for p, q in zip(got[k], v)) for k, v in want.items()), what,
          "\n  %r" % [(k, got.get(k), v) for k, v in want.items() if got.get(k) != v][:3])
    changes = [abs(float(r[3])) for r in rows]
    check(changes == sorted(changes, reverse=True), what + ": largest change first")


def test_diff(before, after):
    """8. The seed reran its pipeline per trace; diff.sql does both at once,
    per function (the seed's grouping), per crate (crate_rule over rustfilt's
    names) and per unit (each file is a unit of its own here; the whole-build
    diff is in build_sql_test.py)."""
    def events(jsonl):
        return [json.loads(l) for l in bash(FN_PIPE % jsonl).splitlines()]

    def sums(evs, key):
        out = {}
        for e in evs:
            out[key(e)] = out.get(key(e), 0) + e["dur"]
        return out
    eb, ea = events(before), events(after)
    rows = sql_file("sql/diff.sql", {":before": before, ":after": after})
    by_fn = diff_rows(sums(eb, lambda e: e["fn"]), sums(ea, lambda e: e["fn"]))
    by_crate = diff_rows(sums(eb, lambda e: crate_rule(e["fn"])), sums(ea, lambda e: crate_rule(e["fn"])))

    def unit(path):   # README "Units": these files have no suffix but .json to drop
        return re.sub(r"\.json$", "", os.path.basename(path))
    by_unit = diff_rows({unit(before): sum(e["dur"] for e in eb)}, {unit(after): sum(e["dur"] for e in ea)})
    n1, n2 = len(by_fn), len(by_fn) + len(by_crate)
    check_diff_table(rows[:n1], by_fn, "diff.sql (per function)")
    check_diff_table(rows[n1:n2], by_crate, "diff.sql (per crate)")
    check_diff_table(rows[n2:], by_unit, "diff.sql (per unit)")
    check(len(by_crate) > 3 and len(by_unit) == 2, "diff.sql: the crate and unit tables have rows to compare")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        legacy = os.path.join(tmp, "tiny-legacy.jsonl")
        bash("jq -c '.traceEvents[]' %s > %s" % (os.path.join(DATA, "tiny-legacy.json"), legacy))
        v0 = os.path.join(DATA, "tiny-v0.jsonl")
        test_trace(v0, "v0")
        test_trace(legacy, "legacy")
        test_crates(v0, "v0")
        test_crates(legacy, "legacy")
        test_diff(v0, legacy)
    return report()


if __name__ == "__main__":
    sys.exit(main())
