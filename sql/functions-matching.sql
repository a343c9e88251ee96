-- functions-matching.sql: the OptFunction time of the functions whose
-- demangled name matches the regular expression :pattern, each and in total.
-- OptFunction is the seed's measure: on the rustc of the seed it held a
-- function's whole optimisation; on rustc 1.95 (LLVM 22) it holds only the
-- function's code generation, about a quarter of LLVM's time (40 of 163 ms
-- on examples/tiny.llvm_timings.json.gz).  For all of it, by function, see
-- sql/llvm-time-by-function.sql (and -crate, -generic).
-- Question (seed): "full timings for PhotosState::new", "for photos::init":
--   ... | jq -sc 'group_by(.fn) | map({ fn: .[0].fn, dur: (map(.dur) | add) }) | sort_by(-.dur) | .[]' \
--     | jq -r 'select(.fn | test("^(core::ptr::drop_in_place::<)?<*web_http_server::photos::(init|PhotosState>::new)")) | "\(.dur / 1e4 | round | . / 1e2)s \(.fn)"'
--   ... | jq 'select(.fn | test(PATTERN)) | .dur' | jq -sr 'add | . / 1e4 | round | . / 1e2 | "\(.)s"'
-- :pattern is a regular expression in PCRE2's (Perl's) syntax, like the
-- seed's jq test() patterns (they are valid ones), e.g.
--   .parameter set :pattern '^(core::ptr::drop_in_place::<)?<*web_http_server::photos::(init|PhotosState>::new)'
-- The first statement lists the functions, the second gives the total.
-- :limit is the number of rows of the list (not set, i.e. NULL: 50; -1: all);
-- the total counts every function.
SELECT round(sum(dur) / 1e4) / 1e2 AS rounded_s, rust_demangle(detail) AS function
  FROM trace_events(:trace)
 WHERE name = 'OptFunction'
 GROUP BY function
HAVING function REGEXP :pattern
 ORDER BY sum(dur) DESC, function
 LIMIT coalesce(:limit, 50);

SELECT round(sum(dur) / 1e4) / 1e2 AS total_s, count(DISTINCT function) AS functions
  FROM (SELECT dur, rust_demangle(detail) AS function
          FROM trace_events(:trace) WHERE name = 'OptFunction')
 WHERE function REGEXP :pattern;
