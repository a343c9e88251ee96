#!/bin/sh
# report.sh TRACE [PATTERN]: every query of sql/ on one trace, through the
# sqlite3 shell, as a readable report (10 rows per query).
#   sh examples/report.sh examples/tiny.llvm_timings.json.gz
# PATTERN (a regular expression, PCRE2 syntax, for sql/functions-matching.sql)
# defaults to the functions of the trace's own crate (its unit).
# Queries that need two traces (sql/diff.sql) are skipped.
set -eu
cd "$(dirname "$0")/.."
TRACE=${1:?usage: report.sh TRACE [PATTERN]}
EXT=${TT_EXT:-build/timetrace}
q() { printf "%s" "$1" | sed "s/'/''/g"; }
if [ $# -ge 2 ]; then
  PATTERN=$2
else
  unit=$(sqlite3 -batch :memory: ".load $EXT" "SELECT unit FROM trace_events('$(q "$TRACE")') LIMIT 1")
  PATTERN="^(core::ptr::drop_in_place::<)?<*$unit::"
fi
tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT
{
  echo ".load $EXT"
  echo ".parameter set :trace '$(q "$TRACE")'"
  echo ".parameter set :pattern '$(q "$PATTERN")'"
  echo ".headers on"
  echo ".mode column --wrap 0"
  echo ".print 'timetrace report: $(q "$TRACE")'"
  for f in sql/*.sql; do
    grep -q ':before' "$f" && continue
    title=$(head -n 1 "$f" | sed 's/^-- *//')
    echo ".print ''"
    echo ".print '== $(q "$title")'"
    # a statement ends at a line ending in ';'; each is cut to 10 rows
    awk '/^[ \t]*--/ { next }
         { stmt = stmt $0 "\n" }
         /;[ \t]*$/ { sub(/;[ \t]*\n$/, "", stmt); print "SELECT * FROM (" stmt ") LIMIT 10;"; stmt = "" }' "$f"
  done
} > "$tmp"
sqlite3 -batch :memory: < "$tmp"
