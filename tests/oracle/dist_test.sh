#!/bin/sh
# dist_test.sh: the release archive of make dist, unpacked outside the
# repository, needs nothing beyond libc and libm and gives the answers of
# the normal build.
# - the archive holds one folder: timetrace.so, sql/, README.md, LICENSE and
#   licenses/{yajl,pcre2,zlib,libstdc++}.txt;
# - readelf -d: the library NEEDs only libc, libm (and libpthread, libdl,
#   ld-linux on older glibc); ldd shows no yajl, PCRE2, zlib, libstdc++ or
#   libgcc_s; after a query, Python's process (which loaded it) has mapped
#   none of yajl, PCRE2 or libstdc++ (zlib Python may have of its own);
# - every check above is run on the normal build too (build/timetrace.so,
#   linked to the system's libraries), where it must fail: so a check that
#   can no longer see a dependency fails the test;
# - tests/oracle/exports.sh on it: sqlite3_timetrace_init is the only
#   export, the static libraries' names hidden too;
# - from a folder outside the repository, the demo's queries (sql/ of the
#   archive on examples/tiny.llvm_timings.json.gz) print what they print
#   with the normal build; timetrace_debug() says "static", the VERSION
#   file's version, the versions pkg-config gives for yajl, zlib, PCRE2, and
#   getconf's online CPUs (at most 64) as the default thread count.
# The archive is built by make dist (cached in build/dist/), without
# sanitizers: the ASan pass skips this test.  Linux only.
# Prints "N passed, M failed".
set -u
unset LD_PRELOAD MAKEFLAGS MFLAGS MAKELEVEL   # make and sqlite3 are not under test
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
if [ "${TT_ASAN:-0}" = 1 ]; then
  echo "skipped: make dist builds its own library, without sanitizers (normal pass only)"
  echo "0 passed, 0 failed"; exit 0
fi
ROOT=$(pwd)
NORMAL=${TT_EXT:-$ROOT/build/timetrace}
version=$(cat VERSION)
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

if ! make -s -C "$ROOT" dist > "$tmp/make.log" 2>&1; then
  bad "make dist failed:"; cat "$tmp/make.log"; echo "$pass passed, $fail failed"; exit 1
fi
archive=$ROOT/build/dist/timetrace-$version-linux-$(uname -m).tar.gz
name=$(basename "$archive" .tar.gz)
[ -f "$archive" ] && ok || bad "no $archive"
echo "archive: $archive, $(wc -c < "$archive" | tr -d ' ') bytes"

# 1. what the archive holds
tar -tzf "$archive" > "$tmp/list" 2>&1 || bad "tar -t: $(cat "$tmp/list")"
for f in timetrace.so sql/summarize.sql sql/llvm-time-by-function.sql README.md LICENSE \
         licenses/yajl.txt licenses/pcre2.txt licenses/zlib.txt licenses/libstdc++.txt; do
  grep -qx "$name/$f" "$tmp/list" && ok || bad "the archive has no $name/$f"
done
[ -z "$(grep -v "^$name/" "$tmp/list")" ] && ok || bad "files outside $name/: $(grep -v "^$name/" "$tmp/list")"
mkdir "$tmp/u" && tar -C "$tmp/u" -xzf "$archive" || bad "cannot unpack $archive"
dir=$tmp/u/$name
lib=$dir/timetrace.so

# 2. what it needs.  needed_extra LIB: NEEDED entries beyond libc and libm;
# ldd_extra LIB: ldd lines naming a library we link; mapped_extra LIB: those
# of yajl, PCRE2, libstdc++ in a Python's memory after a query.
needed_extra() {
  readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
    grep -Ev '^(libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|ld-linux-x86-64\.so\.2)$'
}
ldd_extra() { ldd "$1" | grep -Ei 'yajl|pcre2|libz\.|stdc\+\+|libgcc_s'; }
mapped_extra() {
  /usr/bin/python3 -c '
import re, sqlite3, sys
db = sqlite3.connect(":memory:")
db.enable_load_extension(True)
db.load_extension(sys.argv[1])
db.execute("SELECT count(*) FROM trace_events(?) WHERE ? REGEXP ?", (sys.argv[2], "x", "x")).fetchone()
with open("/proc/self/maps") as f:
    print("\n".join(sorted({l.split()[-1] for l in f if re.search(r"yajl|pcre2|stdc\+\+", l)})))
' "${1%.so}" "$ROOT/examples/tiny.llvm_timings.json.gz" 2>&1
}
echo "readelf -d $lib | grep NEEDED:"; readelf -d "$lib" | grep NEEDED
echo "ldd $lib:"; ldd "$lib"
out=$(needed_extra "$lib"); [ -z "$out" ] && ok || bad "the dist library needs $out"
out=$(ldd_extra "$lib"); [ -z "$out" ] && ok || bad "ldd of the dist library: $out"
out=$(mapped_extra "$lib"); [ -z "$out" ] && ok || bad "with the dist library, Python mapped $out"
# the same checks see the normal build's libraries
needed_extra "$NORMAL.so" | grep -q yajl && ok || bad "needed_extra does not see libyajl in $NORMAL.so"
ldd_extra "$NORMAL.so" | grep -q yajl && ok || bad "ldd_extra does not see libyajl in $NORMAL.so"
mapped_extra "$NORMAL.so" | grep -q yajl && ok || bad "mapped_extra does not see libyajl with $NORMAL.so: $(mapped_extra "$NORMAL.so")"

# 3. one export
out=$(TT_EXT=${lib%.so} sh "$ROOT/tests/oracle/exports.sh" 2>&1)
echo "$out" | tail -n 1 | grep -q ' 0 failed$' && ok || bad "exports.sh on the dist library: $out"

# 4. the demo's queries from outside the repository
demo() {   # demo EXT SQLDIR
  sqlite3 -batch :memory: ".load $1" ".headers on" ".mode column --wrap 0" \
    ".parameter set :trace '$ROOT/examples/tiny.llvm_timings.json.gz'" ".parameter set :limit 10" \
    ".read $2/llvm-time-by-function.sql" ".read $2/llvm-time-by-crate.sql" ".read $2/summarize.sql" 2>&1
}
(cd "$dir" && demo ./timetrace sql) > "$tmp/dist.out"
demo "$NORMAL" "$ROOT/sql" > "$tmp/normal.out"
if [ -s "$tmp/normal.out" ] && ! grep -qi error "$tmp/normal.out" && cmp -s "$tmp/dist.out" "$tmp/normal.out"; then ok; else
  bad "the demo's queries differ between the dist library and $NORMAL:"
  diff "$tmp/normal.out" "$tmp/dist.out" | head -n 20
fi
dbg() { (cd "$dir" && sqlite3 -batch :memory: ".load ./timetrace" "SELECT timetrace_debug() ->> '\$.$1'" 2>&1); }
[ "$(dbg linkage)" = static ] && ok || bad "timetrace_debug() linkage: $(dbg linkage)"
[ "$(dbg version)" = "$version" ] && ok || bad "timetrace_debug() version: $(dbg version), VERSION: $version"
[ "$(dbg yajl)" = "$(pkg-config --modversion yajl)" ] && ok || bad "yajl: $(dbg yajl), pkg-config: $(pkg-config --modversion yajl)"
[ "$(dbg zlib)" = "$(pkg-config --modversion zlib)" ] && ok || bad "zlib: $(dbg zlib), pkg-config: $(pkg-config --modversion zlib)"
cpus=$(getconf _NPROCESSORS_ONLN); [ "$cpus" -gt 64 ] && cpus=64
[ "$(dbg threads)" = "$cpus" ] && ok || bad "timetrace_debug() threads: $(dbg threads), online CPUs: $cpus"
case "$(dbg pcre2)" in "$(pkg-config --modversion libpcre2-8) "*) ok;; *) bad "pcre2: $(dbg pcre2), pkg-config: $(pkg-config --modversion libpcre2-8)";; esac

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
