#!/usr/bin/python3
"""bench.py: timetrace's benchmarks (make bench; never part of make test).

Inputs are made in build/bench/ from the corpus beside the project
(../shared/corpus, or $TT_CORPUS) and reused when present:
  web-v0.json      the web_http_server final-crate trace, v0 (963 MB, one line)
  symbols.txt      every args.detail of that trace that is a Rust symbol
                   (starts with _R or _ZN), one per line, in file order
  symbols.db       the same symbols in a SQLite table s(detail)

Every competitor is checked to give the same answer before it is timed.
Each timing is the median of 3 runs of the whole command (wall clock) with
its peak resident memory from /usr/bin/time.  Writes tests/bench/RESULTS.md
and prints it.
"""
import os
import platform
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build", "bench")
CORPUS = os.environ.get("TT_CORPUS", os.path.join(ROOT, "..", "shared", "corpus"))
EXT = os.path.join(ROOT, "build", "timetrace")
WEB_XZ = os.path.join(CORPUS, "traces/web_http_server/v0/web_http_server-6e6f731551602307.llvm_timings.json.xz")
RUNS = int(os.environ.get("TT_BENCH_RUNS", "3"))


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, stdout=subprocess.PIPE, **kw).stdout.decode()


def timed(cmd):
    """Median wall seconds and max peak RSS (KB) of RUNS runs; and the output."""
    secs, rss, out = [], [], ""
    for _ in range(RUNS):
        t0 = time.time()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", "sh", "-c", cmd],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
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
    return web, syms, db


def machine():
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return "%d CPUs, %s, %s" % (os.cpu_count(), model, platform.platform())


def main():
    sh("make -C '%s' build/timetrace.so >/dev/null" % ROOT)
    base = os.path.join(BUILD, "yajl_baseline")
    sh("cc -std=c11 -O2 -o '%s' '%s/tests/bench/yajl_baseline.c' -lyajl" % (base, ROOT))
    web, syms, db = make_inputs()
    size = os.path.getsize(web)
    mb = size / 1e6
    rows = []

    # --- scanning ---------------------------------------------------------
    n_events = int(sh(sqlite("SELECT count(*) FROM trace_events('%s')" % web)).strip())
    yajl_out = sh("'%s' '%s'" % (base, web))
    assert ("%d objects" % n_events) in yajl_out, (yajl_out, n_events)
    t_wc, r_wc, _ = timed("wc -c < '%s'" % web)
    t_yajl, r_yajl, _ = timed("'%s' '%s' 65536" % (base, web))
    t_scan, r_scan, out_scan = timed(sqlite("SELECT count(*), sum(dur) FROM trace_events('%s')" % web))
    t_group, r_group, _ = timed(sqlite("SELECT name, count(*), sum(dur) FROM trace_events('%s') GROUP BY name" % web))
    rows.append(("wc -c (read ceiling)", t_wc, r_wc, None))
    rows.append(("yajl parse, empty callbacks, 64 KB reads (single-thread ceiling)", t_yajl, r_yajl, None))
    rows.append(("timetrace `SELECT count(*), sum(dur)`", t_scan, r_scan, n_events))
    rows.append(("timetrace `SELECT name, count(*), sum(dur) ... GROUP BY name`", t_group, r_group, n_events))

    # --- demangling ---------------------------------------------------------
    n_syms = int(sh("wc -l < '%s'" % syms).strip())
    # the answers first: rustfilt's output and rust_demangle's must be equal
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

    lines = []
    lines.append("# timetrace benchmarks\n")
    lines.append("Machine: %s. Made by `make bench` (tests/bench/bench.py), %s; "
                 "each time is the median of %d runs, in page cache.\n" % (machine(), time.strftime("%Y-%m-%d"), RUNS))
    lines.append("## Scanning `%s` (%.0f MB, %d events, one line)\n" % (os.path.basename(web), mb, n_events))
    lines.append("| what | seconds | MB/s | events/s | x yajl | peak RSS |")
    lines.append("|---|---:|---:|---:|---:|---:|")
    for what, t, r, n in rows:
        lines.append("| %s | %.2f | %.0f | %s | %.2f | %.1f MB |" % (
            what, t, mb / t, "%.2f M" % (n / t / 1e6) if n else "", t_yajl / t, r / 1024))
    lines.append("")
    lines.append("## Demangling the %d Rust symbols of that trace (every `args.detail` starting `_R` or `_ZN`)\n" % n_syms)
    lines.append("rust_demangle's output was checked equal to rustfilt's (md5 of all lines) before timing.\n")
    lines.append("| what | seconds | symbols/s | peak RSS |")
    lines.append("|---|---:|---:|---:|")
    lines.append("| `rustfilt < symbols.txt` (batch) | %.2f | %.0f | %.1f MB |" % (t_rf, n_syms / t_rf, r_rf / 1024))
    lines.append("| `SELECT sum(length(detail)) FROM s` (the table scan alone) | %.2f | | |" % t_scan_s)
    lines.append("| `SELECT sum(length(rust_demangle(detail))) FROM s` | %.2f | %.0f | %.1f MB |" % (
        t_dm, n_syms / t_dm, r_dm / 1024))
    lines.append("| the seed's `xargs -l bash -c 'rustfilt ...'`, first 2,000 symbols | %.2f | %.0f | |" % (
        t_xargs, 2000 / t_xargs))
    lines.append("")
    lines.append("rust_demangle vs rustfilt batch: %.1fx the symbols per second (%.1fx counting only the "
                 "demangling, scan time subtracted).\n" % (t_rf / t_dm, t_rf / max(t_dm - t_scan_s, 1e-9)))
    text = "\n".join(lines)
    with open(os.path.join(ROOT, "tests", "bench", "RESULTS.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    sys.exit(main())
