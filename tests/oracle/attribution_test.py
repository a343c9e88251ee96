#!/usr/bin/python3
"""attribution_test.py: the sql/ files that give all of LLVM's time to
functions (sql/llvm-time-by-*.sql), against the same tables made in
Python: the call tree and the `symbol` column from tree_rules.py (the
oracle of tree_oracle.py, from the raw JSON), function names from rustfilt
and c++filt.  The crate and generic groupings take crate_of() and
strip_generics() of each symbol from the extension (their own rules are
tested in tests/unit and seed_pipelines.py); what is checked here is the
attribution, the grouping, the shares of all LLVM time and the order.

Traces: tiny-v0 (rustc, v0), tiny-legacy, a clang trace (C++) and the 97
files of a real cargo build (one statement over the folder).  Also: the
rows of llvm-time-by-function.sql add up to every slice's self time
(100 %), and on the evidence side, the function named by OptFunction's
own detail gets at least OptFunction's self time.
Prints "N passed, M failed".
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import DATA, check, connect, report  # noqa: E402
from tree_rules import events_of  # noqa: E402
import tree_rules  # noqa: E402

BUILD = "tests/data/build-v0"
NONE = "(no single function)"


def slices(paths):
    """[(symbol, name, self_dur)] of every slice of the files."""
    out = []
    for p in paths:
        events = events_of(p)
        tree = tree_rules.tree(events, brute=False)[0]
        syms = tree_rules.symbols(events, tree)
        for rowid, (_, _, self_t, _) in tree.items():
            out.append((syms[rowid], tree_rules.name_text(events[rowid - 1].get("name")), self_t))
    return out


def demangled(symbols):
    """symbol -> what rustfilt then c++filt print for it (demangle()'s rule)."""
    symbols = sorted(symbols)
    text = "".join(s + "\n" for s in symbols)
    out = subprocess.run("rustfilt | c++filt", shell=True, input=text.encode(), stdout=subprocess.PIPE,
                         check=True).stdout.decode().split("\n")
    return dict(zip(symbols, out))


def run(db, sql_file, trace, limit):
    return db.execute(open(sql_file).read(), {"trace": trace, "limit": limit}).fetchall()


def per(db, fn, symbols):
    """symbol -> fn(symbol) computed by the extension (crate_of, ...)."""
    return {s: db.execute("SELECT %s" % fn, (s,)).fetchone()[0] for s in symbols}


def close(a, b, eps):
    return abs(a - b) <= eps


def check_by_function(db, label, trace, sl):
    total = sum(s[2] for s in sl)
    names = demangled({s[0] for s in sl if s[0] is not None})
    groups = {}
    for sym, _, self_t in sl:
        key = NONE if sym is None else names[sym]
        g = groups.setdefault(key, [0.0, 0])
        g[0] += self_t
        g[1] += 1
    want = sorted(groups.items(), key=lambda kv: (-kv[1][0], kv[0].encode()))
    got = run(db, "sql/llvm-time-by-function.sql", trace, -1)
    ok = len(got) == len(want)
    for g, (fn, (us, n)) in zip(got, want):
        if not (g[3] == fn and g[2] == n and close(g[0], us / 1e6, 1e-6) and close(g[1], 100.0 * us / total, 1e-3)):
            print("  %s by function: got %r want %r" % (label, g, (us / 1e6, 100.0 * us / total, n, fn)))
            ok = False
            break
    check(ok, "%s: llvm-time-by-function.sql, %d functions as Python makes them" % (label, len(want)))
    check(close(sum(r[1] for r in got), 100.0, 0.001 * len(got) + 1e-9),
          "%s: the functions' shares add up to all of LLVM's time" % label)
    check(len(run(db, "sql/llvm-time-by-function.sql", trace, None)) == min(50, len(want)),
          "%s: llvm-time-by-function.sql shows 50 rows by default" % label)
    return names


def check_by_crate(db, label, trace, sl):
    total = sum(s[2] for s in sl)
    syms = {s[0] for s in sl if s[0] is not None}
    crate = per(db, "crate_of(?)", syms)
    nonstd = per(db, "crate_of(?, 'nonstd')", syms)
    groups = {}
    for sym, _, self_t in sl:
        c = NONE if sym is None else crate[sym] or "(no crate)"
        f = NONE if sym is None else nonstd[sym] or "(no crate)"
        g = groups.setdefault(c, {})
        g[f] = g.get(f, 0.0) + self_t
    want = []
    for c, fs in groups.items():
        top = sorted(fs.items(), key=lambda kv: (-kv[1], kv[0].encode()))[:5]
        want.append((sum(fs.values()), c, ",".join(f for f, _ in top)))
    want.sort(key=lambda w: (-w[0], w[1].encode()))
    got = run(db, "sql/llvm-time-by-crate.sql", trace, -1)
    ok = len(got) == len(want)
    for g, (us, c, mostly) in zip(got, want):
        if not (g[2] == c and g[3] == mostly and close(g[0], us / 1e6, 1e-6) and close(g[1], 100.0 * us / total, 1e-3)):
            print("  %s by crate: got %r want %r" % (label, g, (us / 1e6, c, mostly)))
            ok = False
            break
    check(ok, "%s: llvm-time-by-crate.sql, %d crates as Python makes them" % (label, len(want)))


def check_by_generic(db, label, trace, sl):
    total = sum(s[2] for s in sl)
    syms = {s[0] for s in sl if s[0] is not None}
    generic = per(db, "strip_generics(?)", syms)
    groups = {}
    for sym, _, self_t in sl:
        k = NONE if sym is None else generic[sym]
        g = groups.setdefault(k, [0.0, set()])
        g[0] += self_t
        if sym is not None:
            g[1].add(sym)
    want = sorted(((us, len(s), k) for k, (us, s) in groups.items()), key=lambda w: (-w[0], w[2].encode()))
    got = run(db, "sql/llvm-time-by-generic.sql", trace, -1)
    ok = len(got) == len(want)
    for g, (us, n, k) in zip(got, want):
        if not (g[3] == k and g[2] == n and close(g[0], us / 1e6, 1e-6) and close(g[1], 100.0 * us / total, 1e-3)):
            print("  %s by generic: got %r want %r" % (label, g, (us / 1e6, n, k)))
            ok = False
            break
    check(ok, "%s: llvm-time-by-generic.sql, %d generic functions as Python makes them" % (label, len(want)))


def check_by_pass(db, label, trace, sl, names, limit=4):
    total = sum(s[2] for s in sl)
    per_fn, per_pass = {}, {}
    for sym, name, self_t in sl:
        if sym is None:
            continue
        fn = names[sym]             # a function is its demangled name, as in by-function
        per_fn[fn] = per_fn.get(fn, 0.0) + self_t
        per_pass[(fn, name)] = per_pass.get((fn, name), 0.0) + self_t
    top = sorted(per_fn.items(), key=lambda kv: (-kv[1], kv[0].encode()))[:limit]
    want = []
    for fn, fus in top:
        passes = sorted(((us, n) for (f, n), us in per_pass.items() if f == fn), key=lambda p: (-p[0], p[1].encode()))
        want += [(fn, fus, n, us) for us, n in passes[:5]]
    got = run(db, "sql/llvm-time-by-pass-in-function.sql", trace, len(want))
    ok = len(got) == len(want)
    for g, (fn, fus, n, us) in zip(got, want):
        if not (g[0] == fn and g[2] == n and close(g[1], fus / 1e6, 1e-6) and close(g[3], us / 1e6, 1e-6)
                and close(g[4], 100.0 * us / total, 1e-3)):
            print("  %s by pass in function: got %r want %r" % (label, g, (fn, fus, n, us)))
            ok = False
            break
    check(ok, "%s: llvm-time-by-pass-in-function.sql, %d functions' passes as Python makes them" % (label, limit))


def check_opt_function(db, label, trace):
    """Evidence, not a definition: each OptFunction's own detail names the
    function it codegens, so that function gets at least the OptFunction
    slices' self time."""
    rows = db.execute("SELECT detail, sum(self_dur) FROM trace_events(?) WHERE name = 'OptFunction' "
                      "AND symbol = detail GROUP BY detail", (trace,)).fetchall()
    details = {r[0] for r in db.execute("SELECT detail FROM trace_events(?) WHERE name = 'OptFunction'", (trace,))}
    n = sum(1 for d in details if tree_rules.detail_symbol(d))
    got = dict(db.execute("SELECT symbol, sum(self_dur) FROM trace_events(?) GROUP BY symbol", (trace,)).fetchall())
    check(len(rows) == n and n > 0 and all(got.get(d, 0) >= us for d, us in rows),
          "%s: every OptFunction's function gets at least its self time (%d functions)" % (label, n))


def main():
    db = connect()
    build = []
    for d, _, files in os.walk(BUILD):
        build += [os.path.join(d, f) for f in files if f.endswith(".json.gz")]
    cases = [("tiny-v0", os.path.join(DATA, "tiny-v0.json"), [os.path.join(DATA, "tiny-v0.json")]),
             ("tiny-legacy", os.path.join(DATA, "tiny-legacy.json"), [os.path.join(DATA, "tiny-legacy.json")]),
             ("clang json_catalog", os.path.join(DATA, "clang-json_catalog.json"),
              [os.path.join(DATA, "clang-json_catalog.json")]),
             ("cargo build (%d files)" % len(build), BUILD + "/{deps/*,build/*/*,build/*/out/*}.llvm_timings.json.gz",
              build)]
    for label, trace, paths in cases:
        sl = slices(paths)
        # rustc's LLVM slices nearly all work on one function; clang's
        # frontend (parsing, instantiation) on none
        share = sum(1 for s in sl if s[0] is not None) / len(sl)
        check(share > (0.1 if "clang" in label else 0.5),
              "%s: slices that work on a function: %.0f %%" % (label, 100 * share))
        names = check_by_function(db, label, trace, sl)
        check_by_crate(db, label, trace, sl)
        check_by_generic(db, label, trace, sl)
        check_by_pass(db, label, trace, sl, names)
        if len(paths) == 1:
            check_opt_function(db, label, trace)
    return report()


if __name__ == "__main__":
    sys.exit(main())
