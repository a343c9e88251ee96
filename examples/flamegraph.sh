#!/bin/sh
# flamegraph.sh [TRACE [OUT.svg]]: draw the flame graph of a trace from SQL,
# titled after the trace; with PNG=1, also a PNG of it made with headless
# Chromium (Debian's chromium).
#   PNG=1 sh examples/flamegraph.sh     -> examples/flamegraph.svg, examples/flamegraph.png
# writefile() is the sqlite3 shell's own: examples/flamegraph.py and
# examples/flamegraph.mjs do the same from Python and Node.
set -eu
cd "$(dirname "$0")/.."
TRACE=${1:-examples/tiny.llvm_timings.json.gz}
OUT=${2:-examples/flamegraph.svg}
EXT=${TT_EXT:-build/timetrace}
TITLE="$(basename "$TRACE"): self time by call stack"
# q TEXT: TEXT as a SQL string literal; dq TEXT: as a dot-command argument.
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }
dq() { printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"; }
sqlite3 -batch :memory: ".load $(dq "$EXT")" \
  "SELECT writefile($(q "$OUT"), flamegraph(stack, self_dur, $(q "$TITLE")))
     FROM trace_events($(q "$TRACE"))" > /dev/null
echo "wrote $OUT"
[ "${PNG:-0}" != 1 ] || sh examples/svg_to_png.sh "$OUT"
