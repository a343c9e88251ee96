-- llvm-time-by-pass-in-function.sql: LLVM's time by function and, within
-- it, by pass: which passes make a costly function costly.
-- As llvm-time-by-function.sql (every slice's self time goes to its
-- `symbol`), grouped by function and slice name (InstCombinePass,
-- InlinerPass, RunPass, ...).  RunPass is a code-generation step
-- (instruction selection, register allocation: its detail says which).
-- The functions from the costliest down, each with its 5 costliest
-- passes; :limit rows (default 50: 10 functions; -1 for all).  A function
-- is its demangled name, as in llvm-time-by-function.sql: the symbols of
-- one name (a C++ D0 and D2 destructor, a legacy Rust generic's instances)
-- are one function.
--   sqlite3> .parameter set :trace 't.llvm_timings.json'   -- a file, folder or pattern
--   sqlite3> .read sql/llvm-time-by-pass-in-function.sql
WITH by_symbol AS MATERIALIZED (
  SELECT symbol, name, sum(self_dur) AS us
    FROM trace_events(:trace)
   WHERE depth IS NOT NULL
   GROUP BY symbol, name
),
-- each symbol demangled once (a symbol has tens of (symbol, pass) groups:
-- 629,020 groups of 12,517 symbols on the 963 MB bench trace, 2 s of
-- demangling when each group did it)
names AS MATERIALIZED (
  SELECT symbol, demangle(symbol) AS function FROM (SELECT DISTINCT symbol FROM by_symbol WHERE symbol IS NOT NULL)
),
s AS MATERIALIZED (
  SELECT n.function, b.name, sum(b.us) AS us
    FROM by_symbol b LEFT JOIN names n ON n.symbol = b.symbol
   GROUP BY 1, 2
),
total AS (SELECT sum(us) AS t FROM s),
fn AS MATERIALIZED (
  SELECT function, sum(us) AS fus
    FROM s
   WHERE function IS NOT NULL
   GROUP BY function
),
ranked AS MATERIALIZED (
  SELECT s.function, s.name, s.us, fn.fus,
         row_number() OVER (PARTITION BY s.function ORDER BY s.us DESC, s.name) AS k
    FROM fn JOIN s ON s.function = fn.function
)
SELECT function,
       round(fus / 1e6, 6) AS function_seconds,
       name AS pass,
       round(us / 1e6, 6) AS seconds,
       round(100.0 * us / (SELECT t FROM total), 3) AS pct_of_llvm
  FROM ranked
 WHERE k <= 5
 ORDER BY fus DESC, function, us DESC, name
 LIMIT coalesce(:limit, 50);
