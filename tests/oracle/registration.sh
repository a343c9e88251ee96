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
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
