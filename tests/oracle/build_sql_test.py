#!/usr/bin/python3
"""build_sql_test.py: the whole-build and clang queries of sql/ against
Python over the raw files (gzip + json), rustfilt and c++filt.

- build-units.sql on tests/data/build-v0 (a real cargo build): per unit,
  the files, events, OptModule/OptFunction/"Total OptFunction" sums, and the
  top-level time from the independent call-tree oracle (tree_rules.py);
- build-hot-generics.sql: the same build's OptFunction events demangled by
  rustfilt (one batch run), generic arguments stripped by a small Python
  scanner, grouped, with the first five crates they were instantiated for;
- diff.sql on two builds: the build against a copy with files removed and
  durations changed, per function, crate and unit;
- clang-files.sql, clang-templates.sql, clang-functions.sql on the four
  clang traces, with c++filt for the function names.
Prints "N passed, M failed".
"""
import glob
import gzip
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tree_rules  # noqa: E402
import v0_crates  # noqa: E402
from seed_pipelines import sql_file, crate_rule, crates_named, STD, diff_rows, check_diff_table  # noqa: E402

DATA = os.environ.get("TT_DATA", "build/testdata")
BUILD = "tests/data/build-v0"
PATTERN = BUILD + "/{deps/*,build/*/*,build/*/out/*}.llvm_timings.json.gz"
from checks import check, report  # noqa: E402


def unit_of(path):
    return tree_build_unit(os.path.relpath(path, BUILD))


def tree_build_unit(rel):
    from build_oracle import expected_unit
    return expected_unit(rel)


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)["traceEvents"]


def filter_out(tool, lines):
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    out = subprocess.run([tool], input="\n".join(lines) + "\n", stdout=subprocess.PIPE, text=True, env=env, check=True)
    return out.stdout.split("\n")[: len(lines)]


def strip_generics(s):
    """Drop every <...> that follows a name or ::; keep qualified-path brackets."""
    out, i = "", 0
    while i < len(s):
        c = s[i]
        generic = False
        if c == "<":
            if out.endswith("::"):
                out, generic = out[:-2], True
            elif out and (out[-1].isalnum() or out[-1] in "_>]$."):
                generic = True
        if not generic:
            out += c
            i += 1
            continue
        depth = 0
        while i < len(s):
            if s[i] == "<":
                depth += 1
            elif s[i] == ">" and not (i > 0 and s[i - 1] == "-"):
                depth -= 1
                if depth == 0:
                    i += 1
                    break
            i += 1
    return out


def r6(x):
    return round(x / 1e6, 6)


def test_build_units(files):
    want = {}
    for f in files:
        events = load(f)
        result = tree_rules.tree(events)[0]
        u = unit_of(f)
        w = want.setdefault(u, dict(files=0, busy=0, om=0, of=0, tof=0, events=0))
        w["files"] += 1
        w["events"] += len(events)
        w["busy"] += sum(events[r - 1]["dur"] for r, v in result.items() if v[0] == 0)
        w["om"] += sum(e["dur"] for e in events if e.get("name") == "OptModule")
        w["of"] += sum(e["dur"] for e in events if e.get("name") == "OptFunction")
        w["tof"] += sum(e["dur"] for e in events if e.get("name") == "Total OptFunction")
    rows = sql_file("sql/build-units.sql", {":trace": PATTERN})
    got = {r[0]: (int(r[1]), float(r[2]), float(r[3]), float(r[4]), float(r[5]), int(r[6])) for r in rows}
    exp = {u: (w["files"], r6(w["busy"]), r6(w["om"]), r6(w["of"]), r6(w["tof"]), w["events"]) for u, w in want.items()}
    check(got == exp, "build-units.sql", "\n  %r" % [(k, got.get(k), exp.get(k)) for k in exp if got.get(k) != exp.get(k)][:3])
    busy = [float(r[2]) for r in rows]
    check(busy == sorted(busy, reverse=True) and len(rows) == len(exp), "build-units.sql: largest first")


def test_hot_generics(files):
    evs = []
    for f in files:
        for e in load(f):
            if e.get("name") == "OptFunction":
                evs.append((unit_of(f), e["args"]["detail"], e["dur"]))
    names = filter_out("rustfilt", [d for _, d, _ in evs])
    groups = {}
    for (u, d, dur), fn in zip(evs, names):
        v0 = v0_crates.parse(d)
        key = (strip_generics(fn), crate_rule(fn))
        g = groups.setdefault(key, dict(dur=0, n=0, units=set(), details=set(), shown=False, fors=set()))
        g["dur"] += dur
        g["n"] += 1
        g["units"].add(u)
        g["details"].add(d)
        g["shown"] |= fn != key[0]
        # the crate that instantiated it (v0 records it), else the symbol's
        # first non-standard crate
        g["fors"].add((v0.inst_crate if v0 else None) or for_crate(fn))
    want = {k[0]: (r6(g["dur"]), g["n"], len(g["units"]), ",".join(sorted(g["fors"] - {None})[:5]))
            for k, g in groups.items()
            if g["shown"] or (len(g["details"]) > 1 and all(x.startswith("_ZN") for x in g["details"]))}
    rows = sql_file("sql/build-hot-generics.sql", {":trace": PATTERN})
    got = {r[0]: (float(r[2]), int(r[3]), int(r[4]), r[5]) for r in rows}
    check(got == want and len(want) > 10, "build-hot-generics.sql",
          "\n  %r" % [(k, got.get(k), want.get(k)) for k in set(want) | set(got) if got.get(k) != want.get(k)][:4])


def for_crate(fn):
    """crate_of(fn, 'nonstd') as seed_pipelines.py restates it."""
    return next((x for x in crates_named(fn) if x not in STD), crate_rule(fn))


def test_build_diff(files, tmp):
    """diff.sql with two builds: this one, and a copy without its build
    scripts and probes in which every OptFunction of the deps/ files whose
    name sorts first takes twice as long, a few others 1 us less."""
    after = os.path.join(tmp, "after")
    os.makedirs(after)
    kept = [f for f in files if "/deps/" in f]
    for i, f in enumerate(kept):
        events = load(f)
        for j, e in enumerate(events):
            if e.get("name") == "OptFunction":
                e["dur"] = e["dur"] * 2 if i < 5 else max(e["dur"] - (j % 2), 0)
        with gzip.open(os.path.join(after, os.path.basename(f)), "wt", encoding="utf-8") as out:
            json.dump({"traceEvents": events}, out)

    def opt_functions(paths):
        evs = [(unit_of(f), e["args"]["detail"], e["dur"]) for f in paths for e in load(f) if e.get("name") == "OptFunction"]
        names = filter_out("rustfilt", [d for _, d, _ in evs])
        return [(u, fn, dur) for (u, _, dur), fn in zip(evs, names)]

    def sums(evs, key):
        out = {}
        for u, fn, dur in evs:
            out[key(u, fn)] = out.get(key(u, fn), 0) + dur
        return out
    eb = opt_functions(files)
    ea = opt_functions(sorted(glob.glob(after + "/*.json.gz")))
    rows = sql_file("sql/diff.sql", {":before": PATTERN, ":after": after})
    tables = [diff_rows(sums(eb, k), sums(ea, k)) for k in
              (lambda u, fn: fn, lambda u, fn: crate_rule(fn), lambda u, fn: u)]
    n1, n2 = len(tables[0]), len(tables[0]) + len(tables[1])
    check_diff_table(rows[:n1], tables[0], "diff.sql on two builds (per function)")
    check_diff_table(rows[n1:n2], tables[1], "diff.sql on two builds (per crate)")
    check_diff_table(rows[n2:], tables[2], "diff.sql on two builds (per unit)")
    gone = [u for u, v in tables[2].items() if v[1] == 0]
    check(len(tables[2]) > 20 and gone and any(v[3] and v[3] > 1.5 for v in tables[2].values()),
          "diff.sql on two builds: units removed and units slower", "%d units" % len(tables[2]))


def test_clang():
    pattern = os.path.join(DATA, "clang-*.json")
    per = {}
    tmpl, sets, funcs, heads = {}, {}, {}, {}
    for f in sorted(glob.glob(pattern)):
        events = load(f)
        unit = os.path.basename(f)[:-5]
        result = tree_rules.tree(events)[0]
        fe = 0
        for i, e in enumerate(events, 1):
            if e.get("name") == "Frontend" and i in result and "Frontend" not in result[i][3].rsplit(";", 1)[0].split(";"):
                fe += e["dur"]
        be = sum(e["dur"] for e in events if e.get("name") == "Backend")
        ex = sum(e["dur"] for e in events if e.get("name") == "ExecuteCompiler")
        per[unit] = (r6(fe), r6(be), r6(ex))
        for e in events:
            if e.get("name") in ("InstantiateClass", "InstantiateFunction"):
                d = e["args"]["detail"]
                t = tmpl.setdefault(d, [0, 0])
                t[0] += e["dur"]
                t[1] += 1
                s = sets.setdefault(d.split("<", 1)[0], [0, 0])
                s[0] += e["dur"]
                s[1] += 1
            elif e.get("name") == "OptFunction":
                t = funcs.setdefault(e["args"]["detail"], [0, 0])
                t[0] += e["dur"]
                t[1] += 1
            elif e.get("name") == "Source":
                t = heads.setdefault(e["args"]["detail"], [0, 0, set()])
                t[0] += e["dur"]
                t[1] += 1
                t[2].add(f)             # a translation unit is its trace file
    rows = sql_file("sql/clang-files.sql", {":trace": pattern})
    check({r[0]: (float(r[1]), float(r[2]), float(r[3])) for r in rows[:4]} == per, "clang-files.sql (parse)")
    # two translation units of one name (two targets' main.cpp): two rows
    with tempfile.TemporaryDirectory() as tmp:
        two = sorted(glob.glob(pattern))[:2]
        for k, f in enumerate(two):
            os.makedirs(os.path.join(tmp, "t%d" % k))
            os.symlink(os.path.abspath(f), os.path.join(tmp, "t%d" % k, "main.cpp.json"))
        both = sql_file("sql/clang-files.sql", {":trace": os.path.join(tmp, "t*/main.cpp.json")})
        want = sorted(per[os.path.basename(f)[:-5]] for f in two)
        check(sorted((float(r[1]), float(r[2]), float(r[3])) for r in both[:2]) == want and len(both) == 4,
              "clang-files.sql: two units named main.cpp are two rows", repr(both))
    check([(r[0], float(r[1])) for r in rows[4:]] == sorted(((u, v[1]) for u, v in per.items()), key=lambda x: (-x[1], x[0])),
          "clang-files.sql (codegen)")
    rows = sql_file("sql/clang-templates.sql", {":trace": pattern})
    n = len(tmpl)
    check({r[3]: (float(r[0]), int(r[1])) for r in rows[:n]} == {k: (r6(v[0]), v[1]) for k, v in tmpl.items()},
          "clang-templates.sql (templates)")
    check({r[2]: (float(r[0]), int(r[1])) for r in rows[n:]} == {k: (r6(v[0]), v[1]) for k, v in sets.items()},
          "clang-templates.sql (template sets)")
    keys = sorted(funcs)
    dem = dict(zip(keys, filter_out("c++filt", keys)))
    by_name = {}                 # a function is its c++filt name (D0 and D2 destructors: one)
    for k, v in funcs.items():
        t = by_name.setdefault(dem[k], [0, 0])
        t[0] += v[0]
        t[1] += v[1]
    rows = sql_file("sql/clang-functions.sql", {":trace": pattern})
    nf = len(by_name)
    check(sorted((float(r[0]), int(r[1]), r[2]) for r in rows[:nf]) ==
          sorted((r6(v[0]), v[1], k) for k, v in by_name.items()), "clang-functions.sql (functions, c++filt names)")
    check({r[3]: (float(r[0]), int(r[1]), int(r[2])) for r in rows[nf:]} ==
          {k: (r6(v[0]), v[1], len(v[2])) for k, v in heads.items()}, "clang-functions.sql (headers)")


def main():
    files = sorted(glob.glob(BUILD + "/deps/*.json.gz") + glob.glob(BUILD + "/build/*/*.json.gz") +
                   glob.glob(BUILD + "/build/*/out/*.json.gz"))
    test_build_units(files)
    test_hot_generics(files)
    with tempfile.TemporaryDirectory() as tmp:
        test_build_diff(files, tmp)
    test_clang()
    return report()


if __name__ == "__main__":
    sys.exit(main())
