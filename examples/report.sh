#!/bin/sh
# report.sh TRACE [PATTERN]: every query of sql/ on one trace, through the
# sqlite3 shell, as a readable report (:limit 10: 10 rows per list).
#   sh examples/report.sh examples/tiny.llvm_timings.json.gz
# PATTERN (a regular expression, PCRE2 syntax, for sql/functions-matching.sql)
# defaults to the functions of the trace's own crate (its unit).
# Queries that need two traces (sql/diff.sql) are skipped, and so are the
# exports (sql/export-*.sql: they write a trace, not a table).
set -eu
cd "$(dirname "$0")/.."
TRACE=${1:?usage: report.sh TRACE [PATTERN]}
EXT=${TT_EXT:-build/timetrace}
# q TEXT: TEXT as a SQL string literal.  dq TEXT: TEXT as a double-quoted
# argument of a dot-command (the shell reads \\ and \" in those; a
# single-quoted argument ends at the next quote, whatever precedes it).
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }
dq() { printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"; }
if [ $# -ge 2 ]; then
  PATTERN=$2
else
  unit=$(sqlite3 -batch :memory: ".load $(dq "$EXT")" "SELECT unit FROM trace_events($(q "$TRACE")) LIMIT 1")
  PATTERN="^(core::ptr::drop_in_place::<)?<*$unit::"
fi
tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT
# (printf, not echo: dash's echo reads backslashes)
line() { printf '%s\n' "$*"; }
{
  line ".load $(dq "$EXT")"
  # parameters through SQL, so a value can hold any character
  line ".parameter init"
  line "INSERT INTO temp.sqlite_parameters(key, value)"
  line "  VALUES (':trace', $(q "$TRACE")), (':pattern', $(q "$PATTERN")), (':limit', 10);"
  line ".headers on"
  line ".mode column --wrap 0"
  line ".print $(dq "timetrace report: $TRACE")"
  for f in sql/*.sql; do
    grep -q ':trace' "$f" || continue      # self-profiles, a whole build: other inputs
    grep -q ':before' "$f" && continue
    case $f in sql/export-*) continue ;; esac
    line ".print ''"
    line ".print $(dq "== $(head -n 1 "$f" | sed 's/^-- *//')")"
    line ".read $f"
  done
} > "$tmp"
sqlite3 -batch :memory: < "$tmp"
