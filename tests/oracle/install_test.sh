#!/bin/sh
# install_test.sh: make install and make uninstall, in temporary folders only.
# - PREFIX of the user's own: the library and nothing else (no link in the
#   system's library directory, SYSLIBDIR here a writable temporary folder),
#   and the .load line it prints loads it;
# - as a user who is not root (nobody, through setpriv, when the test runs as
#   root), PREFIX of their own and the real SYSLIBDIR: it succeeds;
# - the default PREFIX (DEFAULT_PREFIX set to a temporary folder, so that the
#   test writes nowhere else): the link when SYSLIBDIR is writable, which a
#   bare `.load timetrace` finds (LD_LIBRARY_PATH stands for the loader's
#   default folders); no link, a message and success when it is not;
# - make uninstall removes the link only when it points to its PREFIX;
# - DESTDIR: the file alone.
# Linux only (setpriv, the loader's folders): the library is timetrace.so
# here; on macOS make install copies timetrace.dylib.
# Prints "N passed, M failed".
set -u
unset LD_PRELOAD MAKEFLAGS MFLAGS MAKELEVEL   # make, sqlite3 and setpriv are not under test
ROOT=$(pwd)
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
mk() { make -s -C "$ROOT" "$@"; }
loads() { sqlite3 -batch :memory: ".load $1" "SELECT timetrace_version()" 2>&1 | grep -qx '[0-9.]*'; }

# as another user when root: nobody, who can write only under $tmp/user
if [ "$(id -u)" = 0 ]; then
  as_user() { setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; }
else
  as_user() { "$@"; }
fi
mkdir -p "$tmp/user" "$tmp/sys" "$tmp/readonly"
[ "$(id -u)" = 0 ] && chown nobody "$tmp/user" || chmod 555 "$tmp/readonly"

# 1. a PREFIX of the user's own
out=$(mk install PREFIX="$tmp/p" SYSLIBDIR="$tmp/sys" 2>&1)
[ -f "$tmp/p/lib/timetrace.so" ] && ok || bad "PREFIX: no $tmp/p/lib/timetrace.so ($out)"
[ -z "$(ls -A "$tmp/sys")" ] && ok || bad "PREFIX=$tmp/p linked into SYSLIBDIR: $(ls -l "$tmp/sys")"
line=$(echo "$out" | sed -n 's/^load it with: \.load \([^ ]*\) .*/\1/p')
[ "$line" = "$tmp/p/lib/timetrace" ] && loads "$line" && ok || bad "PREFIX: the printed .load line does not load it: $out"

# 2. not root, the real system library directory, PREFIX of their own
if out=$(as_user make -s -C "$ROOT" install PREFIX="$tmp/user/p" 2>&1); then ok; else bad "make install PREFIX=... as $(as_user id -un): $out"; fi
as_user sh -c "$(command -v sqlite3) -batch :memory: '.load $tmp/user/p/lib/timetrace' 'SELECT timetrace_version()'" \
  > /dev/null 2>&1 && ok || bad "as $(as_user id -un): the library under PREFIX does not load"

# 3. the default PREFIX: a link when SYSLIBDIR is writable
out=$(mk install PREFIX="$tmp/d" DEFAULT_PREFIX="$tmp/d" SYSLIBDIR="$tmp/sys" 2>&1)
[ "$(readlink "$tmp/sys/timetrace.so")" = "$tmp/d/lib/timetrace.so" ] && ok || bad "default PREFIX: no link ($out)"
LD_LIBRARY_PATH="$tmp/sys" loads timetrace && ok || bad "default PREFIX: .load timetrace does not find the link"
echo "$out" | grep -q '^load it with: \.load timetrace ' && ok || bad "default PREFIX: prints $out"
# ... and none, with a message, when it is not
if out=$(as_user make -s -C "$ROOT" install PREFIX="$tmp/user/d" DEFAULT_PREFIX="$tmp/user/d" SYSLIBDIR="$tmp/readonly" 2>&1); then
  ok; else bad "default PREFIX, SYSLIBDIR not writable: make install fails: $out"; fi
[ -z "$(ls -A "$tmp/readonly")" ] && echo "$out" | grep -q "not linked from $tmp/readonly: it is not writable" && \
  echo "$out" | grep -q "^load it with: \.load $tmp/user/d/lib/timetrace " && ok || bad "default PREFIX, SYSLIBDIR not writable: $out"

# 4. uninstall: the other PREFIX leaves the link alone; the default removes both
mk uninstall PREFIX="$tmp/p" SYSLIBDIR="$tmp/sys" > /dev/null 2>&1
[ ! -e "$tmp/p/lib/timetrace.so" ] && [ -L "$tmp/sys/timetrace.so" ] && ok || bad "uninstall PREFIX=$tmp/p removed another PREFIX's link"
mk uninstall PREFIX="$tmp/d" DEFAULT_PREFIX="$tmp/d" SYSLIBDIR="$tmp/sys" > /dev/null 2>&1
[ ! -e "$tmp/d/lib/timetrace.so" ] && [ ! -L "$tmp/sys/timetrace.so" ] && ok || bad "uninstall of the default PREFIX left $(ls "$tmp/d/lib" "$tmp/sys")"

# 5. DESTDIR: the file alone
mk install DESTDIR="$tmp/stage" SYSLIBDIR="$tmp/sys" > /dev/null 2>&1
[ -f "$tmp/stage/usr/local/lib/timetrace.so" ] && [ -z "$(ls -A "$tmp/sys")" ] && ok || bad "DESTDIR"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
