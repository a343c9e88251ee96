#!/bin/sh
# exports.sh: the library exports one name, sqlite3_timetrace_init.
# SQLite loads an extension with RTLD_GLOBAL, so every other global name of
# ours could collide with another extension's (the Makefile builds with
# -fvisibility=hidden; ext/platform.h's TT_EXPORT marks the entry point).
# The library is $TT_EXT.so on Linux, $TT_EXT.dylib on macOS.
#
# What else a shared object may export is the toolchain's, not ours, and
# is ignored: _init, _fini, _edata, _end, __bss_start, _etext (older
# linkers), and symbol version nodes (type A).  Everything else defined in
# the dynamic symbol table must be exactly sqlite3_timetrace_init, a
# function (T).  Prints "N passed, M failed".
set -u
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

EXT=${TT_EXT:-build/timetrace}
if [ "$(uname -s)" = Darwin ]; then
  lib=$EXT.dylib
  # Mach-O prefixes C names with "_"; -g global, -U defined only
  list() { nm -gU "$1" | awk 'NF >= 3 { sub(/^_/, "", $3); print $2, $3 }'; }
else
  lib=$EXT.so
  list() { nm -D --defined-only "$1" | awk 'NF >= 3 { print $2, $3 }'; }
fi

# ours FILE: "TYPE NAME" lines (from list) less the toolchain's own
ours() {
  grep -Ev '^[A-Za-z] (_init|_fini|_edata|_end|__bss_start|_etext)$' "$1" | grep -v '^A '
}

# The filter itself, on a made-up list: what it drops and what it keeps.
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
printf '%s\n' 'T _init' 'T _fini' 'D _edata' 'B _end' 'B __bss_start' 'A GLIBC_2.2.5' \
  'T sqlite3_timetrace_init' 'T big_resize' 'B sqlite3_api' > "$tmp/sample"
[ "$(ours "$tmp/sample" | tr '\n' ' ')" = "T sqlite3_timetrace_init T big_resize B sqlite3_api " ] \
  && ok || bad "the filter: $(ours "$tmp/sample" | tr '\n' ' ')"

if [ ! -f "$lib" ]; then
  bad "no $lib"
elif ! list "$lib" > "$tmp/all" 2>"$tmp/err"; then
  bad "nm failed on $lib: $(cat "$tmp/err")"
else
  ours "$tmp/all" > "$tmp/ours"
  n=$(wc -l < "$tmp/all" | tr -d ' ')
  [ "$n" -ge 1 ] && ok || bad "nm listed nothing for $lib"
  if [ "$(cat "$tmp/ours")" = "T sqlite3_timetrace_init" ]; then
    ok
  else
    bad "$lib exports more (or other) than sqlite3_timetrace_init:"
    sed 's/^/    /' "$tmp/ours"
  fi
  # what SQLite looks up by default for a file named timetrace.*
  grep -qx 'T sqlite3_timetrace_init' "$tmp/all" && ok || bad "$lib: no sqlite3_timetrace_init"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
