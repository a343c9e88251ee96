-- longest-opt-functions.sql: the longest single OptFunction events, demangled.
-- OptFunction is the seed's measure: on the rustc of the seed it held a
-- function's whole optimisation; on rustc 1.95 (LLVM 22) it holds only the
-- function's code generation, about a quarter of LLVM's time (40 of 163 ms
-- on examples/tiny.llvm_timings.json.gz).  For all of it, by function, see
-- sql/llvm-time-by-function.sql (and -crate, -generic).
-- Question (seed): "finding the individual functions we spent the most time optimizing"
--   cat t.jsonl | jq -c 'select(.name == "OptFunction")' \
--     | jq -sc 'sort_by(-.dur) | .[] | { dur: (.dur / 1e6), detail: .args.detail }' | head
-- and, demangled:
--   ... | xargs -l bash -c 'echo "{\"dur\":$0,\"fn\":\"$(rustfilt "$1")\"}"' \
--     | jq -sr 'sort_by(-.dur) | .[] | "\(.dur / 1e4 | round | . / 1e2)s \(.fn)"' | head -n5
-- Equal durations keep file order, as jq's stable sort_by does.
-- :limit is the number of rows (not set, i.e. NULL: 50; -1: all).
SELECT dur / 1e6 AS seconds,
       round(dur / 1e4) / 1e2 AS rounded_s,
       rust_demangle(detail) AS function,
       detail
  FROM trace_events(:trace)
 WHERE name = 'OptFunction'
 ORDER BY dur DESC, rowid
 LIMIT coalesce(:limit, 50);
