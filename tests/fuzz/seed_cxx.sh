#!/bin/sh
# tests/fuzz/seed_cxx.sh DIR: write a seed corpus for fuzz_demangle_cxx into
# DIR (one file per input): every C++ symbol of $TT_DATA/cxx_symbols.tsv and
# cxx_symbols_extra.tsv (default build/testdata), some of them inside text,
# as linkers and profilers print them.  Run from the top of the repository.
set -eu
out=${1:-build/fuzz/seed_cxx}
data=${TT_DATA:-build/testdata}
[ -f "$data/cxx_symbols.tsv" ] || sh tests/data/prepare.sh "$data"
mkdir -p "$out"
cat "$data/cxx_symbols.tsv" "$data/cxx_symbols_extra.tsv" | awk -F'\t' -v dir="$out" '{
    f = sprintf("%s/sym_%05d", dir, NR); printf "%s", $1 > f; close(f)
    if( NR % 7 == 0 ){ f = sprintf("%s/txt_%05d", dir, NR); printf "call %s@plt, %s.cold\n", $1, $1 > f; close(f) } }'
echo "$(ls "$out" | wc -l) seeds in $out"
