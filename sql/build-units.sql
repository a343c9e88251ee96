-- build-units.sql: LLVM time per compilation unit of a whole build, largest first.
-- Question (seed): cargo --timings shows time per crate but nothing inside
-- it; the seed deleted all but one of the hundreds of *.llvm_timings.json
-- files of its deps folder to look at one.  Here :trace is the whole folder
-- or a pattern, e.g. 'target/release/deps' or, with build scripts and probes,
-- 'target/release/{deps/*,build/*/*,build/*/out/*}.llvm_timings.json'.
-- Columns: unit (see README "Units"); files; busy_s, the summed duration of
-- the top-level slices (depth 0) of all its threads: the unit's LLVM work,
-- with nested passes counted once; opt_module_s and opt_function_s, LLVM's
-- per-module and per-function optimization (OptFunction runs inside
-- OptModule); total_opt_function_s, LLVM's own "Total OptFunction" event,
-- for comparison (its sum differs from opt_function_s by rounding only).
-- A rebuild with other settings writes new traces and leaves the old ones
-- beside them (sql/build-files.sql lists them): set :options to
-- 'since=2026-12-05 09:30' (UTC) to read only the files written since then
-- (not set: every file).
-- :limit is the number of rows (not set, i.e. NULL: 50; -1: all).
SELECT unit,
       count(DISTINCT file) AS files,
       round(sum(CASE WHEN depth = 0 THEN dur END) / 1e6, 6) AS busy_s,
       round(coalesce(sum(CASE WHEN name = 'OptModule' THEN dur END), 0) / 1e6, 6) AS opt_module_s,
       round(coalesce(sum(CASE WHEN name = 'OptFunction' THEN dur END), 0) / 1e6, 6) AS opt_function_s,
       round(coalesce(sum(CASE WHEN name = 'Total OptFunction' THEN dur END), 0) / 1e6, 6) AS total_opt_function_s,
       count(*) AS events
  FROM trace_events(:trace, :options)
 GROUP BY unit
 ORDER BY busy_s DESC, unit
 LIMIT coalesce(:limit, 50);
