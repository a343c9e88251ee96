#!/bin/sh
# flamegraph_diff.sh [BEFORE AFTER [OUT.svg]]: the differential flame graph
# of two traces (or two builds' folders or patterns), from SQL: widths from
# AFTER, red where a frame's self time grew since BEFORE, blue where it
# shrank; with PNG=1, also a PNG of it made with headless Chromium
# (Debian's chromium).  By default the two bundled traces: the example
# program tiny.rs built with -Copt-level=1 and with -Copt-level=3.
#   PNG=1 sh examples/flamegraph_diff.sh   -> examples/flamegraph_diff.svg, examples/flamegraph_diff.png
# Each trace is read once: the two are one UNION ALL, and flamegraph_diff
# adds up equal stacks itself, so no GROUP BY is needed.
set -eu
cd "$(dirname "$0")/.."
BEFORE=${1:-examples/tiny.llvm_timings.json.gz}
AFTER=${2:-examples/tiny-opt3.llvm_timings.json.gz}
OUT=${3:-examples/flamegraph_diff.svg}
EXT=${TT_EXT:-build/timetrace}
TITLE="self time by call stack, $(basename "$BEFORE") -> $(basename "$AFTER") (red: grew, blue: shrank)"
# q TEXT: TEXT as a SQL string literal; dq TEXT: as a dot-command argument.
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }
dq() { printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"; }
sqlite3 -batch :memory: ".load $(dq "$EXT")" \
  "SELECT writefile($(q "$OUT"), flamegraph_diff(stack, iif(side = 0, self_dur, 0), iif(side = 1, self_dur, 0),
                                               $(q "$TITLE")))
     FROM (SELECT 0 AS side, stack, self_dur FROM trace_events($(q "$BEFORE"))
           UNION ALL
           SELECT 1, stack, self_dur FROM trace_events($(q "$AFTER")))" > /dev/null
echo "wrote $OUT"
[ "${PNG:-0}" != 1 ] || sh examples/svg_to_png.sh "$OUT"
