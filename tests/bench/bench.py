#!/usr/bin/python3
"""bench.py: timetrace's benchmarks (make bench; never part of make test).

Inputs are made in build/bench/ from the corpus beside the project
(../shared/corpus, or $TT_CORPUS) and reused when present:
  web-v0.json      the web_http_server final-crate trace, v0 (963 MB, one line)
  web-v0.jsonl     the same events as JSON Lines (tests/bench/to_jsonl.c)
  web-legacy.jsonl the same build's legacy-mangled trace as JSON Lines
  web-1400.json    the scanning benchmark's input, 1.40 GB, one line: every
                   event of web-v0, then legacy events (another real rustc
                   run, its own pid) up to 1.40 GB (tests/bench/make_big.py)
  web-1400.jsonl   the same events as JSON Lines
  symbols.txt      every args.detail of web-v0.json that is a Rust symbol
                   (starts with _R or _ZN), one per line, in file order
  symbols.db       the same symbols in a SQLite table s(detail)

Every competitor is checked to give the same answer before it is timed.
Each scanning time is the median of 5 runs of the whole command (wall
clock), taken in rounds (each command once per round), with its peak
resident memory (/usr/bin/time); other times are medians of 5 runs.  How
many times a statement reads the file is counted in bytes read (rchar of
/proc/PID/io) over the file's size.  jq and DuckDB are cut off after
10 minutes.  Writes tests/bench/RESULTS.md and prints it.
Set TT_BENCH_QUICK=1 to skip jq (minutes, GBs of memory).
"""
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build", "bench")
CORPUS = os.environ.get("TT_CORPUS", os.path.join(ROOT, "..", "shared", "corpus"))
EXT = os.path.join(ROOT, "build", "timetrace")
WEB_XZ = os.path.join(CORPUS, "traces/web_http_server/v0/web_http_server-6e6f731551602307.llvm_timings.json.xz")
LEGACY_DIR = os.path.join(CORPUS, "traces/web_http_server/legacy")
BIG_BYTES = 1400000000
RUNS = int(os.environ.get("TT_BENCH_RUNS", "5"))
QUICK = os.environ.get("TT_BENCH_QUICK") == "1"
CUTOFF = 600


def sh(cmd):
    return subprocess.run(cmd, shell=True, check=True, stdout=subprocess.PIPE).stdout.decode()


def timed(cmd, runs=RUNS):
    """Median wall seconds, max peak RSS (KB) and the output of `runs` runs;
    (None, None, None) when it went past the cut-off."""
    secs, rss, out = [], [], ""
    for _ in range(runs):
        t0 = time.time()
        try:
            p = subprocess.run(["/usr/bin/time", "-f", "%M", "sh", "-c", cmd], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=CUTOFF)
        except subprocess.TimeoutExpired:
            return None, None, None
        secs.append(time.time() - t0)
        if p.returncode != 0:
            raise SystemExit("failed: %s\n%s" % (cmd, p.stderr.decode()[-2000:]))
        rss.append(int(p.stderr.decode().strip().split("\n")[-1]))
        out = p.stdout.decode()
    return statistics.median(secs), max(rss), out


def sqlite(sql, db=":memory:"):
    return "sqlite3 -batch %s '.load %s' \"%s\"" % (db, EXT, sql.replace('"', '\\"'))


def make_inputs():
    os.makedirs(BUILD, exist_ok=True)
    web = os.path.join(BUILD, "web-v0.json")
    if not os.path.exists(web):
        if not os.path.exists(WEB_XZ):
            raise SystemExit("bench: %s not found (set TT_CORPUS)" % WEB_XZ)
        print("making", web)
        sh("xz -dc '%s' > '%s.tmp' && mv '%s.tmp' '%s'" % (WEB_XZ, web, web, web))
    jsonl = os.path.join(BUILD, "web-v0.jsonl")
    if not os.path.exists(jsonl):
        print("making", jsonl)
        sh("'%s/to_jsonl' < '%s' > '%s.tmp' && mv '%s.tmp' '%s'" % (BUILD, web, jsonl, jsonl, jsonl))
    legacy = os.path.join(BUILD, "web-legacy.jsonl")
    if not os.path.exists(legacy):
        xz = [f for f in sorted(os.listdir(LEGACY_DIR)) if f.endswith(".llvm_timings.json.xz")]
        if not xz:
            raise SystemExit("bench: no legacy trace in %s" % LEGACY_DIR)
        print("making", legacy)
        sh("xz -dc '%s/%s' | '%s/to_jsonl' > '%s.tmp' && mv '%s.tmp' '%s'" %
           (LEGACY_DIR, xz[0], BUILD, legacy, legacy, legacy))
    big = os.path.join(BUILD, "web-1400.json")
    bigl = os.path.join(BUILD, "web-1400.jsonl")
    if not (os.path.exists(big) and os.path.exists(bigl)):
        print("making", big, "and", bigl)
        sh("python3 '%s/tests/bench/make_big.py' '%s' '%s' %d '%s.tmp' '%s.tmp' && mv '%s.tmp' '%s' && mv '%s.tmp' '%s'" %
           (ROOT, jsonl, legacy, BIG_BYTES, big, bigl, big, big, bigl, bigl))
    syms = os.path.join(BUILD, "symbols.txt")
    db = os.path.join(BUILD, "symbols.db")
    if not os.path.exists(db):
        print("making", db, "and", syms)
        for f in (db, db + ".tmp"):
            if os.path.exists(f):
                os.remove(f)
        sh(sqlite("CREATE TABLE s AS SELECT detail FROM trace_events('%s') "
                  "WHERE detail GLOB '_R*' OR detail GLOB '_ZN*'" % web, db + ".tmp"))
        sh("sqlite3 -batch '%s' 'SELECT detail FROM s' > '%s'" % (db + ".tmp", syms))
        os.rename(db + ".tmp", db)
    return big, bigl, web, syms, db


def file_reads(cmd_sql, path):
    """How many times the statement reads the file: the bytes the sqlite3
    process read (rchar of /proc/PID/io, asked by the shell's .system after
    the statement), less those of a shell that runs no statement, over the
    file's size."""
    def rchar(sql):
        out = sh(sqlite(sql) + " '.system grep ^rchar: /proc/$PPID/io'")
        return int([l for l in out.split("\n") if l.startswith("rchar:")][0].split()[1])
    return (rchar(cmd_sql) - rchar("SELECT 1")) / os.path.getsize(path)


def tree_memory(q, qtreedur, small, big, n_slices):
    """Peak RSS of a statement reading the tree and a field beyond that of
    the plain scan (medians of 3 runs), on a smaller trace and on the big
    one, with one thread and with two: {threads: {beyond, beyond_small,
    slices_small, slope}}, in bytes."""
    slices_small = int(sh(sqlite("SELECT count(depth) FROM trace_events('%s')" % small)).strip())
    out = {}
    for n in (1, 2):
        opt = "threads=%d" % n
        rss = lambda query, path: statistics.median(timed(sqlite(query % (path, opt)), 1)[1] for _ in range(3))
        beyond_small = (rss(qtreedur, small) - rss(q, small)) * 1024.0
        beyond = (rss(qtreedur, big) - rss(q, big)) * 1024.0
        out[n] = {"beyond": beyond, "beyond_small": beyond_small, "slices_small": slices_small,
                  "slope": (beyond - beyond_small) / (n_slices - slices_small)}
    return out


def verdict(ok, text, why):
    return "- %s: %s%s" % ("**met**" if ok else "**missed**", text, "" if ok else " " + why)


def targets(res, n_events, n_slices, mb, mbl, passes, memory):
    """The issues' targets, each met or missed by how much, and why."""
    t_yajl = res["yajl"][0]
    x = lambda key, size=mb: (size / res[key][0]) / (mb / t_yajl)
    out = ["## Targets", ""]
    out.append(verdict(x("count1") >= 0.8 and res["count1"][1] < 64 * 1024,
                       "single thread, `count(*), sum(dur)` at %.2fx the yajl parse's MB/s (target 0.8x), "
                       "peak RSS %.1f MB (target < 64 MB); with the fast path off (`lexer=yajl`) %.2fx."
                       % (x("count1"), res["count1"][1] / 1024, x("count1y")),
                       "The rows cost more than yajl's empty callbacks."))
    ok2 = x("count2") >= 1.6 and x("lines2", mbl) >= 1.6
    line = ("two threads, %.2fx the yajl parse on the object form and %.2fx on JSON Lines (target 1.6x on both)"
            % (x("count2"), x("lines2", mbl)))
    if "duck" in res:
        line += "; DuckDB `read_ndjson` on the JSON Lines %.2f s against timetrace's %.2f s (JSON Lines) and %.2f s (object)" % (
            res["duck"][0], res["lines2"][0], res["count2"][0])
        ok2 = ok2 and res["duck"][0] > max(res["lines2"][0], res["count2"][0])
    out.append(verdict(ok2, line + ".", "Two workers and SQLite's own thread share the two cores."))
    # GROUP BY name's target moved to bench_reports.py (issue 19), which
    # measures what SQLite itself takes for the same GROUP BY: 1.5x the scan
    # with SQLite's aggregate inside is out of any table's reach
    r3 = res["group2"][0] / res["count2"][0]
    out.append("- `GROUP BY name` takes %.2fx the `count(*)` scan with two threads (%.2fx with one); its target "
               "(1.5x the scan plus SQLite's own time for the same GROUP BY) is in the reports section below."
               % (r3, res["group1"][0] / res["count1"][0]))
    # The call tree's bound (issue 5): "at most 24 bytes of memory per slice
    # beyond the plain scan, and the time of at most one extra pass over the
    # file".  Memory: the peak RSS beyond the plain scan, on this trace and on
    # web-v0.json (fewer slices); its growth per slice between the two is what
    # the tree costs per slice, and what is left at 24 bytes per slice does
    # not grow with the trace (the tree's code pages, the thread table, a page
    # per thread not yet filled, the 64 KB prefault window).  The met/missed
    # line allows that part 1 MiB.  The extra pass is counted in bytes read
    # (rchar of /proc/PID/io over the file's size) and timed against a pass
    # over the file that reads the same six fields.
    for n, label in ((1, "one thread"), (2, "two threads")):
        key, one, base_key, build, six = ("%s%d" % (k, n) for k in ("treedur", "tree", "count", "build", "six"))
        rt = res[key][0] / res[base_key][0]
        extra = res[key][0] - res[base_key][0]
        m = memory[n]
        fixed = m["beyond"] - 24.0 * n_slices
        reads = (passes["count%d" % n], passes["tree%d" % n], passes["treedur%d" % n])
        ok = (fixed <= 1 << 20 and reads[0] < 1.05 and reads[1] < 1.05 and reads[2] < 2.05
              and res[build][0] <= res[six][0])
        out.append(verdict(ok,
                           "call tree, %s: the file is read %.2f times by the plain scan, %.2f times by a "
                           "statement reading only the tree's columns and %.2f times by one reading the tree "
                           "and a field (one extra pass; bytes read over the file's size). The extra pass with "
                           "the tree (first row only) takes %.2f s, %.2fx a pass over the file that reads the "
                           "six fields it reads (%.2f s; target at most 1x) and %.2fx the plain `count(*), "
                           "sum(dur)` scan: the tree's own work, %.0f ns per slice beyond that scan, is the "
                           "difference. Whole statements against the plain scan: the tree alone %.2fx, the "
                           "tree and a field %.2fx. Memory (median peak RSS of 3 runs, the tree and a field "
                           "against the plain scan): %.1f MB beyond the plain scan here, %.2f bytes per slice; "
                           "%.1f MB on web-v0.json (%d slices); so %.2f bytes per added slice, and %.0f KB that "
                           "do not grow with the trace (target: 24 bytes per slice, and at most 1 MiB that does "
                           "not grow)."
                           % (label, reads[0], reads[1], reads[2], res[build][0], res[build][0] / res[six][0],
                              res[six][0], res[build][0] / res[base_key][0],
                              (res[build][0] - res[base_key][0]) * 1e9 / n_slices,
                              res[one][0] / res[base_key][0], rt, m["beyond"] / 1e6, m["beyond"] / n_slices,
                              m["beyond_small"] / 1e6, m["slices_small"], m["slope"], fixed / 1024),
                           "Extra time beyond the plain scan: %.2f s." % extra))
    if "join1" in res:
        r = [(res["join%d" % n][0] / res["alone%d" % n][0], res["jointree%d" % n][0] / res["alone%d" % n][0])
             for n in (1, 2)]
        out.append(verdict(max(x[0] for x in r) <= 2,
                           "a join on parent (`JOIN trace_events(T) p ON p.rowid = c.parent`, reading p.name "
                           "and p.dur) takes %.2fx the same statement without the join with one thread and "
                           "%.2fx with two (target: within 2x); reading only p's tree columns, %.2fx and %.2fx."
                           % (r[0][0], r[1][0], r[0][1], r[1][1]),
                           "The lookups run on SQLite's thread, while the statement without the join spreads "
                           "its parsing over the workers; a parent that is not among the last 8 looked up is "
                           "read and parsed again (45% of the rows of the bench trace)."))
    if "treegroup2" in res and "group2" in res:
        out.append("- For scale, a query shaped like `sql/summarize.sql`'s core, `name, count(*), "
                   "sum(self_dur) GROUP BY name` (two threads), takes %.2f s against %.2f s for the same "
                   "query on `dur` (%.2fx)." % (res["treegroup2"][0], res["group2"][0],
                                               res["treegroup2"][0] / res["group2"][0]))
    out.append("")
    return out


def machine():
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return "%d CPUs (%s), %s" % (os.cpu_count(), model, platform.platform())


def duckdb_cmd(sql):
    """A node command running sql in DuckDB through @duckdb/node-api, if it is installed."""
    mod = os.path.join(BUILD, "duckdb", "node_modules", "@duckdb", "node-api")
    if not os.path.isdir(mod) and shutil.which("npm"):
        subprocess.run("npm install --prefix '%s/duckdb' --no-audit --no-fund @duckdb/node-api" % BUILD,
                       shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    if not os.path.isdir(mod):
        return None
    script = os.path.join(BUILD, "duckdb", "q.mjs")
    with open(script, "w") as f:
        f.write("import { DuckDBInstance } from '@duckdb/node-api';\n"
                "const db = await DuckDBInstance.create(':memory:');\n"
                "const c = await db.connect();\n"
                "const r = await c.runAndReadAll(process.argv[2]);\n"
                "console.log(JSON.stringify(r.getRowsJson()));\n")
    return "node '%s' \"%s\"" % (script, sql.replace('"', '\\"'))


def main():
    sh("make -C '%s' build/timetrace.so >/dev/null" % ROOT)
    os.makedirs(BUILD, exist_ok=True)
    for prog in ("yajl_baseline", "to_jsonl"):
        sh("cc -std=c11 -O2 -o '%s/%s' '%s/tests/bench/%s.c' -lyajl" % (BUILD, prog, ROOT, prog))
    web, jsonl, web_v0, syms, db = make_inputs()
    mb = os.path.getsize(web) / 1e6
    mbl = os.path.getsize(jsonl) / 1e6
    base = os.path.join(BUILD, "yajl_baseline")

    # ---- answers first -------------------------------------------------------
    n_events, total_dur = map(int, sh(sqlite("SELECT count(*), sum(dur) FROM trace_events('%s', 'threads=1')" % web)).strip().split("|"))
    for src, opt in ((web, "threads=2"), (web, "threads=1,lexer=yajl"), (jsonl, "threads=1"), (jsonl, "threads=2")):
        got = sh(sqlite("SELECT count(*), sum(dur) FROM trace_events('%s', '%s')" % (src, opt))).strip()
        assert got == "%d|%d" % (n_events, total_dur), (src, opt, got)
    assert ("%d objects" % n_events) in sh("'%s' '%s'" % (base, web))
    g1 = sh(sqlite("SELECT name, count(*), sum(dur) FROM trace_events('%s', 'threads=1') GROUP BY name" % web))
    g2 = sh(sqlite("SELECT name, count(*), sum(dur) FROM trace_events('%s') GROUP BY name" % web))
    assert g1 == g2
    n_groups = len([l for l in g1.split("\n") if l.strip()])
    n_fns, opt_dur = map(int, sh(sqlite("SELECT count(DISTINCT rust_demangle(detail)), sum(dur) FROM "
                                        "trace_events('%s') WHERE name = 'OptFunction'" % web)).strip().split("|"))
    n_syms_opt = int(sh(sqlite("SELECT count(DISTINCT detail) FROM trace_events('%s') "
                               "WHERE name = 'OptFunction'" % web)).strip())
    qtree = "SELECT sum(self_dur), max(depth), count(depth) FROM trace_events('%s', '%s')"
    tree1 = sh(sqlite(qtree % (web, "threads=1"))).strip()
    assert tree1 == sh(sqlite(qtree % (web, "threads=2"))).strip()
    n_slices = int(tree1.split("|")[2])
    # every slice of every large real trace at hand against the call tree's
    # oracle (tests/bench/tree_real.py; too big for make test)
    real = (web_v0, os.path.join(BUILD, "web-legacy.jsonl"),
            os.path.join(CORPUS, "traces/web_http_server/build-v0"))
    print("checking the call tree of", ", ".join(real))
    tree_check = [l for l in sh("/usr/bin/python3 '%s/tests/bench/tree_real.py' %s" % (
        ROOT, " ".join("'%s'" % p for p in real))).strip().split("\n")
        if l.startswith(("all:", web_v0, os.path.join(BUILD, "web-legacy")))]

    scan = []   # (what, file MB, seconds, rss KB)
    res = {}    # key -> (seconds, rss KB)

    plan = []   # (what, file MB, command, runs, key, check of the output)

    def add(what, size, cmd, runs=RUNS, key=None, check=None):
        plan.append((what, size, cmd, runs, key, check))

    def add_threads(what, query, key, check=None):
        """`query` % (file, options) on web-1400.json with one thread, then two."""
        for n in (1, 2):
            add("%s, threads=%d" % (what, n), mb, sqlite(query % (web, "threads=%d" % n)),
                key="%s%d" % (key, n), check=check)

    add("`cat > /dev/null` (read ceiling)", mb, "cat '%s' > /dev/null" % web)
    add("yajl parse, empty callbacks, 64 KB reads (single-thread ceiling)", mb, "'%s' '%s' 65536" % (base, web),
        key="yajl")
    q = "SELECT count(*), sum(dur) FROM trace_events('%s', '%s')"
    qg = "SELECT name, count(*), sum(dur) FROM trace_events('%s', '%s') GROUP BY name"
    add("timetrace `count(*), sum(dur)`, threads=1, `lexer=yajl` (no fast path)", mb,
        sqlite(q % (web, "threads=1,lexer=yajl")), key="count1y")
    add_threads("timetrace `count(*), sum(dur)`", q, "count")
    add_threads("timetrace `name, count(*), sum(dur) GROUP BY name`", qg, "group")
    add("timetrace by demangled function (`sql/opt-functions-by-function.sql`), threads=2", mb,
        sqlite("SELECT rust_demangle(detail) f, sum(dur) FROM trace_events('%s', 'threads=2') "
               "WHERE name = 'OptFunction' GROUP BY f ORDER BY 2 DESC" % web))
    # A statement that reads only the tree's columns gets its rows from the
    # tree (one pass); with any field of the events too, the file is scanned
    # a second time.
    add_threads("timetrace call tree `sum(self_dur), max(depth)` (rows from the tree: one pass)", qtree, "tree")
    qtreedur = "SELECT sum(self_dur), max(depth), sum(dur) FROM trace_events('%s', '%s')"
    add_threads("timetrace call tree and a field, `sum(self_dur), max(depth), sum(dur)` (two passes)",
                qtreedur, "treedur",
                check=lambda out: out.strip() == "|".join(tree1.split("|")[:2] + [str(total_dur)]))
    # A scan that reads the six fields the tree's first pass takes from each event.
    qsix = ("SELECT count(pid), count(tid), count(ph), count(name), sum(ts), sum(dur) "
            "FROM trace_events('%s', '%s')")
    add_threads("timetrace scan of the six fields the tree reads (pid, tid, ph, name, ts, dur)", qsix, "six")
    # The first pass and the tree alone: the first row needs the whole tree.
    qbuild = "SELECT depth FROM trace_events('%s', '%s') LIMIT 1"
    add_threads("timetrace call tree, first row only (the extra pass and the tree)", qbuild, "build")
    # The symbol column: the function each slice worked on (4 more bytes per
    # slice in the tree), all of LLVM's time by function, rows from the tree.
    qsym = "SELECT symbol, sum(self_dur) FROM trace_events('%s', '%s') GROUP BY symbol"
    add_threads("timetrace all of LLVM's time by function, `symbol, sum(self_dur) GROUP BY symbol` "
                "(rows from the tree: one pass)", qsym, "symbol")
    # A join on parent (issue 16): each row's parent looked up by rowid,
    # against the same statement without the join.  Its answer is checked
    # first against a materialized copy of the table joined through an
    # index SQLite builds (a different road to the same rows).
    qalone = "SELECT count(parent), sum(length(name)), sum(dur) FROM trace_events('%s', '%s')"
    qjoin = ("SELECT count(*), sum(length(c.name)), sum(c.dur), sum(length(p.name)), sum(p.dur) "
             "FROM trace_events('%s', '%s') c JOIN trace_events('%s', '%s') p ON p.rowid = c.parent")
    qjointree = ("SELECT count(*), sum(length(c.name)), sum(c.dur), sum(p.depth) "
                 "FROM trace_events('%s', '%s') c JOIN trace_events('%s', '%s') p ON p.rowid = c.parent")
    join_want = sh(sqlite(
        "CREATE TEMP TABLE t AS SELECT rowid AS id, name, dur, depth, parent FROM trace_events('%s'); "
        "CREATE INDEX temp.t_id ON t(id); "
        "SELECT count(*), sum(length(c.name)), sum(c.dur), sum(length(p.name)), sum(p.dur), sum(p.depth) "
        "FROM t c JOIN t p ON p.id = c.parent" % web)).strip().split("|")
    for n in (1, 2):
        o = "threads=%d" % n
        add("timetrace the same statement without the join: `count(parent), sum(length(name)), sum(dur)`, %s"
            % o, mb, sqlite(qalone % (web, o)), key="alone%d" % n)
        add("timetrace join on parent, `... JOIN trace_events(T) p ON p.rowid = c.parent`, p.name and p.dur "
            "(lookups by rowid), %s" % o, mb, sqlite(qjoin % (web, o, web, o)), key="join%d" % n,
            check=lambda out: out.strip().split("|") == join_want[:5])
        add("timetrace join on parent, p.depth only (the tree's column: no event parsed), %s" % o, mb,
            sqlite(qjointree % (web, o, web, o)), key="jointree%d" % n,
            check=lambda out: out.strip().split("|") == join_want[:3] + join_want[5:])
    add("timetrace `name, count(*), sum(self_dur) GROUP BY name` (summarize's core), threads=2", mb,
        sqlite("SELECT name, count(*), sum(self_dur) FROM trace_events('%s', 'threads=2') GROUP BY name" % web),
        key="treegroup2")
    add("JSON Lines: timetrace `count(*), sum(dur)`, threads=1", mbl, sqlite(q % (jsonl, "threads=1")),
        key="lines1")
    add("JSON Lines: timetrace `count(*), sum(dur)`, threads=2", mbl, sqlite(q % (jsonl, "threads=2")),
        key="lines2")
    duck = duckdb_cmd("SELECT count(*), sum(dur) FROM read_ndjson('%s', columns={'dur': 'BIGINT'})" % jsonl)
    if duck:
        add("JSON Lines: DuckDB `read_ndjson` count(*), sum(dur) (@duckdb/node-api)", mbl, duck,
            key="duck", check=lambda out: str(n_events) in out and str(total_dur) in out)
        add("DuckDB `read_json` on the object form, count(*), sum(dur)", mb, duckdb_cmd(
            "SELECT count(*), sum(e.dur) FROM (SELECT unnest(traceEvents) AS e FROM read_json('%s', "
            "maximum_object_size=2000000000, columns={'traceEvents': 'STRUCT(dur BIGINT)[]'}))" % web), runs=1)
        # the GROUP BY and by-function answers are summed up (groups, rows, durations) to keep the output small
        add("JSON Lines: DuckDB `read_ndjson` `GROUP BY name`", mbl, duckdb_cmd(
            "SELECT count(*), sum(c), sum(d) FROM (SELECT name, count(*) c, sum(dur) d FROM read_ndjson('%s', "
            "columns={'name': 'VARCHAR', 'dur': 'BIGINT'}) GROUP BY name)" % jsonl),
            check=lambda out: str(n_groups) in out and str(n_events) in out and str(total_dur) in out)
        add("JSON Lines: DuckDB `read_ndjson` OptFunction by *mangled* symbol (DuckDB has no Rust demangler)", mbl,
            duckdb_cmd("SELECT count(*), sum(d) FROM (SELECT args.detail, sum(dur) d FROM read_ndjson('%s', "
                       "columns={'name': 'VARCHAR', 'dur': 'BIGINT', 'args': 'STRUCT(detail VARCHAR)'}) "
                       "WHERE name = 'OptFunction' GROUP BY 1)" % jsonl),
            check=lambda out: str(n_syms_opt) in out and str(opt_dur) in out)
        add("DuckDB `read_json` on the object form, `GROUP BY name`", mb, duckdb_cmd(
            "SELECT count(*), sum(c), sum(d) FROM (SELECT e.name, count(*) c, sum(e.dur) d FROM (SELECT "
            "unnest(traceEvents) AS e FROM read_json('%s', maximum_object_size=2000000000, "
            "columns={'traceEvents': 'STRUCT(name VARCHAR, dur BIGINT)[]'})) GROUP BY 1)" % web), runs=1,
            check=lambda out: str(n_groups) in out and str(total_dur) in out)
    if not QUICK:
        add("jq `[.traceEvents[] | .dur // 0] | length, add`", mb,
            "jq '[.traceEvents[] | .dur // 0] | length, add' '%s'" % web, runs=1,
            check=lambda out: out.split() == [str(n_events), str(total_dur)])
        add("JSON Lines: jq `-n 'reduce inputs as $e ([0,0]; ...)'`", mbl,
            "jq -n 'reduce inputs as $e ([0,0]; [.[0]+1, .[1]+($e.dur // 0)])' -c '%s'" % jsonl, runs=1)
        # GROUP BY name: one reduce into an object keyed by name (what jq can do without slurping)
        group = "reduce %s as $e ({}; .[$e.name | tostring] |= [(.[0] // 0) + 1, (.[1] // 0) + ($e.dur // 0)])"
        group_ok = lambda out: (lambda d: len(d) == n_groups and sum(v[0] for v in d.values()) == n_events
                                and sum(v[1] for v in d.values()) == total_dur)(json.loads(out))
        add("jq `GROUP BY name` (`reduce .traceEvents[] as $e ({}; ...)`)", mb,
            "jq -c '%s' '%s'" % (group % ".traceEvents[]", web), runs=1, check=group_ok)
        add("JSON Lines: jq `GROUP BY name` (`reduce inputs as $e ({}; ...)`)", mbl,
            "jq -n -c '%s' '%s'" % (group % "inputs", jsonl), runs=1, check=group_ok)
        # the seed's by-function pipeline, with rustfilt in one batch instead of one per symbol
        byfn = ("jq -r '%s | select(.name == \"OptFunction\") | \"\\(.dur) \\(.args.detail)\"' '%s' | rustfilt | "
                "jq -R -n -c 'reduce inputs as $l ({}; ($l | index(\" \")) as $i | "
                ".[$l[$i + 1:]] += ($l[:$i] | tonumber))'")
        byfn_ok = lambda out: (lambda d: len(d) == n_fns and sum(d.values()) == opt_dur)(json.loads(out))
        add("jq | rustfilt | jq: OptFunction time by demangled function (the seed's pipeline, rustfilt batched)", mb,
            byfn % (".traceEvents[]", web), runs=1, check=byfn_ok)
        add("JSON Lines: jq | rustfilt | jq: OptFunction time by demangled function", mbl,
            byfn % (".", jsonl), runs=1, check=byfn_ok)

    # Rounds: every command once per round, so that a slow spell of the
    # machine (a shared VM) hits all of them alike, not one command's runs.
    samples = [([], []) for _ in plan]
    cut = [False] * len(plan)
    for rnd in range(max(p[3] for p in plan)):
        for k, (what, size, cmd, runs, key, check) in enumerate(plan):
            if rnd >= runs or cut[k]:
                continue
            t, r, out = timed(cmd, 1)
            if t is None:
                cut[k] = True
                continue
            if check and rnd == 0:
                assert check(out), (what, out)
            samples[k][0].append(t)
            samples[k][1].append(r)
    for k, (what, size, cmd, runs, key, check) in enumerate(plan):
        t = None if cut[k] else statistics.median(samples[k][0])
        r = None if cut[k] else max(samples[k][1])
        scan.append((what, size, t, r))
        if key and t is not None:
            res[key] = (t, r)
    t_yajl = res["yajl"][0]

    # ---- the call tree: reads of the file, memory per slice ------------------------
    passes = {}
    for n in (1, 2):
        for key, query in (("count", q), ("tree", qtree), ("treedur", qtreedur)):
            passes["%s%d" % (key, n)] = file_reads(query % (web, "threads=%d" % n), web)
    memory = tree_memory(q, qtreedur, web_v0, web, n_slices)

    # ---- demangling -------------------------------------------------------------
    n_syms = int(sh("wc -l < '%s'" % syms).strip())
    got = sh("sqlite3 -batch '%s' '.load %s' 'SELECT rust_demangle(detail) FROM s' | md5sum" % (db, EXT))
    want = sh("rustfilt < '%s' | md5sum" % syms)
    assert got == want, "rust_demangle and rustfilt differ on %s" % syms
    t_rf, r_rf, _ = timed("rustfilt < '%s' > /dev/null" % syms)
    t_scan_s, _, _ = timed(sqlite("SELECT sum(length(detail)) FROM s", db))
    t_dm, r_dm, _ = timed(sqlite("SELECT sum(length(rust_demangle(detail))) FROM s", db))
    head = os.path.join(BUILD, "symbols-2000.txt")
    sh("head -n 2000 '%s' > '%s'" % (syms, head))
    t0 = time.time()
    sh("xargs -l bash -c 'rustfilt \"$0\"' < '%s' > /dev/null" % head)
    t_xargs = time.time() - t0

    # ---- sql/ files on the big trace ---------------------------------------------
    sqlt = []
    for f in sorted(os.listdir(os.path.join(ROOT, "sql"))):
        text = open(os.path.join(ROOT, "sql", f)).read()
        # diff, the builds' and clang's files read other inputs; the
        # self-profile files read a profile (bench_self_profile.py times them)
        if ":before" in text or f.startswith(("build-", "clang-", "self-profile-")):
            continue
        cmd = ("sqlite3 -batch :memory: '.load %s' \".parameter set :trace '%s'\" "
               "\".parameter set :pattern '^(core::ptr::drop_in_place::<)?<*web_http_server::photos'\" "
               "'.read %s/sql/%s' > /dev/null" % (EXT, web, ROOT, f))
        t, r, _ = timed(cmd, 3)
        sqlt.append((f, t, r))

    lines = ["# timetrace benchmarks", ""]
    lines.append("Machine: %s. Made by `make bench` (tests/bench/bench.py) on %s; each time is the "
                 "median of %d runs (1 for jq and DuckDB's object form, 3 for the sql/ files), files in page cache; "
                 "the scanning commands were run in rounds, each once per round, so that the machine's slow "
                 "spells (it is a shared VM) fall on all of them alike." %
                 (machine(), time.strftime("%Y-%m-%d"), RUNS))
    lines.append("")
    lines.append("## Scanning `web-1400.json` (%.0f MB, %d events, one line) and its JSON Lines form (%.0f MB)" % (mb, n_events, mbl))
    lines.append("")
    lines.append("Every event of the web_http_server v0 trace, then events of the same build's legacy trace "
                 "(`tests/bench/make_big.py`); %d of the events are slices of the call tree." % n_slices)
    lines.append("")
    lines.append("Answers checked equal first: count and sum(dur) for both forms, thread counts and lexers, jq's and "
                 "DuckDB's; GROUP BY name the same with 1 and 2 threads, and jq's and DuckDB's groups, counts and "
                 "sums equal to it; the by-function answers (number of functions, total time) of jq + rustfilt "
                 "equal to rust_demangle's. The seed runs rustfilt once per symbol through xargs (100 symbols/s, "
                 "about 7 hours for this trace's OptFunction events); here rustfilt runs once on all of them.")
    lines.append("")
    lines.append("The call tree of the largest real traces, every slice checked against the oracle of "
                 "`tests/oracle/tree_rules.py` (`tests/bench/tree_real.py`: the web_http_server v0 trace, the "
                 "legacy one as JSON Lines, and the 133 files of the v0 cargo build):")
    lines.append("")
    lines += ["    " + l.replace(BUILD + "/", "") for l in tree_check]
    lines.append("")
    lines.append("| what | seconds | MB/s | M events/s | x yajl parse | peak RSS |")
    lines.append("|---|---:|---:|---:|---:|---:|")
    for what, size, t, r in scan:
        if t is None:
            lines.append("| %s | cut off after %d s | | | | |" % (what, CUTOFF))
            continue
        lines.append("| %s | %.2f | %.0f | %.2f | %.2f | %.1f MB |" % (
            what, t, size / t, n_events / t / 1e6, (size / t) / (mb / t_yajl), r / 1024))
    if not duck:
        lines.append("")
        lines.append("DuckDB: `@duckdb/node-api` is not installed in build/bench/duckdb "
                     "(`npm install --prefix build/bench/duckdb @duckdb/node-api`), so it was not measured.")
    lines.append("")
    lines.append("## Demangling the %d Rust symbols of that trace (every `args.detail` starting `_R` or `_ZN`)" % n_syms)
    lines.append("")
    lines.append("rust_demangle's output was checked equal to rustfilt's (md5 of all lines) before timing.")
    lines.append("")
    lines.append("| what | seconds | symbols/s | peak RSS |")
    lines.append("|---|---:|---:|---:|")
    lines.append("| `rustfilt < symbols.txt` (batch) | %.2f | %.0f | %.1f MB |" % (t_rf, n_syms / t_rf, r_rf / 1024))
    lines.append("| `SELECT sum(length(detail)) FROM s` (the table scan alone) | %.2f | | |" % t_scan_s)
    lines.append("| `SELECT sum(length(rust_demangle(detail))) FROM s` | %.2f | %.0f | %.1f MB |" % (t_dm, n_syms / t_dm, r_dm / 1024))
    lines.append("| the seed's `xargs -l bash -c 'rustfilt ...'`, first 2,000 symbols | %.2f | %.0f | |" % (t_xargs, 2000 / t_xargs))
    lines.append("")
    lines.append("rust_demangle vs rustfilt batch: %.1fx the symbols per second (%.1fx counting only the demangling, "
                 "the table scan subtracted); vs the seed's xargs form: %.0fx." %
                 (t_rf / t_dm, t_rf / max(t_dm - t_scan_s, 1e-9), (n_syms / t_dm) / (2000 / t_xargs)))
    lines.append("")
    lines.append("## The sql/ files on `web-1400.json` (default threads)")
    lines.append("")
    lines.append("| file | seconds | peak RSS |")
    lines.append("|---|---:|---:|")
    for f, t, r in sqlt:
        lines.append("| `%s` | %.2f | %.1f MB |" % (f, t, r / 1024))
    lines.append("")
    lines += targets(res, n_events, n_slices, mb, mbl, passes, memory)
    text = "\n".join(lines)
    path = os.path.join(ROOT, "tests", "bench", "RESULTS.md")
    if os.path.exists(path):
        # keep the sections of bench_reports.py and bench_self_profile.py, made again below
        old = open(path).read()
        import bench_reports
        import bench_self_profile
        for mod in (bench_reports, bench_self_profile):
            if mod.BEGIN in old and mod.END in old:
                text += "\n" + old[old.index(mod.BEGIN):old.index(mod.END) + len(mod.END)] + "\n"
    with open(path, "w") as f:
        f.write(text)
    print(text)
    sh("/usr/bin/python3 '%s/tests/bench/bench_reports.py'" % ROOT)
    sh("/usr/bin/python3 '%s/tests/bench/bench_self_profile.py'" % ROOT)


if __name__ == "__main__":
    sys.exit(main())
