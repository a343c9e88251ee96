#!/bin/sh
# flamegraph.sh [TRACE [OUT.svg]]: draw the flame graph of a trace from SQL;
# with PNG=1, also a PNG of it made with headless Chromium (Debian's chromium).
#   PNG=1 sh examples/flamegraph.sh     -> examples/flamegraph.svg, examples/flamegraph.png
set -eu
cd "$(dirname "$0")/.."
TRACE=${1:-examples/tiny.llvm_timings.json.gz}
OUT=${2:-examples/flamegraph.svg}
sqlite3 -batch :memory: ".load build/timetrace" \
  "SELECT writefile('$OUT', flamegraph(stack, self_dur,
     'tiny.rs (rustc 1.95, -Copt-level=1): LLVM self time by call stack'))
     FROM trace_events('$TRACE')" > /dev/null
echo "wrote $OUT"
if [ "${PNG:-0}" = 1 ]; then
  h=$(sed -n 's/.*<svg [^>]*height="\([0-9]*\)".*/\1/p' "$OUT" | head -n 1)
  tmp=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp" --hide-scrollbars --window-size="1200,$h" \
    --screenshot="${OUT%.svg}.png" "file://$(pwd)/$OUT" 2>/dev/null
  rm -rf "$tmp"
  echo "wrote ${OUT%.svg}.png"
fi
