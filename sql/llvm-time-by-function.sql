-- llvm-time-by-function.sql: all of LLVM's time, by the function it worked on.
-- Question (seed): "which functions cost the most LLVM time?"  The seed
-- answers it with OptFunction events, which on current LLVM (rustc 1.95,
-- LLVM 22) hold only the code generation of each function: the
-- optimisation passes (InstCombine, inliner, GVN, ...) run outside them.
-- Here every slice's self time goes to the function the call tree's
-- `symbol` column names (its own detail, else its nearest ancestor's; see
-- the README, "The call tree"), so the rows add up to all of LLVM's time;
-- time that worked on no single function (module passes, SCCs of several
-- functions) is the row "(no single function)".
--   sqlite3> .parameter set :trace 't.llvm_timings.json'   -- a file, folder or pattern
--   sqlite3> .read sql/llvm-time-by-function.sql
-- :limit rows (default 50; -1 for all).  Columns: seconds of self time,
-- its share of all LLVM time (% of the self time of every slice), the
-- slices, the demangled function (Rust or C++).
WITH s AS MATERIALIZED (
  SELECT symbol, sum(self_dur) AS us, count(*) AS n
    FROM trace_events(:trace)
   WHERE depth IS NOT NULL
   GROUP BY symbol
),
total AS (SELECT sum(us) AS t FROM s)
SELECT round(sum(us) / 1e6, 6) AS seconds,
       round(100.0 * sum(us) / (SELECT t FROM total), 3) AS pct_of_llvm,
       sum(n) AS slices,
       coalesce(demangle(symbol), '(no single function)') AS function
  FROM s
 GROUP BY function
 ORDER BY sum(us) DESC, function
 LIMIT coalesce(:limit, 50);
