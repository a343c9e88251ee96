#!/bin/sh
# tests/fuzz/seed_rust.sh DIR: write a seed corpus for fuzz_demangle_rust into
# DIR (one file per input): a sample of the real symbols in
# $TT_DATA/rust_symbols.tsv (default build/testdata), legacy and v0, plus a
# few hand-made hostile ones.  Run from the top of the repository.
set -eu
out=${1:-build/fuzz/seed_rust}
data=${TT_DATA:-build/testdata}
[ -f "$data/rust_symbols.tsv" ] || sh tests/data/prepare.sh "$data"
mkdir -p "$out"
# Every 50th symbol keeps the seed small (about 2,500 files) but varied.
awk -F'\t' -v dir="$out" 'NR % 50 == 1 {
    f = sprintf("%s/sym_%06d", dir, NR); printf "%s", $1 > f; close(f) }' "$data/rust_symbols.tsv"
i=0
for s in '_RNvB_1a' '_RMC0RB2_' '_RMC0FGZZZ_Eu' '_RINvC1a1bKRe616263_E' \
         '_RINvC1a1bKVNtC1a1SSs_1xb1_1yj2_EE' '_RNvC1a1bu6ma_hhra' '_RNvC1a1bNvB6_1c' '_RNvMNvB2_1ah1g' \
         '_ZN4$u7b$3fooE.llvm.1A' 'x __ZN3fooE y _R' '_RINvC1a1bFG0_UKCRL0_hEuE'; do
    i=$((i + 1))
    printf '%s' "$s" > "$out/hand_$i"
done
echo "$(ls "$out" | wc -l) seeds in $out"
