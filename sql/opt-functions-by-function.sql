-- opt-functions-by-function.sql: OptFunction time by demangled function,
-- summed over all instances (monomorphizations, codegen units), largest first.
-- OptFunction is the seed's measure: on the rustc of the seed it held a
-- function's whole optimisation; on rustc 1.95 (LLVM 22) it holds only the
-- function's code generation, about a quarter of LLVM's time (40 of 163 ms
-- on examples/tiny.llvm_timings.json.gz).  For all of it, by function, see
-- sql/llvm-time-by-function.sql (and -crate, -generic).
-- Question (seed): "It's fairly straightforward to identify all of the
-- functions inside the main crate that are taking a long time"
--   cat t.jsonl | jq -r 'select(.name == "OptFunction") | "\(.dur) \(.args.detail)"' \
--     | xargs -l bash -c 'echo "{\"dur\":$0,\"fn\":\"$(rustfilt "$1")\"}"' \
--     | jq -sc 'group_by(.fn) | map({ fn: .[0].fn, dur: (map(.dur) | add) }) | sort_by(-.dur) | .[]' \
--     | jq -r '"\(.dur / 1e4 | round | . / 1e2)s \(.fn)"'
-- Equal sums are ordered by function name, as jq's group_by then stable sort_by do.
-- (The xargs form runs one rustfilt per event: hours on a 7-million-event trace.)
-- :limit is the number of rows (not set, i.e. NULL: 50; -1: all).
SELECT round(sum(dur) / 1e4) / 1e2 AS rounded_s,
       sum(dur) / 1e6 AS seconds,
       count(*) AS events,
       rust_demangle(detail) AS function
  FROM trace_events(:trace)
 WHERE name = 'OptFunction'
 GROUP BY function
 ORDER BY sum(dur) DESC, function
 LIMIT coalesce(:limit, 50);
