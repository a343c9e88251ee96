#!/bin/sh
# no_gnu.sh: every ext/*.c compiles as C11 and POSIX.1-2008 without
# _GNU_SOURCE (-std=c11 -D_POSIX_C_SOURCE=200809L), warnings as errors, so
# that no GNU-only call (qsort_r's glibc signature, say) creeps in: macOS
# and the BSDs do not have them.  What a file needs beyond POSIX it asks
# for in ext/platform.h.  The compiler is $CC (default cc); yajl's and
# PCRE2's include flags come from pkg-config as in the Makefile.
# Prints "N passed, M failed".
set -u
cd "$(dirname "$0")/.." || exit 2
. tests/portable.sh
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# ... nor does a file define it for itself: only platform.h, and only on
# Linux for big_array.c's mremap
others=$(grep -l 'define _GNU_SOURCE' ext/*.c ext/*.h | grep -v '^ext/platform\.h$')
[ -z "$others" ] && ok || bad "_GNU_SOURCE defined outside ext/platform.h: $others"
# shellcheck disable=SC2046
compile_ext "${CC:-cc}" "$tmp" $(pkg-config --cflags sqlite3 yajl libpcre2-8 2>/dev/null)
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
