-- llvm-time-by-generic.sql: all of LLVM's time, by generic function: every
-- instance of a generic counted together.
-- Question (seed): "removing generics from dependencies": a generic is
-- optimised again for every set of arguments and in every crate that
-- instantiates it, so its cost is spread over many symbols.  As
-- llvm-time-by-function.sql (every slice's self time goes to its `symbol`),
-- grouped by strip_generics (the demangled name without generic arguments).
--   sqlite3> .parameter set :trace 't.llvm_timings.json'   -- a file, folder or pattern
--   sqlite3> .read sql/llvm-time-by-generic.sql
-- :limit rows (default 50; -1 for all).  instances: distinct symbols.
WITH s AS MATERIALIZED (
  SELECT symbol, sum(self_dur) AS us
    FROM trace_events(:trace)
   WHERE depth IS NOT NULL
   GROUP BY symbol
),
total AS (SELECT sum(us) AS t FROM s)
SELECT round(sum(us) / 1e6, 6) AS seconds,
       round(100.0 * sum(us) / (SELECT t FROM total), 3) AS pct_of_llvm,
       count(symbol) AS instances,
       coalesce(strip_generics(symbol), '(no single function)') AS generic_function
  FROM s
 GROUP BY generic_function
 ORDER BY sum(us) DESC, generic_function
 LIMIT coalesce(:limit, 50);
