#!/bin/sh
# musl.sh: timetrace on musl (Alpine): every ext/*.c compiles with musl-gcc
# (C11, POSIX.1-2008, no _GNU_SOURCE: tests/portable.sh), and the unit
# tests that need no yajl, PCRE2, zlib or libstdc++ (those libraries here
# are built for glibc) link against musl alone and pass, so nothing
# glibc-only creeps in.
#
# Headers: musl-gcc's specs leave /usr/include out, so that glibc's headers
# are never mixed in.  SQLite's, zlib's, yajl's and PCRE2's headers are
# given as symlinks in build/musl/include, and nothing else: with
# -idirafter /usr/include a header musl lacks (<execinfo.h>, a GNU one)
# would be found in glibc's and the test would miss what it is for.
#
# Without musl-gcc (Debian: musl-tools, which make deps installs) it says
# "skipped" and passes, except in CI (CI=true), where that fails.
# Prints "N passed, M failed".
set -u
cd "$(dirname "$0")/.." || exit 2
. tests/portable.sh
MUSL=build/musl
# The unit tests that link alone (see above).
UNITS="test_big_array test_demangle_rust test_demangle_rust_corpus test_demangle_rust_crates
       test_flamegraph test_pass_detail test_symbol_path test_text_buf"

if ! command -v musl-gcc >/dev/null 2>&1; then
  if [ "${CI:-}" = true ]; then
    bad "musl-gcc is not installed (Debian: musl-tools; make deps installs it)"
  else
    echo "skipped: musl-gcc not installed (Debian: musl-tools; make deps installs it)"
  fi
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]; exit
fi

rm -rf "$MUSL"
mkdir -p "$MUSL/include" "$MUSL/unit"
multiarch=$(gcc -print-multiarch 2>/dev/null)
for h in sqlite3.h sqlite3ext.h zlib.h zconf.h pcre2.h yajl; do
  found=
  for d in /usr/include "/usr/include/$multiarch"; do
    if [ -e "$d/$h" ]; then ln -s "$d/$h" "$MUSL/include/$h"; found=1; break; fi
  done
  [ -n "$found" ] || bad "no /usr/include/$h (make deps installs it)"
done

compile_ext musl-gcc "$MUSL/obj" -isystem "$MUSL/include"

# the plain-C objects (what the Makefile's libplain.a holds)
plain=$(ls "$MUSL"/obj/*.o | grep -Ev '/(timetrace|trace_events|trace_lookup|trace_options|sql_functions)\.o$')
# shellcheck disable=SC2086
ar rcs "$MUSL/libplain.a" $plain || bad "ar"

for u in $UNITS; do
  bin=$MUSL/unit/$u
  if ! out=$(musl-gcc $PORT_CFLAGS -static -isystem "$MUSL/include" -Iext -o "$bin" \
             "tests/unit/$u.c" "$MUSL/libplain.a" -lm -lpthread 2>&1); then
    bad "musl-gcc: tests/unit/$u.c does not link against musl alone"; echo "$out" | head -20 | sed 's/^/    /'
    continue
  fi
  # a static musl program: no glibc library is loaded into it
  "$bin" > "$MUSL/unit/$u.log" 2>&1
  rc=$?
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$MUSL/unit/$u.log" | tail -n 1)
  p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed*}
  if [ -z "$line" ]; then p=0 f=0; fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  pass=$((pass + p)); fail=$((fail + f))
  if [ "$f" -eq 0 ]; then echo "ok    musl unit/$u: $p passed"; else
    echo "FAIL  musl unit/$u: $p passed, $f failed (exit $rc; log $MUSL/unit/$u.log)"
    tail -n 20 "$MUSL/unit/$u.log" | sed 's/^/    /'
  fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
