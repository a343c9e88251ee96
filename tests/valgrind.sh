#!/bin/sh
# valgrind.sh: the extension under valgrind's memcheck, in the sqlite3 shell.
# Runs queries that take every path of a scan (all columns, filters, IN,
# metadata, a self-join, LIMIT, errors in the middle of a file, gzip, files
# cut short read with partial=1) and fails on any memory error or leak
# (definite or indirect).
# Prints "N passed, M failed".
set -u
EXT=${TT_EXT:-build/timetrace}
DATA=${TT_DATA:-build/testdata}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
printf '[{"ph":"X","name":"a","args":{"detail":"x"}},{"ph":"X","na' > "$tmp/trunc.json"
printf '{"traceEvents":[{"ph":"X","name":"b\303("}]}' > "$tmp/utf8.json"
gzip -c "$DATA/clang-wordfreq.json" > "$tmp/w.json.gz"
printf '[{"ph":"B","ts":1,"pid":1,"tid":1},{"ph":"E","ts":3,"pid":1,"tid":1},{"ph":"E","ts":4,"pid":1,"tid":1},{"ph":"B","ts":5,"pid":1,"tid":1}]' > "$tmp/be.json"
W=$DATA/clang-wordfreq.json
pass=0 fail=0
run() { # label, SQL...
  label=$1; shift
  valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
       --show-leak-kinds=definite,indirect --error-exitcode=99 \
       sqlite3 -batch :memory: ".load $EXT" "$@" > "$tmp/out" 2>&1
  rc=$?
  if [ "$rc" -ne 99 ] && ! grep -q '^==[0-9]*==' "$tmp/out"; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL: $label (exit $rc)"; head -40 "$tmp/out"
  fi
}
run "every column" "SELECT count(*), sum(length(args)), sum(length(extra)), max(detail) FROM trace_events('$W')"
run "filters" "SELECT count(*) FROM trace_events('$W') WHERE name = 'Source' AND ph = 'X' AND tid > 0" \
              "SELECT count(*) FROM trace_events('$W') WHERE name IN ('Source', 'OptFunction', 'x')"
run "self-join and LIMIT" "SELECT count(*) FROM (SELECT a.name FROM trace_events('$W') a, trace_events('$W') b WHERE a.rowid = b.rowid + 1 LIMIT 50)"
run "metadata" "SELECT * FROM trace_metadata('$W')"
run "gzip" "SELECT count(*), sum(dur) FROM trace_events('$tmp/w.json.gz')"
run "truncated" "SELECT name FROM trace_events('$tmp/trunc.json')"
run "invalid UTF-8" "SELECT name FROM trace_events('$tmp/utf8.json')"
run "partial=1" "SELECT name, depth, stack FROM trace_events('$tmp/trunc.json', 'partial=1')" \
                "SELECT count(*), sum(self_dur) FROM trace_events('$tmp/trunc.json', 'partial=1,threads=2,piece=16')" \
                "SELECT * FROM trace_metadata('$tmp/trunc.json', 'partial=1')" \
                "SELECT * FROM trace_metadata('$tmp/utf8.json', 'partial=1')"
run "missing file" "SELECT * FROM trace_events('$tmp/none.json')"
run "call tree" "SELECT sum(depth), sum(parent), sum(self_dur), max(length(stack)) FROM trace_events('$W')"
run "B/E and unmatched" "SELECT count(*) FROM trace_events('$tmp/be.json') WHERE extra IS NOT NULL OR depth IS NOT NULL"
run "glob over a build" "SELECT unit, count(*) FROM trace_events('tests/data/build-v0/build/*/out/*.json.gz') GROUP BY unit"
run "grouped by the table" "SELECT name, pid, count(*), sum(dur), max(stack), min(ts) FROM trace_events('$W') GROUP BY name, pid" \
                          "SELECT DISTINCT cat, unit FROM trace_events('tests/data/build-v0/build/*/out/*.json.gz')" \
                          "SELECT detail, count(*), sum(dur) FROM trace_events('$tmp/trunc.json') GROUP BY detail" \
                          "SELECT unit, count(*), sum(CASE WHEN depth = 0 THEN dur END), total(self_dur) FROM trace_events('tests/data/build-v0/build/*/out/*.json.gz') GROUP BY unit" \
                          "SELECT name, sum(self_dur), sum(nested_same_name), count(*) FROM trace_events('$tmp/be.json') GROUP BY name"
run "the tree and fields of several files" "SELECT count(*), sum(depth), total(self_dur), max(name), max(stack) FROM trace_events('tests/data/build-v0/build/*/out/*.json.gz')" \
                          "SELECT count(*), max(depth) FROM trace_events('tests/data/build-v0/build/*/out/*.json.gz') WHERE unit = 'num-traits/probe3'" \
                          "SELECT name, depth FROM trace_events('tests/data/build-v0/build/*/out/*.json.gz') LIMIT 3"
run "unit pushdown" "SELECT count(*) FROM trace_events('tests/data/build-v0/deps') WHERE unit = 'slab'"
run "flamegraph" "SELECT length(flamegraph(stack, self_dur, 'x')) FROM trace_events('$W')" \
                 "SELECT length(flamegraph(stack, self_dur, 'x', 0)) FROM trace_events('$W')" \
                 "SELECT length(flamegraph_diff(stack, iif(depth > 1, self_dur, NULL), self_dur, 'd', 2)) FROM trace_events('$W')"
run "chrome_trace" "SELECT length(chrome_trace(pid, tid, ph, name, cat, ts, dur, args, id, extra)) FROM trace_events('$W')" \
                   "SELECT length(chrome_trace(pid, tid, ph, name, cat, ts, dur, args, id, extra)) FROM trace_events('$tmp/be.json')" \
                   "SELECT chrome_trace(1, 2, 'X', 'n', NULL, 1.5, 3, '{\"a\":[1,{\"b\":\"\\u00e9\"}]', NULL, '{\"s\":\"g\"}')" \
                   "SELECT chrome_trace(1, 2, 'X', 'n', NULL, 1.5, 3, '{\"a\":[1,')"
run "demanglers and regexp" "SELECT count(*) FROM trace_events('$W') WHERE demangle(detail) REGEXP '::' OR rust_demangle(detail, 1) REGEXP 'x('"
run "C++ symbols in text" "SELECT demangle('call _Z1fv.cold@plt, _ZNSolsEi and _ZN3foo3bar17h0123456789abcdefE'), crate_of('_ZN3fmt2v912format_errorC2EPKc@plt')"
run "v0 crates" "SELECT count(instantiating_crate(detail)), count(crate_of(detail)) FROM trace_events('tests/data/build-v0/deps') WHERE name = 'OptFunction'" \
              "SELECT crate_of('_RNvMNtCs1_4core5sliceSh9ends_with'), instantiating_crate('_RINvCs1a_3foo3barpECs3c_u6f_1gaa'), instantiating_crate('_RNvC1a1bNvB6_1c')"
run "flamegraph: total not finite" "SELECT flamegraph(s, w) FROM (SELECT 'a;b' AS s, 1e308 AS w UNION ALL SELECT 'a;c', 1e308)"
run "flamegraph: negative weight" "SELECT flamegraph(s, w) FROM (SELECT 'a;b' AS s, 1 AS w UNION ALL SELECT 'a;c', -1)"
run "regexp" "SELECT rust_demangle('_RNvCs5etrU9lJXb7_15web_http_server3run') REGEXP '^web_http_server::'"
run "regexp: invalid pattern" "SELECT regexp('a(b', 'x')"
run "regexp: pattern not UTF-8" "SELECT regexp(CAST(x'61ff' AS TEXT), 'x')"
run "regexp: step limit" "SELECT regexp('(a*)*\\1b', printf('%.*c', 25, 'a') || 'cb')"
run "regexp: depth limit" "SELECT regexp('^(?:a|b)*\$', printf('%.*c', 200000, 'a'))"
CT=tests/data/cargo-build/cargo-timings
printf '<script>const UNIT_DATA = [{"name": "a", "sections": [["frontend", {"end": 1}]]}, {"name": "b\303(' > "$tmp/ct-cut.html"
run "cargo_timings" "SELECT * FROM cargo_timings('$CT')" \
                    "SELECT c.unit, count(e.name) FROM cargo_timings('tests/data/cargo-build') c LEFT JOIN trace_events('tests/data/cargo-build/deps/{cfg_if,itoa}-*.json.gz') e USING (unit) GROUP BY c.unit" \
                    "SELECT * FROM cargo_timings('$tmp/ct-cut.html')" \
                    "SELECT * FROM cargo_timings('$tmp/none*.html')" \
                    "SELECT * FROM cargo_timings"
run "create table" "CREATE VIRTUAL TABLE temp.t USING trace_events('$W')" "SELECT count(*) FROM temp.t" "DROP TABLE temp.t"
run "create table with options" "CREATE VIRTUAL TABLE temp.t USING trace_events('$W', 'threads=1')" "SELECT count(*) FROM temp.t" "DROP TABLE temp.t"
run "B/E dur without the tree" "SELECT sum(dur), count(extra) FROM trace_events('$tmp/be.json')"
run "lookups: join on parent" "SELECT count(*), sum(length(p.name)), sum(p.dur), sum(p.depth) FROM trace_events('$W') c JOIN trace_events('$W') p ON p.rowid = c.parent" \
    "SELECT count(*), sum(p.depth) FROM trace_events('$W') c JOIN trace_events('$W') p ON p.rowid = c.parent"
run "lookups: gzip, B/E, rowids that are no event" "SELECT count(*), max(length(p.args)) FROM trace_events('$tmp/w.json.gz') c JOIN trace_events('$tmp/w.json.gz') p ON p.rowid = c.parent" \
    "SELECT dur, extra FROM trace_events('$tmp/be.json') WHERE rowid IN (1, 2, 3, 4, 99, 0, -1)"
run "lookups: across files, partial=1" "SELECT count(*) FROM trace_events('tests/data/build-v0/deps') c JOIN trace_events('tests/data/build-v0/deps') p ON p.rowid = c.parent" \
    "SELECT count(*) FROM trace_events('$tmp/trunc.json', 'partial=1') WHERE rowid IN (1, 2)"
run "self_profile" "SELECT kind, label, count(*), sum(self_ns), max(stack), max(args), max(unit) FROM self_profile('$DATA/selfprofile-args-threads2.mm_profdata') GROUP BY 1, 2" \
    "SELECT key, value FROM self_profile_metadata('$DATA/selfprofile-incr-v8.mm_profdata')" \
    "SELECT count(*) FROM self_profile('$tmp/trunc.json')" "SELECT duration_text(123456789, 'exact')" \
    "SELECT label, count(*), max(args) FROM self_profile('$DATA/selfprofile-args-threads2.mm_profdata', 'threads=3') WHERE kind = 'Query' GROUP BY 1" \
    "SELECT label FROM self_profile('$DATA/selfprofile-incr-v8.mm_profdata', 'threads=4') LIMIT 5"
run "since=, mtime, tables outside temp" "SELECT count(*), max(mtime) FROM trace_events('$W', 'since=2000-01-01')" \
    "CREATE VIRTUAL TABLE main.t USING trace_events('$W')" "SELECT timetrace_allow_persistent_tables(1)" \
    "CREATE VIRTUAL TABLE main.t USING trace_events('$W')" "SELECT count(*) FROM main.t" "DROP TABLE main.t"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
