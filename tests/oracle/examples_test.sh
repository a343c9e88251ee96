#!/bin/sh
# examples_test.sh: the examples run on the bundled trace and agree.
#   examples/report.sh (sqlite3 shell), examples/report.py (Python's sqlite3),
#   examples/report.mjs (Node, better-sqlite3), examples/demo.sh,
#   examples/flamegraph.sh, examples/flamegraph.py, examples/flamegraph.mjs,
#   examples/flamegraph_diff.sh
# The trace is a copy named with a quote, a double quote and a backslash,
# which a client must pass through untouched.  Each report must exit 0, name
# the trace, show every section with its heading as the file's first line
# says it, and the longest OptFunction (its name was checked against the
# seed's jq/rustfilt pipeline in seed_pipelines.py), and cut each list to 10
# rows (:limit 10); Python and Node print the same report byte for byte.
# The three flame graphs are the same SVG, titled after the trace; the
# differential one of the two bundled traces is the one in examples/.
# Prints "N passed, M failed".
set -u
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
T="$tmp/it's a \"tiny\" \\ trace.json.gz"
cp examples/tiny.llvm_timings.json.gz "$T" || exit 2
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# the reports skip the files that need two traces and the exports
# the reports' files: those of one trace (:trace, no :before), not the exports
reports() { grep -l ':trace' sql/*.sql | xargs grep -L ':before' | grep -v '^sql/export-'; }
nsec=$(reports | grep -c .)
reports | while read -r f; do
  printf '== %s\n' "$(head -n 1 "$f" | sed 's/^-- *//')"
done > "$tmp/headings"
for ex in "sh examples/report.sh" "/usr/bin/python3 examples/report.py" "node examples/report.mjs"; do
  if $ex "$T" > "$tmp/out" 2> "$tmp/err"; then ok; else bad "$ex exits with an error"; cat "$tmp/err"; continue; fi
  [ "$(head -n 1 "$tmp/out")" = "timetrace report: $T" ] && ok || bad "$ex: first line $(head -n 1 "$tmp/out")"
  n=$(grep -c '^== ' "$tmp/out")
  [ "$n" -eq "$nsec" ] && ok || bad "$ex: $n sections, want $nsec"
  grep '^== ' "$tmp/out" | cmp -s - "$tmp/headings" && ok || bad "$ex: headings differ from the files' first lines"
  grep -q 'tiny::block_on::<tiny::pipeline::{closure#0}>' "$tmp/out" && ok || bad "$ex: longest OptFunction missing"
  # summarize.sql has 129 rows on this trace: the heading, the rule, 10 rows
  rows=$(sed -n '/^== summarize.sql/,/^$/p' "$tmp/out" | grep -c .)
  [ "$rows" -eq 13 ] && ok || bad "$ex: summarize.sql section has $rows lines, want 13 (:limit 10)"
  cp "$tmp/out" "$tmp/$(echo "$ex" | sed 's/.*\.//')"
done
if cmp -s "$tmp/py" "$tmp/mjs"; then ok; else bad "report.py and report.mjs differ"; diff "$tmp/py" "$tmp/mjs" | head; fi
if sh examples/demo.sh > "$tmp/demo" 2>&1 && grep -q 'tiny::total_area' "$tmp/demo"; then ok; else bad "make demo"; cat "$tmp/demo"; fi

want_title="$(basename "$T"): self time by call stack"
for ex in "sh examples/flamegraph.sh" "/usr/bin/python3 examples/flamegraph.py" "node examples/flamegraph.mjs"; do
  svg="$tmp/fg.$(echo "$ex" | sed 's/.*\.//').svg"
  if $ex "$T" "$svg" > "$tmp/err" 2>&1 && grep -q '<g><title>all (' "$svg"; then ok; else bad "$ex"; cat "$tmp/err"; continue; fi
  title=$(/usr/bin/python3 -c 'import html, re, sys
print(html.unescape(re.search(r"<text x=\"10\" y=\"22\"[^>]*>([^<]*)</text>", open(sys.argv[1]).read()).group(1)))' "$svg")
  [ "$title" = "$want_title" ] && ok || bad "$ex: title '$title', want '$want_title'"
done
for lang in py mjs; do
  cmp -s "$tmp/fg.sh.svg" "$tmp/fg.$lang.svg" && ok || bad "flamegraph.$lang and flamegraph.sh draw different SVGs"
done
if sh examples/flamegraph_diff.sh examples/tiny.llvm_timings.json.gz examples/tiny-opt3.llvm_timings.json.gz \
     "$tmp/diff.svg" > "$tmp/err" 2>&1; then ok; else bad "examples/flamegraph_diff.sh"; cat "$tmp/err"; fi
cmp -s "$tmp/diff.svg" examples/flamegraph_diff.svg && ok || bad "examples/flamegraph_diff.svg is not what flamegraph_diff.sh draws"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
