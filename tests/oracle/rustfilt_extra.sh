#!/bin/sh
# tests/oracle/rustfilt_extra.sh: the Rust demangler against rustfilt, live.
#
# Makes inputs nobody stored: every prefix of every 97th symbol of
# $TT_DATA/rust_symbols.tsv, random edits of every 7th symbol (awk, fixed
# seed, so each run sees the same lines) and lines holding several symbols
# among other text.  Runs them through rustfilt and through
# `test_demangle_rust_corpus --filter`, both modes, and compares byte for
# byte.  One check per mode; the first differing lines are shown.
# Env: TT_DATA (test data), TT_ASAN=1 to use the sanitizer build.
set -u
cd "$(dirname "$0")/../.." || exit 2
data=${TT_DATA:-build/testdata}
bin=build/unit/test_demangle_rust_corpus
[ "${TT_ASAN:-0}" = 1 ] && bin=build/asan/unit/test_demangle_rust_corpus
if ! command -v rustfilt >/dev/null 2>&1; then
    echo "rustfilt is not installed (make deps)"; echo "0 passed, 1 failed"; exit 1
fi
if [ ! -x "$bin" ] || [ ! -f "$data/rust_symbols.tsv" ]; then
    echo "missing $bin or $data/rust_symbols.tsv"; echo "0 passed, 1 failed"; exit 1
fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# LC_ALL=C: awk works on bytes; every input is ASCII, so rustfilt reads it.
LC_ALL=C awk -F'\t' '
BEGIN { srand(20251125); n = split("_ R N C M X Y I B K L G D F T A Q P O S U E V p v s u h j m b c e l n a x y o t z 0 1 9 $ .", alpha, " ") }
function edit(s,    k, i, op, c) {
    for (k = 0; k < 1 + int(rand() * 4); k++) {
        i = 1 + int(rand() * (length(s) + 1)); op = rand(); c = alpha[1 + int(rand() * n)]
        if (op < 0.3)      s = substr(s, 1, i - 1) c substr(s, i)
        else if (op < 0.6) s = substr(s, 1, i - 1) substr(s, i + 1)
        else if (op < 0.9) s = substr(s, 1, i - 1) c substr(s, i + 1)
        else               s = substr(s, 1, i - 1) "B" int(rand() * 40) "_" substr(s, i)
    }
    return s
}
NR % 97 == 1 { for (i = 0; i <= length($1); i++) print substr($1, 1, i) }
NR % 7 == 3  { print edit($1); print edit($1) }
NR % 53 == 5 { prev = prev " (" $1 ")," ; if (NR % 3 == 0) { print prev; prev = "" } }
' "$data/rust_symbols.tsv" > "$tmp/in.txt"

pass=0; fail=0
for mode in "" -h; do
    # shellcheck disable=SC2086
    rustfilt $mode < "$tmp/in.txt" > "$tmp/want.txt"
    # shellcheck disable=SC2086
    "$bin" --filter $mode < "$tmp/in.txt" > "$tmp/got.txt"
    if cmp -s "$tmp/want.txt" "$tmp/got.txt"; then
        pass=$((pass + 1))
        echo "rustfilt${mode:+ $mode}: $(wc -l < "$tmp/in.txt") lines equal"
    else
        fail=$((fail + 1))
        echo "rustfilt${mode:+ $mode}: $(paste -d'\n' "$tmp/want.txt" "$tmp/got.txt" | paste - - | awk -F'\t' '$1 != $2' | wc -l) lines differ, first ones:"
        paste "$tmp/in.txt" "$tmp/want.txt" "$tmp/got.txt" | awk -F'\t' '$2 != $3' | head -n 5 |
            awk -F'\t' '{ print "  in:   " $1; print "  want: " $2; print "  got:  " $3 }'
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
