#!/bin/sh
# tests/run.sh: runs every test of timetrace and prints "N passed, N failed" last.
#
# A test is any program that prints, as its last line, "N passed, M failed"
# and exits non-zero when M > 0.  Each test's line ends with its seconds.  The suite is:
#   build/unit/test_*        C unit tests (tests/unit/), no SQLite
#   tests/sql/*.test         golden SQL tests through the sqlite3 shell (tests/sql/golden.py)
#   tests/oracle/*.py|*.sh   oracle tests: Python's json, jq, rustfilt, c++filt decide
#   tests/faults/fault_test.py  statements with their Nth allocation failing
#                            (build/failmalloc.so preloaded), leaks checked in the ASan pass
#   tests/valgrind.sh        the extension under valgrind (normal build only)
#   tests/no_gnu.sh          ext/*.c compile as C11 + POSIX.1-2008, no _GNU_SOURCE
#   tests/musl.sh            ext/*.c compile with musl-gcc, unit tests that
#                            link alone run on musl (these two: normal pass only)
# It runs once against build/timetrace.so (build/timetrace.dylib on macOS)
# and once more against the ASan+UBSan build in build/asan/ (skipped when
# TIMETRACE_NO_ASAN=1).
# Environment given to every test:
#   TT_EXT    path of the extension without ".so"/".dylib" (what .load takes)
#   TT_DATA   folder with the decompressed test data (tests/data/prepare.sh)
#   TT_ASAN   1 in the sanitizer pass
set -u
cd "$(dirname "$0")/.." || exit 2
PY=/usr/bin/python3
ROOT=$(pwd)
TT_DATA=$ROOT/build/testdata
export TT_DATA
LOGDIR=$ROOT/build/testlogs
mkdir -p "$LOGDIR"
pass=0
fail=0

sh tests/data/prepare.sh "$TT_DATA" || { echo "tests/data/prepare.sh failed"; echo "0 passed, 1 failed"; exit 1; }

# run_one LABEL CMD...: run a test program, add up its closing line.
run_one() {
  label=$1; shift
  log=$LOGDIR/$(echo "$label" | tr '/ ' '__').log
  t0=$(date +%s)
  "$@" >"$log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - t0 ))
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  if [ -n "$line" ]; then
    p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
  else
    p=0; f=0
  fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crashed or said nothing
  pass=$((pass + p)); fail=$((fail + f))
  if [ "$f" -eq 0 ]; then
    printf '  ok    %-44s %6d passed %5ds\n' "$label" "$p" "$secs"
    grep -m 1 '^skipped:' "$log" | sed 's/^/        /'
  else
    printf '  FAIL  %-44s %6d passed, %d failed (exit %d, %ds; log %s)\n' "$label" "$p" "$f" "$rc" "$secs" "$log"
    tail -n 25 "$log" | sed 's/^/        | /'
  fi
}

run_pass() {
  mode=$1 unitdir=$2
  for t in "$unitdir"/test_*; do
    [ -x "$t" ] || continue
    # our own C programs: leaks count (the ASan pass turns detection off
    # only for the interpreters below)
    run_one "$mode unit/$(basename "$t")" env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1" "$t"
  done
  for t in tests/sql/*.test; do
    [ -f "$t" ] || continue
    run_one "$mode $t" $PY tests/sql/golden.py "$t"
  done
  for t in tests/oracle/*.py; do
    [ -f "$t" ] || continue
    case $t in tests/oracle/checks.py|tests/oracle/tree_rules.py|tests/oracle/flame_oracle.py|tests/oracle/mm_reader.py) continue;; esac   # modules the others import
    run_one "$mode $t" $PY "$t"
  done
  for t in tests/oracle/*.sh examples/test_*.sh; do
    [ -f "$t" ] || continue
    run_one "$mode $t" sh "$t"
  done
  run_one "$mode tests/faults/fault_test.py" $PY tests/faults/fault_test.py
}

echo "timetrace tests: normal build"
TT_EXT=$ROOT/build/timetrace TT_ASAN=0
export TT_EXT TT_ASAN
run_pass plain build/unit
if command -v valgrind >/dev/null 2>&1; then
  run_one "plain tests/valgrind.sh" sh tests/valgrind.sh
else
  echo "  FAIL  valgrind is not installed (make deps installs it)"; fail=$((fail + 1))
fi
# compile checks: they test the sources, not a build, so they run once
run_one "plain tests/no_gnu.sh" sh tests/no_gnu.sh
run_one "plain tests/musl.sh" sh tests/musl.sh

if [ "${TIMETRACE_NO_ASAN:-0}" != 1 ]; then
  echo "timetrace tests: ASan+UBSan build"
  libasan=$(${CC:-cc} -print-file-name=libasan.so)
  TT_EXT=$ROOT/build/asan/timetrace TT_ASAN=1
  # The sqlite3 shell and python are not instrumented: ASan's runtime must be
  # loaded first.  Leak checking is off here because python, node and jq
  # leak by design (memory they keep to exit); it is switched on for our own
  # programs: the unit tests (run_pass) and the sqlite3 shell, by the tests
  # that run it (golden.py, fault_test.py).
  LD_PRELOAD=$libasan ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export TT_EXT TT_ASAN LD_PRELOAD ASAN_OPTIONS UBSAN_OPTIONS
  run_pass asan build/asan/unit
  unset LD_PRELOAD
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
