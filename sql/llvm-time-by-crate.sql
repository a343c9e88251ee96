-- llvm-time-by-crate.sql: all of LLVM's time, by the crate of the function
-- it worked on.
-- Question (seed): "which crates cost the most?"  As llvm-time-by-function.sql
-- (every slice's self time goes to its `symbol`), grouped by crate_of (a
-- Rust crate, or a C++ function's outermost namespace) and by
-- crate_of(.., 'nonstd'), the crate a generic from the standard library
-- was instantiated for (core::ptr::drop_in_place::<axum::..> is axum's).
-- "(no single function)" is time on no one function; "(no crate)" a
-- function with none (C++ at global scope, `<str>::len`).
--   sqlite3> .parameter set :trace 't.llvm_timings.json'   -- a file, folder or pattern
--   sqlite3> .read sql/llvm-time-by-crate.sql
-- :limit rows (default 50; -1 for all).
WITH s AS MATERIALIZED (
  SELECT symbol, sum(self_dur) AS us
    FROM trace_events(:trace)
   WHERE depth IS NOT NULL
   GROUP BY symbol
),
total AS (SELECT sum(us) AS t FROM s),
c AS MATERIALIZED (
  SELECT us,
         CASE WHEN symbol IS NULL THEN '(no single function)'
              ELSE coalesce(crate_of(symbol), '(no crate)') END AS crate,
         CASE WHEN symbol IS NULL THEN '(no single function)'
              ELSE coalesce(crate_of(symbol, 'nonstd'), '(no crate)') END AS for_crate
    FROM s
)
SELECT round(sum(us) / 1e6, 6) AS seconds,
       round(100.0 * sum(us) / (SELECT t FROM total), 3) AS pct_of_llvm,
       crate,
       (SELECT group_concat(f, ',') FROM (SELECT for_crate AS f FROM c AS d WHERE d.crate = c.crate
          GROUP BY for_crate ORDER BY sum(us) DESC, for_crate LIMIT 5)) AS mostly_for
  FROM c
 GROUP BY crate
 ORDER BY sum(us) DESC, crate
 LIMIT coalesce(:limit, 50);
