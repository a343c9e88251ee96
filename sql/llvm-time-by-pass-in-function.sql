-- llvm-time-by-pass-in-function.sql: LLVM's time by function and, within
-- it, by pass: which passes make a costly function costly.
-- As llvm-time-by-function.sql (every slice's self time goes to its
-- `symbol`), grouped by function and slice name (InstCombinePass,
-- InlinerPass, RunPass, ...).  RunPass is a code-generation step
-- (instruction selection, register allocation: its detail says which).
-- The functions from the costliest down, each with its 5 costliest
-- passes; :limit rows (default 50: 10 functions; -1 for all).
--   sqlite3> .parameter set :trace 't.llvm_timings.json'   -- a file, folder or pattern
--   sqlite3> .read sql/llvm-time-by-pass-in-function.sql
WITH s AS MATERIALIZED (
  SELECT symbol, name, sum(self_dur) AS us
    FROM trace_events(:trace)
   WHERE depth IS NOT NULL
   GROUP BY symbol, name
),
total AS (SELECT sum(us) AS t FROM s),
fn AS MATERIALIZED (
  SELECT symbol, sum(us) AS fus
    FROM s
   WHERE symbol IS NOT NULL
   GROUP BY symbol
),
ranked AS MATERIALIZED (
  SELECT s.symbol, s.name, s.us, fn.fus,
         row_number() OVER (PARTITION BY s.symbol ORDER BY s.us DESC, s.name) AS k
    FROM fn JOIN s ON s.symbol = fn.symbol
)
SELECT demangle(symbol) AS function,
       round(fus / 1e6, 6) AS function_seconds,
       name AS pass,
       round(us / 1e6, 6) AS seconds,
       round(100.0 * us / (SELECT t FROM total), 3) AS pct_of_llvm
  FROM ranked
 WHERE k <= 5
 ORDER BY fus DESC, symbol, us DESC, name
 LIMIT coalesce(:limit, 50);
