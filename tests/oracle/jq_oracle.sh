#!/bin/sh
# jq_oracle.sh: trace_events against jq on the same real traces.
# jq reads each form of the tiny trace (object, array, JSON Lines) and the
# legacy and clang traces; the sqlite3 shell with the extension must print
# the same event count, sum of dur, counts by name and the same OptFunction
# details in the same order.  Prints "N passed, M failed".
set -u
DATA=${TT_DATA:-build/testdata}
EXT=${TT_EXT:-build/timetrace}
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

same() { # label, file with jq's answer, file with SQL's answer
  if cmp -s "$2" "$3"; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL: $1"; diff "$2" "$3" | head -5
  fi
}
sql() { sqlite3 -batch :memory: ".load $EXT" "$1"; }

for f in tiny-v0.json tiny-v0.array.json tiny-v0.jsonl tiny-legacy.json clang-json_catalog.json; do
  p=$DATA/$f
  case $f in
    *.jsonl) ev='.' ;;
    *.array.json) ev='.[]' ;;
    *) ev='.traceEvents[]' ;;
  esac
  jq -s "[.[] | $ev] | \"\(length)|\(map(.dur // 0) | add)\"" -r "$p" > "$tmp/jq"
  sql "SELECT count(*) || '|' || sum(dur) FROM trace_events('$p')" > "$tmp/sql"
  same "$f: count and sum(dur)" "$tmp/jq" "$tmp/sql"

  jq -r "$ev | .name" "$p" | LC_ALL=C sort | uniq -c | awk '{c=$1; $1=""; print substr($0,2) "|" c}' | LC_ALL=C sort > "$tmp/jq"
  sql "SELECT name || '|' || count(*) FROM trace_events('$p') GROUP BY name" | LC_ALL=C sort > "$tmp/sql"
  same "$f: counts by name" "$tmp/jq" "$tmp/sql"

  jq -r "$ev | select(.name == \"OptFunction\") | \"\(.dur) \(.args.detail)\"" "$p" > "$tmp/jq"
  sql "SELECT dur || ' ' || detail FROM trace_events('$p') WHERE name = 'OptFunction'" > "$tmp/sql"
  same "$f: OptFunction details in order" "$tmp/jq" "$tmp/sql"

  jq -c "$ev | select(.ph != \"X\")" "$p" | jq -c '.args' > "$tmp/jq"
  sql "SELECT args FROM trace_events('$p') WHERE ph != 'X'" > "$tmp/sql"
  same "$f: args of the non-X events" "$tmp/jq" "$tmp/sql"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
