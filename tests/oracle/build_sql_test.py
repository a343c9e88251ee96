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
  durations changed, per function, crate and unit; then the same two
  builds as folders with options of their own (:before_options,
  :after_options): the build's folder with 'recursive=1' (traces in deps/
  and build/<pkg>/), and the copy's folder with older traces beside it
  left out by since=, which the first folder's files (older still) would
  not pass;
- clang-files.sql, clang-templates.sql, clang-functions.sql on the four
  clang traces, with c++filt for the function names, and on the CMake
  builds tests/data/cmake-clang14 and cmake-clang19 as folders, with
  :options 'recursive=1,skip=nontrace' (nested traces, and
  compile_commands.json left out).
Prints "N passed, M failed".
"""
import glob
import gzip
import json
import os
import shutil
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


def sql_rows(path, params, what):
    """sql_file's rows, or a failed check (and None) when the shell
    printed an error: a file that ignores an option parameter fails on a
    folder that needs it ('no *.json or *.json.gz file in this directory')."""
    try:
        return sql_file(path, params)
    except SystemExit as e:
        check(False, what, str(e))
        return None


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

    # The same two builds as a user has them: the earlier build's folder,
    # copied aside (its files from 2020), read with recursive=1; the folder
    # rebuilt, holding the new traces (written now) and older ones of
    # units the new build does not have (2020), read with since=2021.  One
    # :options for both sides could not say this: since= would leave out
    # every file of the earlier build, recursive=1 alone would add the
    # rebuilt folder's stale traces.
    old = 1577836800                                # 2020-01-01 UTC
    before = os.path.join(tmp, "before")
    shutil.copytree(BUILD, before)
    rebuilt = os.path.join(tmp, "rebuilt")
    shutil.copytree(after, rebuilt)
    for f in files:
        if "/deps/" not in f:
            shutil.copy(f, os.path.join(rebuilt, "stale-" + os.path.basename(f)))
            os.utime(os.path.join(rebuilt, "stale-" + os.path.basename(f)), (old, old))
    for d, _, names in os.walk(before):
        for n in names:
            os.utime(os.path.join(d, n), (old, old))
    both = sql_rows("sql/diff.sql", {":before": before, ":before_options": "recursive=1",
                                     ":after": rebuilt, ":after_options": "since=2021-01-01"},
                    "diff.sql on two build folders, each with its options")
    if both is not None:
        check(both == rows, "diff.sql on two build folders, each with its options: the rows of the patterns",
              "(%d rows, want %d)" % (len(both), len(rows)))
    stale = sql_rows("sql/diff.sql", {":before": before, ":before_options": "recursive=1",
                                      ":after": rebuilt}, "diff.sql: :after_options not set")
    check(stale is not None and stale != rows, "diff.sql: :after_options not set reads the stale traces too")


def clang_paired(events):
    """clang 19's b/e pairs (an #include's Source: a "b" and its "e" right
    after it) as X events with the time between them as dur, the way
    trace_events gives the b row; every other event as it is."""
    out = []
    for e in events:
        if e.get("ph") == "e" and out and out[-1].get("ph") == "b" and out[-1].get("name") == e.get("name"):
            out[-1] = dict(out[-1], dur=e["ts"] - out[-1]["ts"])
        out.append(e)
    return out


def clang_oracle(files):
    """Per file (unit, Frontend not inside another, Backend, ExecuteCompiler
    in us, None when the file has none), and per template, template set,
    OptFunction symbol and Source header: [us, count(, files)]."""
    per = {}
    tmpl, sets, funcs, heads = {}, {}, {}, {}
    for f in files:
        events = clang_paired(load(f))
        unit = os.path.basename(f)
        unit = unit[:-8] if unit.endswith(".json.gz") else unit[:-5]
        result = tree_rules.tree(events)[0]
        fe = [e["dur"] for i, e in enumerate(events, 1)
              if e.get("name") == "Frontend" and i in result and "Frontend" not in result[i][3].rsplit(";", 1)[0].split(";")]
        be = [e["dur"] for e in events if e.get("name") == "Backend"]
        ex = [e["dur"] for e in events if e.get("name") == "ExecuteCompiler"]
        if fe or be or ex:
            per[f] = (unit,) + tuple(r6(sum(x)) if x else None for x in (fe, be, ex))
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
            elif e.get("name") == "Source" and "dur" in e:      # an X, or a b with its e
                t = heads.setdefault(e["args"]["detail"], [0, 0, set()])
                t[0] += e["dur"]
                t[1] += 1
                t[2].add(f)             # a translation unit is its trace file
    return per, tmpl, sets, funcs, heads


def num(x):
    return None if x == "" else float(x)


def test_clang(params, files, label):
    """The three clang-*.sql files with params (:trace and maybe :options)
    against clang_oracle(files)."""
    per, tmpl, sets, funcs, heads = clang_oracle(files)
    rows = sql_rows("sql/clang-files.sql", params, "clang-files.sql on %s" % label)
    if rows is not None:
        n = len(per)
        check({r[4]: (r[0], num(r[1]), num(r[2]), num(r[3])) for r in rows[:n]} == per and len(rows[:n]) == n,
              "clang-files.sql on %s (parse)" % label)
        codegen = [(f, v[2]) for f, v in per.items() if v[2] is not None]
        check([(r[2], float(r[1])) for r in rows[n:]] ==
              sorted(codegen, key=lambda x: (-x[1], per[x[0]][0], x[0])),
              "clang-files.sql on %s (codegen)" % label)
    rows = sql_rows("sql/clang-templates.sql", params, "clang-templates.sql on %s" % label)
    if rows is not None:
        n = len(tmpl)
        check({r[3]: (float(r[0]), int(r[1])) for r in rows[:n]} == {k: (r6(v[0]), v[1]) for k, v in tmpl.items()},
              "clang-templates.sql on %s (templates)" % label)
        check({r[2]: (float(r[0]), int(r[1])) for r in rows[n:]} == {k: (r6(v[0]), v[1]) for k, v in sets.items()},
              "clang-templates.sql on %s (template sets)" % label)
    keys = sorted(funcs)
    dem = dict(zip(keys, filter_out("c++filt", keys)))
    by_name = {}                 # a function is its c++filt name (D0 and D2 destructors: one)
    for k, v in funcs.items():
        t = by_name.setdefault(dem[k], [0, 0])
        t[0] += v[0]
        t[1] += v[1]
    rows = sql_rows("sql/clang-functions.sql", params, "clang-functions.sql on %s" % label)
    if rows is not None:
        nf = len(by_name)
        check(sorted((float(r[0]), int(r[1]), r[2]) for r in rows[:nf]) ==
              sorted((r6(v[0]), v[1], k) for k, v in by_name.items()),
              "clang-functions.sql on %s (functions, c++filt names)" % label)
        check({r[3]: (float(r[0]), int(r[1]), int(r[2])) for r in rows[nf:]} ==
              {k: (r6(v[0]), v[1], len(v[2])) for k, v in heads.items()} and len(heads) > 10,
              "clang-functions.sql on %s (headers)" % label)
    return per


def test_clang_units(per):
    """Two translation units of one name (two targets' main.cpp): two rows."""
    pattern = os.path.join(DATA, "clang-*.json")
    with tempfile.TemporaryDirectory() as tmp:
        two = sorted(glob.glob(pattern))[:2]
        for k, f in enumerate(two):
            os.makedirs(os.path.join(tmp, "t%d" % k))
            os.symlink(os.path.abspath(f), os.path.join(tmp, "t%d" % k, "main.cpp.json"))
        both = sql_file("sql/clang-files.sql", {":trace": os.path.join(tmp, "t*/main.cpp.json")})
        want = sorted(per[f][1:] for f in two)
        check(sorted((float(r[1]), float(r[2]), float(r[3])) for r in both[:2]) == want and len(both) == 4,
              "clang-files.sql: two units named main.cpp are two rows", repr(both))


def main():
    files = sorted(glob.glob(BUILD + "/deps/*.json.gz") + glob.glob(BUILD + "/build/*/*.json.gz") +
                   glob.glob(BUILD + "/build/*/out/*.json.gz"))
    test_build_units(files)
    test_hot_generics(files)
    with tempfile.TemporaryDirectory() as tmp:
        test_build_diff(files, tmp)
    pattern = os.path.join(DATA, "clang-*.json")
    per = test_clang({":trace": pattern}, sorted(glob.glob(pattern)), "the four clang traces")
    test_clang_units(per)
    for build in ("cmake-clang14", "cmake-clang19"):
        folder = os.path.join("tests/data", build)
        test_clang({":trace": folder, ":options": "recursive=1,skip=nontrace"},
                   sorted(glob.glob(folder + "/CMakeFiles/**/*.json.gz", recursive=True)), build + " (a folder, recursive=1)")
    return report()


if __name__ == "__main__":
    sys.exit(main())
