#!/bin/sh
# tests/data/prepare.sh DIR: decompress the test data of tests/data/ into DIR.
# Every FILE.xz here becomes DIR/FILE; work already done is skipped, so the
# sanitizer pass and later runs reuse it.  The data was made with real tools
# (rustc 1.95, clang 14, rustfilt 0.2.1, c++filt 2.40): see tests/data/README.md.
set -eu
out=$1
src=$(dirname "$0")
mkdir -p "$out"
for f in "$src"/*.xz; do
  base=$(basename "$f" .xz)
  if [ ! -f "$out/$base" ] || [ "$f" -nt "$out/$base" ]; then
    xz -dc "$f" > "$out/$base.tmp"
    mv "$out/$base.tmp" "$out/$base"
  fi
done
