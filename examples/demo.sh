#!/bin/sh
# demo.sh [TRACE]: the short report of `make demo`.
# Default trace: examples/tiny.llvm_timings.json.gz, made with
#   RUSTC_BOOTSTRAP=1 rustc --edition 2021 -Copt-level=1 -Zllvm-time-trace \
#       -Csymbol-mangling-version=v0 tiny.rs        (rustc 1.95, 18,693 events)
# It leads with all of LLVM's time by function (the symbol column), then
# the seed's OptFunction view, which on LLVM 22 is code generation only.
set -eu
cd "$(dirname "$0")/.."
TRACE=${1:-examples/tiny.llvm_timings.json.gz}
# the trace as an SQL string literal: a path may hold quotes
q=$(printf "%s" "$TRACE" | sed "s/'/''/g")
sqlite3 -batch :memory: <<SQL
.load build/timetrace
.headers on
.mode column --wrap 0
.print "timetrace demo"
.parameter set :trace '$q'
.parameter set :limit 10
SELECT printf('%.1f ms of LLVM time in %d slices; OptFunction events span %.1f ms of it (code generation)',
              sum(self_dur) / 1e3, count(depth), sum(dur) FILTER (WHERE name = 'OptFunction') / 1e3) AS trace
  FROM trace_events(:trace);
.print
.print "Which functions cost the most LLVM time? Every slice's self time, by the function it worked on (sql/llvm-time-by-function.sql):"
.read sql/llvm-time-by-function.sql
.print
.print 'By crate (sql/llvm-time-by-crate.sql):'
.parameter set :limit 5
.read sql/llvm-time-by-crate.sql
.print
.print "The seed's view: the 5 longest OptFunction events (on LLVM 22, one function's code generation each):"
SELECT dur AS us, rust_demangle(detail) AS function
  FROM trace_events(:trace) WHERE name = 'OptFunction'
 ORDER BY dur DESC LIMIT 5;
SQL
