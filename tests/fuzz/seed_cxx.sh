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
# issue 17's hostile names: each template argument repeats the previous one
# twice (K levels), and nested cv T_ I re-parses
for K in 2 4 8 16 24 32; do
  awk -v K=$K 'BEGIN { d = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"; s = "_Z1fI1A1BIS0_S0_E"
    for( k = 0; k < K; k++ ){ n = k + 1; id = (n < 36) ? substr(d, n+1, 1) : substr(d, int(n/36)+1, 1) substr(d, n%36+1, 1)
      s = s "S1_IS" id "_S" id "_E" }
    printf "%sEvv", s }' > "$out/hostile_$K"
done
printf '_ZN1AcvT_IT_IT_IiEEEEv' > "$out/hostile_cv"
echo "$(ls "$out" | wc -l) seeds in $out"
