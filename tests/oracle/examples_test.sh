#!/bin/sh
# examples_test.sh: the three examples run on the bundled trace and agree.
#   examples/report.sh (sqlite3 shell), examples/report.py (Python's sqlite3),
#   examples/report.mjs (Node, better-sqlite3), examples/demo.sh, examples/flamegraph.sh
# Each must exit 0 and show every section and the longest OptFunction (its
# name was checked against the seed's jq/rustfilt pipeline in
# seed_pipelines.py); Python and Node print the same report byte for byte.
# Prints "N passed, M failed".
set -u
T=examples/tiny.llvm_timings.json.gz
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
nsec=$(grep -L ':before' sql/*.sql | wc -l)
for ex in "sh examples/report.sh" "/usr/bin/python3 examples/report.py" "node examples/report.mjs"; do
  if $ex "$T" > "$tmp/out" 2> "$tmp/err"; then ok; else bad "$ex exits with an error"; cat "$tmp/err"; continue; fi
  n=$(grep -c '^== ' "$tmp/out")
  [ "$n" -eq "$nsec" ] && ok || bad "$ex: $n sections, want $nsec"
  grep -q 'tiny::block_on::<tiny::pipeline::{closure#0}>' "$tmp/out" && ok || bad "$ex: longest OptFunction missing"
  cp "$tmp/out" "$tmp/$(echo "$ex" | sed 's/.*\.//')"
done
if cmp -s "$tmp/py" "$tmp/mjs"; then ok; else bad "report.py and report.mjs differ"; diff "$tmp/py" "$tmp/mjs" | head; fi
if sh examples/demo.sh > "$tmp/demo" 2>&1 && grep -q 'tiny::total_area' "$tmp/demo"; then ok; else bad "make demo"; cat "$tmp/demo"; fi
if sh examples/flamegraph.sh "$T" "$tmp/fg.svg" > /dev/null 2>&1 && grep -q '<rect class="frame"' "$tmp/fg.svg"; then ok; else bad "flamegraph.sh"; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
