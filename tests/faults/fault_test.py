#!/usr/bin/python3
"""fault_test.py: statements run with their Nth allocation failing.

build/failmalloc.so (tests/faults/failmalloc.c) is preloaded into the
sqlite3 shell.  It counts the allocations made while the extension is on
the call stack (the extension's own, and those of yajl, zlib, PCRE2,
libstdc++ and SQLite on its behalf) and makes the Nth fail.  For each
statement the count C is measured first (no failure; that run's output
is the right answer), then the statement runs with TT_FAIL_AT=N: every
allocation from the Nth on fails ("all" mode), and for some N only the
Nth fails ("once" mode).  Each run must:

  - exit by itself (no signal, no sanitizer report) within a timeout;
  - print exactly the right answer, or fail with an error that says
    "out of memory" (SQLite's text for SQLITE_NOMEM), nothing else.

In the ASan pass (TT_ASAN=1) the shim comes before libasan in LD_PRELOAD
and leak detection is on: a leak after a failed allocation is a failure.

Loading the extension is a statement of its own, counted apart: the
statements' N start after the load's allocations.  When the load itself
runs out of memory the extension cannot allocate its message either, so
SQLite's "error during initialization: " with an empty text is accepted
there too.

glibc's glob() frees its list twice when one of its own allocations
fails (the shim notes when the first failure is inside glob): such a
crash is listed, not counted (README, Errors).

Which N: all of 1..C when C is at most TT_FAULT_MAX (default 150, 24
under ASan; 0 means no limit), else the first TT_FAULT_MAX/2 and the rest
spread evenly over 1..C with a seeded random jitter (TT_FAULT_SEED).
Prints "N passed, M failed" last.
"""
import concurrent.futures
import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXT = os.environ.get("TT_EXT", os.path.join(ROOT, "build", "timetrace"))
DATA = os.environ.get("TT_DATA", os.path.join(ROOT, "build", "testdata"))
ASAN = os.environ.get("TT_ASAN") == "1"
SHIM = os.path.join(ROOT, "build", "failmalloc.so")
SQLITE3 = shutil.which("sqlite3") or "sqlite3"
TIMEOUT = 60 if ASAN else 20
MAX_N = int(os.environ.get("TT_FAULT_MAX", "24" if ASAN else "150"))
SEED = int(os.environ.get("TT_FAULT_SEED", "17"))
JOBS = int(os.environ.get("TT_FAULT_JOBS", str(min(4, os.cpu_count() or 1))))
VERBOSE = os.environ.get("TT_FAULT_VERBOSE") == "1"

SANITIZER = re.compile(r"ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: \w+Sanitizer")


def base_env():
    env = dict(os.environ)
    env.pop("TT_FAIL_AT", None)
    env.pop("TT_FAIL_ONCE", None)
    env.pop("TT_FAIL_COUNT", None)
    env["TT_FAIL_LIB"] = os.path.basename(EXT) + ".so"
    if ASAN:
        libasan = env.get("LD_PRELOAD", "").split(":")[0]
        if "asan" not in libasan:
            libasan = subprocess.run([os.environ.get("CC", "cc"), "-print-file-name=libasan.so"],
                                     stdout=subprocess.PIPE, text=True).stdout.strip()
        # the shim first: its malloc forwards to ASan's
        env["LD_PRELOAD"] = SHIM + ":" + libasan
        env["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=1:verify_asan_link_order=0"
    else:
        env["LD_PRELOAD"] = SHIM
    return env


ENV = base_env()


def run(args, fail_at=0, once=False, count_file=None, note_file=None):
    env = dict(ENV)
    if fail_at:
        env["TT_FAIL_AT"] = str(fail_at)
    if note_file:
        env["TT_FAIL_NOTE"] = note_file
    if once:
        env["TT_FAIL_ONCE"] = "1"
    if count_file:
        env["TT_FAIL_COUNT"] = count_file
    try:
        p = subprocess.run([SQLITE3, "-bail", "-batch", ":memory:"] + args, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, "", "timeout", ""
    note = ""
    if note_file and os.path.exists(note_file):
        with open(note_file) as f:
            note = f.read().strip()
        os.unlink(note_file)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"), note


def measure(args, tmp):
    cf = os.path.join(tmp, "count")
    if os.path.exists(cf):
        os.unlink(cf)
    rc, out, err, _ = run(args, count_file=cf)
    with open(cf) as f:
        return rc, out, err, int(f.read().strip())


def pick(count):
    if MAX_N <= 0 or count <= MAX_N:
        return list(range(1, count + 1))
    rnd = random.Random(SEED * 1000003 + count)
    head = MAX_N // 2
    ns = set(range(1, head + 1))
    rest = MAX_N - head
    span = (count - head) / rest
    for i in range(rest):
        lo = head + 1 + int(i * span)
        hi = head + int((i + 1) * span)
        ns.add(rnd.randint(lo, max(lo, hi)))
    return sorted(ns)


def judge(res, right, load_stmt):
    """None when the run is acceptable, "glob" for glibc's glob() crashing
    on its own failed allocation or taking it for an empty folder, else
    what is wrong with the run."""
    rc, out, err, note = res
    crashed = rc is not None and (rc < 0 or SANITIZER.search(err))
    # (under ASan the double free shows as a use after free in glob.c)
    if crashed and note == "glob" and ("double free" in err or "/glob.c:" in err):
        return "glob"
    # glibc's glob() without GLOB_ERR ignores a folder it could not open,
    # so its own failed allocation (opendir's) reads as "no match"
    if note == "glob" and "no file matches this pattern" in err:
        return "glob"
    if rc is None:
        return "hang (no exit within %d s)" % TIMEOUT
    if rc < 0:
        return "killed by signal %d: %s" % (-rc, err.strip()[-600:])
    if SANITIZER.search(err):
        return "sanitizer report: " + err.strip()[-1500:]
    if rc == 0 and out == right and err == "":
        return None
    if "out of memory" in err:
        return None
    if load_stmt and re.search(r"error during initialization: *$", err.strip()):
        return None
    return "wrong answer (exit %s): stdout %r stderr %r" % (rc, out[-300:], err[-300:])


def cut_trace(src, dst, nbytes):
    """The first events of the object-format trace src whose JSON is about
    nbytes long, and its metadata events, as an object-format trace."""
    with open(src, encoding="utf-8") as f:
        doc = json.load(f)
    evs = doc["traceEvents"]
    keep, size = [], 0
    for e in evs:
        if e.get("ph") == "M":
            continue
        size += len(json.dumps(e, separators=(",", ":")))
        if size > nbytes:
            break
        keep.append(e)
    keep += [e for e in evs if e.get("ph") == "M"]
    doc["traceEvents"] = keep
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"))


def symbols(name, n):
    out = []
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        lines = [ln.split("\t")[0] for ln in f if ln.strip()]
    step = max(1, len(lines) // n)
    for ln in lines[::step][:n]:
        out.append(ln)
    return out


def sql_values(items):
    return ",".join("('%s')" % s.replace("'", "''") for s in items)


def statements(tmp):
    small = os.path.join(tmp, "small.json")      # a rustc trace: symbols, a call tree
    cut_trace(os.path.join(DATA, "tiny-v0.json"), small, 40000)
    clang = os.path.join(tmp, "clang.json")
    cut_trace(os.path.join(DATA, "clang-meta_tasks.json"), clang, 30000)
    gz = os.path.join(tmp, "small.json.gz")
    with open(small, "rb") as f, gzip.open(gz, "wb") as g:
        g.write(f.read())
    gdir = os.path.join(tmp, "two")
    os.mkdir(gdir)
    shutil.copy(small, os.path.join(gdir, "a.json"))
    shutil.copy(clang, os.path.join(gdir, "b.json"))
    sdir = os.path.join(tmp, "skips")          # a trace and a file that is not one
    os.mkdir(sdir)
    shutil.copy(small, os.path.join(sdir, "a.json"))
    with open(os.path.join(sdir, "compile_commands.json"), "w") as f:
        f.write('[{"directory": "/x", "command": "cc -c a.c", "file": "a.c"}]')
    cut = os.path.join(tmp, "cut.json")
    with open(small, "rb") as f:
        b = f.read()
    with open(cut, "wb") as f:
        f.write(b[: len(b) * 2 // 3])
    rust = sql_values(symbols("rust_symbols.tsv", 300))
    cxx = sql_values(symbols("cxx_symbols.tsv", 200))

    def q(p):
        return "'" + p.replace("'", "''") + "'"
    T = q(small)
    return [
        ("scan with pushdown",
         "SELECT name, count(*), sum(dur) FROM trace_events(%s) WHERE ph='X' GROUP BY name ORDER BY name" % q(clang)),
        ("call tree",
         "SELECT max(depth), sum(self_dur), count(stack), count(symbol) FROM trace_events(%s)" % T),
        ("rowid join",
         "SELECT count(*), sum(length(p.name)) FROM trace_events(%s) c JOIN trace_events(%s) p ON p.rowid = c.parent" % (T, T)),
        ("trace_metadata",
         "SELECT key, value FROM trace_metadata(%s) ORDER BY 1, 2" % T),
        ("gzip file",
         "SELECT count(*), sum(dur), max(depth) FROM trace_events(%s)" % q(gz)),
        ("glob of two files",
         "SELECT file, count(*), sum(dur) FROM trace_events(%s) GROUP BY file ORDER BY file" % q(os.path.join(gdir, "*.json"))),
        ("grouped scan (the table groups the rows)",
         "SELECT name, pid, count(*), sum(dur), max(stack), max(ts) FROM trace_events(%s) GROUP BY name, pid" % T),
        ("grouped glob by unit",
         "SELECT unit, count(DISTINCT file), count(*), sum(dur) FROM trace_events(%s) GROUP BY unit"
         % q(os.path.join(gdir, "*.json"))),
        ("grouped glob by unit with the tree: files in key order, read ahead on workers",
         "SELECT unit, count(*), sum(CASE WHEN depth = 0 THEN dur END), total(self_dur), max(parent) "
         "FROM trace_events(%s) GROUP BY unit" % q(os.path.join(gdir, "*.json"))),
        ("grouped glob by name, rows kept as each tree is built (one pass)",
         "SELECT name, count(*), sum(CASE WHEN depth = 0 THEN dur END), total(self_dur), max(parent) "
         "FROM trace_events(%s) GROUP BY name" % q(os.path.join(gdir, "*.json"))),
        ("glob with the tree's columns and fields (each file read once, on workers)",
         "SELECT count(*), sum(CASE WHEN depth = 0 THEN dur END), total(self_dur), max(name), max(parent) "
         "FROM trace_events(%s)" % q(os.path.join(gdir, "*.json"))),
        ("glob with the tree's columns and fields, threads=1 (each file read once, when reached)",
         "SELECT count(*), total(self_dur), max(name), max(stack) "
         "FROM trace_events(%s, 'threads=1') WHERE ph = 'X'" % q(os.path.join(gdir, "*.json"))),
        ("skip=nontrace: trace_metadata's rows of the files left out",
         "SELECT key, value, file, rowid FROM trace_metadata(%s, 'skip=nontrace')" % q(sdir)),
        ("frames=detail: stacks of names and demangled details",
         "SELECT stack, count(*), nested_same_name FROM trace_events(%s, 'frames=generic') GROUP BY stack" % T),
        ("partial=1 on a cut file",
         "SELECT count(*), sum(dur), max(depth) FROM trace_events(%s, 'partial=1')" % q(cut)),
        ("rust symbol functions",
         "WITH s(x) AS (VALUES %s) SELECT rust_demangle(x), crate_of(x), strip_generics(rust_demangle(x)), "
         "instantiating_crate(x) FROM s" % rust),
        ("crates_of, v0 impl crates",
         "WITH s(x) AS (VALUES %s, ('_RNvMNtCsgEmfK2I1SDS_4core5sliceSh9ends_with'), "
         "('_RINvMNtCsgEmfK2I1SDS_4core3stre11starts_withReECsfuueT0yDokO_15web_http_server')) "
         "SELECT crates_of(x) FROM s" % rust),
        ("c++ symbol functions",
         "WITH s(x) AS (VALUES %s) SELECT demangle(x), strip_generics(demangle(x)) FROM s" % cxx),
        ("regexp",
         "SELECT name REGEXP '^[A-Z][a-z]+(Pass|Analysis)$', count(*) FROM trace_events(%s) "
         "WHERE name REGEXP '[a-z]' GROUP BY 1 ORDER BY 1" % T),
        ("flamegraph",
         "SELECT flamegraph(stack, self_dur) FROM trace_events(%s)" % T),
        ("flamegraph_diff",
         "SELECT flamegraph_diff(stack, iif(depth > 1, self_dur, NULL), self_dur, 'd', 0.5) FROM trace_events(%s)" % T),
        ("self_profile: rows, strings and the call tree",
         "SELECT kind, label, count(*), sum(self_ns), max(stack), max(args), max(unit) FROM self_profile(%s) "
         "GROUP BY kind, label ORDER BY 1, 2" % q(os.path.join(DATA, "selfprofile-args-threads2.mm_profdata"))),
        ("self_profile on 3 threads: kind filter, labels and arguments",
         "SELECT label, count(*), max(args), sum(dur_ns) FROM self_profile(%s, 'threads=3') "
         "WHERE kind = 'Query' GROUP BY label ORDER BY 1"
         % q(os.path.join(DATA, "selfprofile-args-threads2.mm_profdata"))),
        ("self_profile_metadata and duration_text",
         "SELECT key, value, unit, duration_text(length(value) * 1000003, 'exact') FROM self_profile_metadata(%s)"
         % q(os.path.join(DATA, "selfprofile-small.mm_profdata"))),
        ("cargo_timings: a folder of pages, every column",
         "SELECT * FROM cargo_timings(%s)" % q(os.path.join(ROOT, "tests", "data", "cargo-build", "cargo-timings"))),
        ("cargo_timings JOIN trace_events USING (unit)",
         "SELECT c.unit, c.duration, count(e.name), sum(e.dur) FROM cargo_timings(%s) c "
         "JOIN trace_events(%s) e USING (unit) GROUP BY c.unit"
         % (q(os.path.join(ROOT, "tests", "data", "cargo-build")),
            q(os.path.join(ROOT, "tests", "data", "cargo-build", "deps", "{cfg_if,itoa,scopeguard}-*.llvm_timings.json.gz")))),
        ("chrome_trace",
         "SELECT chrome_trace(pid, tid, ph, name, cat, ts, dur, json_set(args, '$.detail', demangle(detail)), "
         "id, extra) FROM trace_events(%s)" % T),
        ("timetrace_debug",
         "SELECT timetrace_debug()"),
    ]


def main():
    if not os.path.exists(SHIM):
        print("missing %s (make builds it)" % SHIM)
        print("0 passed, 1 failed")
        return 1
    tmp = tempfile.mkdtemp(prefix="tt-faults-")
    passed = failed = 0
    load = [".load " + EXT]
    try:
        rc, out, err, nload = measure(load, tmp)
        if rc != 0 or err:
            print("FAIL loading the extension: %r" % err)
            print("0 passed, 1 failed")
            return 1
        work = [("load", load, out, 0, nload, True)]
        for title, sql in statements(tmp):
            args = load + [sql]
            rc, out, err, total = measure(args, tmp)
            if rc != 0 or err or not out:
                print("FAIL %s: no answer without faults: %r" % (title, err[-500:]))
                failed += 1
                continue
            work.append((title, args, out, nload, total - nload, False))
        jobs = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=JOBS) as pool:
            for title, args, right, base, count, is_load in work:
                ns = pick(count)
                once = ns[::4]
                print("%-26s %6d allocations, %d runs failing from N on, %d failing only N"
                      % (title, count, len(ns), len(once)))
                for mode, nlist in (("all", ns), ("once", once)):
                    for n in nlist:
                        note = os.path.join(tmp, "note-%d" % len(jobs))
                        jobs.append((title, n, mode, right, is_load,
                                     pool.submit(run, args, base + n, mode == "once", None, note)))
            sys.stdout.flush()
            bad = {}
            skipped = []
            for title, n, mode, right, is_load, fut in jobs:
                why = judge(fut.result(), right, is_load)
                if why == "glob":
                    skipped.append("%s N=%d (%s)" % (title, n, mode))
                elif why is None:
                    passed += 1
                    if VERBOSE:
                        print("ok   %s N=%d (%s)" % (title, n, mode))
                else:
                    failed += 1
                    bad.setdefault(title, 0)
                    bad[title] += 1
                    if bad[title] <= 3:
                        print("FAIL %s N=%d (%s): %s" % (title, n, mode, why))
            for title, k in bad.items():
                print("%s: %d failing runs" % (title, k))
            if skipped:
                # glibc's glob() frees a list twice when one of its own
                # allocations fails (README, Errors): not ours to fix
                print("not counted, glibc's glob() double-freed, or found no match, after its own failed allocation: "
                      + ", ".join(skipped))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
