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
#   TT_ASAN   1 in the sanitizer pass (which also gets LD_PRELOAD=libasan,
#             ASAN_OPTIONS and UBSAN_OPTIONS; the normal pass gets none of them)
#
# Tests run TT_JOBS at a time (default: the number of online CPUs;
# TT_JOBS=1 runs them one after another), both passes in one pool.  Each
# test writes to its own log (build/testlogs/); its lines are printed in
# the order above, each as soon as it and every test before it have
# finished, so the output is the same whatever the order they end in.
# A test must therefore share nothing it writes with another: temporary
# files go in a folder of its own (mktemp -d, tempfile), never a fixed path
# under build/ or /tmp.  What cannot share the machine says so in
# traits() below:
#   x  exclusive: runs with no other test running (they all run first,
#      one after another).  For tests whose assertions time the wall
#      clock (a ratio of two scans, how soon a statement ends after an
#      interrupt): a neighbour would skew them.
#   s  serial: never two of these at once, other tests beside them allowed.
#      For the packaging tests: make dist, make wheel and make npm all
#      (re)build build/dist/lib/timetrace.so and build/npm/.
#   e  early: started before the others (the longest tests), so that the
#      run does not end with one long test on one CPU and the rest idle.
# The pool is a FIFO holding one line per free slot: a test takes a line
# before it starts and puts it back when it ends (an exclusive one takes
# them all).
set -u
cd "$(dirname "$0")/.." || exit 2
PY=/usr/bin/python3
ROOT=$(pwd)
TT_DATA=$ROOT/build/testdata
export TT_DATA
LOGDIR=$ROOT/build/testlogs
mkdir -p "$LOGDIR"

JOBS=${TT_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null || echo 1)}
case $JOBS in
  ''|*[!0-9]*|0*) echo "tests/run.sh: TT_JOBS=$JOBS: want a number of tests to run at once, 1 or more"
                  echo "0 passed, 1 failed"; exit 2;;
esac

sh tests/data/prepare.sh "$TT_DATA" || { echo "tests/data/prepare.sh failed"; echo "0 passed, 1 failed"; exit 1; }

NO_ASAN=${TIMETRACE_NO_ASAN:-0}
if [ "$NO_ASAN" != 1 ]; then
  libasan=$(${CC:-cc} -print-file-name=libasan.so)
fi

# traits FILE: how the test FILE shares the machine (x, s, e: see above).
traits() {
  case $1 in
    # wall-clock ratios and a 100 ms deadline (long_string: a 64 MB string
    # against 64 MB of events, one thread and two; interrupt_test: how soon
    # a statement ends after sqlite3_interrupt)
    tests/oracle/long_string.py|tests/oracle/interrupt_test.py) echo x;;
    tests/oracle/dist_test.sh|tests/oracle/wheel_test.sh|tests/oracle/npm_test.sh) echo s;;
    # the longest: up to a minute each, more under ASan
    tests/faults/fault_test.py|tests/valgrind.sh|tests/oracle/tree_oracle.py|tests/oracle/mm_profdata_test.py) echo e;;
  esac
}

state=$(mktemp -d) || exit 2
trap 'rm -rf "$state"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if ! mkfifo "$state/slots" || ! exec 3<>"$state/slots"; then
  echo "tests/run.sh: cannot make the FIFO $state/slots"; echo "0 passed, 1 failed"; exit 2
fi
i=0
while [ "$i" -lt "$JOBS" ]; do echo slot >&3; i=$((i + 1)); done

pass=0 fail=0
held=0       # slots this shell has taken and not yet given to a test
next=1       # the first entry not printed yet
n=0          # entries numbered so far in this pass over them
serial_last= # the entry of the last test with trait s started

# Entry K of the output is $state/K.out (its lines) and $state/K.sum
# ("passed failed"), the latter written last: it says K is done.
flush() {
  while [ -f "$state/$next.sum" ]; do
    cat "$state/$next.out" 2>/dev/null
    read -r p f < "$state/$next.sum"
    pass=$((pass + p)); fail=$((fail + f))
    next=$((next + 1))
  done
}
# take: wait for a free slot (a test ending gives one back), printing what
# has finished meanwhile.
take() {
  read -r _ <&3 || { echo "tests/run.sh: the slots FIFO closed"; exit 2; }
  held=$((held + 1))
  flush
}

# note TEXT [FAILED]: a line of the output that is no test.
note() {
  n=$((n + 1))
  [ "$phase" = alone ] || return 0
  printf '%s\n' "$1" > "$state/$n.out"
  echo "0 ${2:-0}" > "$state/$n.sum.tmp" && mv "$state/$n.sum.tmp" "$state/$n.sum"
}

# run_one K LABEL CMD...: run a test program (in a job add started), its
# lines and closing count going to entry K.
run_one() {
  k=$1 label=$2; shift 2
  log=$LOGDIR/$(echo "$label" | tr '/ ' '__').log
  t0=$(date +%s)
  "$@" >"$log" 2>&1 3>&-
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
  if [ "$f" -eq 0 ]; then
    printf '  ok    %-44s %6d passed %5ds\n' "$label" "$p" "$secs"
    grep -m 1 '^skipped:' "$log" | sed 's/^/        /'
  else
    printf '  FAIL  %-44s %6d passed, %d failed (exit %d, %ds; log %s)\n' "$label" "$p" "$f" "$rc" "$secs" "$log"
    tail -n 25 "$log" | sed 's/^/        | /'
  fi > "$state/$k.out"
  echo "$p $f" > "$state/$k.sum.tmp" && mv "$state/$k.sum.tmp" "$state/$k.sum"
}

# add MODE FILE CMD...: entry for the test FILE of pass MODE (plain, asan),
# started now if it belongs to this phase.
add() {
  mode=$1 file=$2; shift 2
  n=$((n + 1))
  how=$(traits "$file")
  [ "$JOBS" -gt 1 ] || how=   # one at a time: all in order
  case $phase:$how in
    alone:*x*|early:*e*|rest:*) ;;
    *) return 0;;
  esac
  case $phase:$how in early:*x*|rest:*x*|rest:*e*) return 0;; esac
  case $how in
    *x*) while [ "$held" -lt "$JOBS" ]; do take; done;;
    *s*) if [ -n "$serial_last" ]; then
           while [ ! -f "$state/$serial_last.sum" ] && [ "$held" -lt "$JOBS" ]; do take; done
         fi
         serial_last=$n
         [ "$held" -gt 0 ] || take
         while [ "$held" -gt 1 ]; do echo slot >&3; held=$((held - 1)); done;;
    *)   [ "$held" -gt 0 ] || take;;
  esac
  slots=$held
  held=0
  (
    if [ "$mode" = asan ]; then
      TT_EXT=$ROOT/build/asan/timetrace TT_ASAN=1
      # The sqlite3 shell and python are not instrumented: ASan's runtime must be
      # loaded first.  Leak checking is off here because python, node and jq
      # leak by design (memory they keep to exit); it is switched on for our own
      # programs: the unit tests (run_pass) and the sqlite3 shell, by the tests
      # that run it (golden.py, fault_test.py).
      LD_PRELOAD=$libasan ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
      export LD_PRELOAD ASAN_OPTIONS UBSAN_OPTIONS
    else
      TT_EXT=$ROOT/build/timetrace TT_ASAN=0
    fi
    export TT_EXT TT_ASAN
    run_one "$n" "$mode $file" "$@"
    [ -f "$state/$n.sum" ] || echo "0 1" > "$state/$n.sum"
    while [ "$slots" -gt 0 ]; do echo slot >&3; slots=$((slots - 1)); done
  ) &
}

# with_leaks PROGRAM: PROGRAM with ASan's leak detection on, whatever else
# ASAN_OPTIONS of its pass says.
with_leaks() { ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1" "$@"; }

# run_pass MODE UNITDIR: the entries of one pass.
run_pass() {
  mode=$1 unitdir=$2
  for t in "$unitdir"/test_*; do
    [ -x "$t" ] || continue
    # our own C programs: leaks count (the ASan pass turns detection off
    # only for the interpreters below)
    add "$mode" "unit/$(basename "$t")" with_leaks "$t"
  done
  for t in tests/sql/*.test; do
    [ -f "$t" ] || continue
    add "$mode" "$t" $PY tests/sql/golden.py "$t"
  done
  for t in tests/oracle/*.py; do
    [ -f "$t" ] || continue
    case $t in tests/oracle/checks.py|tests/oracle/tree_rules.py|tests/oracle/flame_oracle.py|tests/oracle/mm_reader.py) continue;; esac   # modules the others import
    add "$mode" "$t" $PY "$t"
  done
  for t in tests/oracle/*.sh examples/test_*.sh; do
    [ -f "$t" ] || continue
    add "$mode" "$t" sh "$t"
  done
  add "$mode" tests/faults/fault_test.py $PY tests/faults/fault_test.py
}

# Every entry, in the order printed.  Gone through three times: the
# exclusive tests run first, one after another, while nothing else has
# started (no waiting for running tests to end); then the early tests
# start, then the rest.
entries() {
  n=0
  note "timetrace tests: normal build"
  run_pass plain build/unit
  if command -v valgrind >/dev/null 2>&1; then
    add plain tests/valgrind.sh sh tests/valgrind.sh
  else
    note "  FAIL  valgrind is not installed (make deps installs it)" 1
  fi
  # compile checks: they test the sources, not a build, so they run once
  add plain tests/no_gnu.sh sh tests/no_gnu.sh
  add plain tests/musl.sh sh tests/musl.sh
  if [ "$NO_ASAN" != 1 ]; then
    note "timetrace tests: ASan+UBSan build"
    run_pass asan build/asan/unit
  fi
}

for phase in alone early rest; do entries; done
while [ "$held" -lt "$JOBS" ]; do take; done   # every test has ended
wait
flush
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
