#!/bin/sh
# examples/svg_to_png.sh SVG: a PNG of a flame graph beside it (SVG's name
# with .png), drawn by Debian's chromium, headless, at the SVG's width
# (1200) and height.  examples/flamegraph.sh and flamegraph_diff.sh call
# it when PNG=1.
set -eu
OUT=$1
h=$(sed -n 's/.*<svg [^>]*height="\([0-9]*\)".*/\1/p' "$OUT" | head -n 1)
case $OUT in /*) svg=$OUT ;; *) svg=$(pwd)/$OUT ;; esac
tmp=$(mktemp -d)
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$tmp" --hide-scrollbars --window-size="1200,$((h + 14))" \
  --screenshot="${OUT%.svg}.png" "file://$svg" 2>/dev/null
rm -rf "$tmp"
echo "wrote ${OUT%.svg}.png"
