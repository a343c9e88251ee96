#!/bin/sh
# registration.sh: exactly what the extension registers, and with which flags.
# Lists pragma_function_list and pragma_module_list before and after .load
# and compares the difference with tests/sql/registered.txt, written by hand.
set -u
EXT=${TT_EXT:-build/timetrace}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
q="SELECT 'function|' || name || '|' || builtin || '|' || type || '|' || enc || '|' || narg || '|' || flags FROM pragma_function_list
   UNION ALL SELECT 'module|' || name FROM pragma_module_list"
sqlite3 -batch :memory: "$q" | LC_ALL=C sort > "$tmp/before"
sqlite3 -batch :memory: ".load $EXT" "$q" | LC_ALL=C sort > "$tmp/after"
LC_ALL=C comm -13 "$tmp/before" "$tmp/after" > "$tmp/added"
LC_ALL=C comm -23 "$tmp/before" "$tmp/after" > "$tmp/removed"
grep -v '^#' tests/sql/registered.txt | LC_ALL=C sort > "$tmp/want"
pass=0 fail=0
if cmp -s "$tmp/want" "$tmp/added"; then pass=$((pass + 1)); else
  fail=$((fail + 1)); echo "FAIL: registered functions and modules differ from tests/sql/registered.txt"
  diff "$tmp/want" "$tmp/added"
fi
if [ ! -s "$tmp/removed" ]; then pass=$((pass + 1)); else
  fail=$((fail + 1)); echo "FAIL: loading removed or changed built-ins:"; cat "$tmp/removed"
fi

# Loaded by SELECT load_extension(), inside a statement: SQLite cannot
# replace a function the connection has while a statement runs.  The
# shell's own regexp() is kept (its error for a PCRE2-only pattern shows
# which one answers) and everything else loads; a second load in a
# statement keeps the first (before the fix both failed: "cannot register
# its functions: database is locked").
check() {   # name, expected output, actual output
  if [ "$2" = "$3" ]; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL: $1"; echo "  want: $2"; echo "  got:  $3"
  fi
}
sqlite3 -batch :memory: "SELECT load_extension('$EXT');" "$q" 2>&1 | grep -v '^$' | LC_ALL=C sort > "$tmp/sel"
LC_ALL=C comm -13 "$tmp/before" "$tmp/sel" > "$tmp/sel_added"
check "SELECT load_extension(): the same functions and modules as .load" \
  "$(cat "$tmp/added")" "$(cat "$tmp/sel_added")"
check "SELECT load_extension(): the shell's regexp() is kept" \
  "Error: stepping, '?' without operand" \
  "$(sqlite3 -batch :memory: "SELECT load_extension('$EXT');" "SELECT regexp('(?i)A', 'a');" 2>&1 | grep -v '^$' | tail -1)"
printf '[{"ph":"X","name":"a","ts":1,"dur":2,"pid":1,"tid":1}]' > "$tmp/t.json"
check "SELECT load_extension() twice, then .load: one connection, all working" \
  "0.1.0|1|1|2" \
  "$(sqlite3 -batch :memory: "SELECT load_extension('$EXT');" "SELECT load_extension('$EXT');" ".load $EXT" \
       "SELECT timetrace_version(), regexp('(?i)A', 'a'), count(*), sum(self_dur) FROM trace_events('$tmp/t.json')" 2>&1 | tail -1)"
check "SELECT load_extension() after .load: the first load's functions stay" \
  "1" \
  "$(sqlite3 -batch :memory: ".load $EXT" "SELECT load_extension('$EXT');" "SELECT regexp('(?i)A', 'a');" 2>&1 | tail -1)"
/usr/bin/python3 - "$EXT" > "$tmp/py" 2>&1 <<'PY'
import sqlite3, sys
db = sqlite3.connect(":memory:")
db.enable_load_extension(True)
db.create_function("regexp", 2, lambda p, t: 7)
db.execute("SELECT load_extension(?)", (sys.argv[1],))
print(db.execute("SELECT regexp('a', 'a'), rust_demangle('_RNvC1a1f')").fetchone())
PY
check "Python: SELECT load_extension() with the program's own regexp() registered" \
  "(7, 'a::f')" "$(cat "$tmp/py")"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
