#!/bin/sh
# demo.sh [TRACE]: the short report of `make demo`.
# Default trace: examples/tiny.llvm_timings.json.gz, made with
#   RUSTC_BOOTSTRAP=1 rustc --edition 2021 -Copt-level=1 -Zllvm-time-trace \
#       -Csymbol-mangling-version=v0 tiny.rs        (rustc 1.95, 18,693 events)
set -eu
cd "$(dirname "$0")/.."
TRACE=${1:-examples/tiny.llvm_timings.json.gz}
sqlite3 -batch :memory: <<SQL
.load build/timetrace
.headers on
.mode column --wrap 0
.print 'timetrace demo: $TRACE'
.print
.print 'The 10 longest OptFunction events (LLVM optimizing one function):'
SELECT dur AS us, rust_demangle(detail) AS function
  FROM trace_events('$TRACE') WHERE name = 'OptFunction'
 ORDER BY dur DESC LIMIT 10;
.print
.print 'Events by name (the 15 most frequent):'
SELECT name, count(*) AS events, sum(dur) AS total_us
  FROM trace_events('$TRACE') GROUP BY name ORDER BY events DESC, name LIMIT 15;
SQL
