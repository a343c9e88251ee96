-- build-hot-generics.sql: the generic functions whose instances cost the
-- most OptFunction time across all the units of a build.
-- OptFunction is the seed's measure: on the rustc of the seed it held a
-- function's whole optimisation; on rustc 1.95 (LLVM 22) it holds only the
-- function's code generation, about a quarter of LLVM's time (40 of 163 ms
-- on examples/tiny.llvm_timings.json.gz).  For all of it, by function, see
-- sql/llvm-time-by-function.sql (and -crate, -generic).
-- Question (seed): "Removing generics from dependencies to prevent needing
-- to compile it in the main crate": a generic function is optimized again
-- in every crate that instantiates it, so its cost is spread over units.
-- :trace is the build's folder or pattern (see build-units.sql); :options
-- 'since=TIME' reads only the files written since TIME, leaving out an
-- earlier build's (see build-units.sql; not set: every file); :limit the
-- number of rows (NULL: 50, -1: all).
-- generic_function is the demangled name without generic arguments
-- (strip_generics), so all instances share it; a function counts as generic
-- when that name differs from its instances' (v0 mangling shows the
-- arguments) or, for legacy symbols, when it was optimized under more than
-- one symbol (legacy mangling hides the arguments in the hash; v0 symbols
-- of different crates that share a name, such as every build script's
-- build_script_build::main, differ in their crate disambiguator instead).
-- for_crates lists, in name order, the first five crates that instantiated
-- it: a v0 symbol records the crate whose build made that instance
-- (instantiating_crate(detail)); a legacy symbol does not, so for it the
-- first non-standard crate of the symbol stands in (crate_of(detail,
-- 'nonstd'): drop_in_place::<axum::..> is for axum).
-- The trace is named once and every step reads the one before it once, so
-- any SQLite reads the build once: a subquery per group over the events
-- would read it again for every group in SQLite versions that do not keep
-- the events in a temporary table (3.53 does not).
WITH
-- one row per symbol and unit
symbol AS (
  SELECT strip_generics(detail) AS generic_function, crate_of(detail) AS crate,
         coalesce(instantiating_crate(detail), crate_of(detail, 'nonstd')) AS for_crate, unit, detail,
         rust_demangle(detail) != strip_generics(detail) AS shows_arguments,
         sum(dur) AS us, count(*) AS instances
    FROM trace_events(:trace, :options)
   WHERE name = 'OptFunction'
   GROUP BY 1, 2, 3, 4, 5
),
-- a function's instantiating crates in name order: the first row of each,
-- and its rank among them
ranked AS (
  SELECT *,
         row_number() OVER (PARTITION BY generic_function, crate, for_crate ORDER BY unit, detail) AS nth,
         dense_rank() OVER (PARTITION BY generic_function, crate ORDER BY for_crate IS NULL, for_crate) AS crate_rank
    FROM symbol
),
-- the first five of them, joined in that order (a window aggregate reads
-- its frame in the window's order; a plain group_concat has no order)
listed AS (
  SELECT *,
         group_concat(CASE WHEN for_crate IS NOT NULL AND nth = 1 AND crate_rank <= 5 THEN for_crate END, ',')
           OVER (PARTITION BY generic_function, crate ORDER BY for_crate IS NULL, for_crate, unit, detail
                 ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS for_crates
    FROM ranked
)
SELECT generic_function,
       crate AS defined_in,
       round(sum(us) / 1e6, 6) AS seconds,
       sum(instances) AS instances,
       count(DISTINCT unit) AS units,
       max(for_crates) AS for_crates
  FROM listed
 GROUP BY generic_function, crate
HAVING max(shows_arguments) = 1
    OR (count(DISTINCT detail) > 1 AND max(substr(detail, 1, 3)) = '_ZN' AND min(substr(detail, 1, 3)) = '_ZN')
 ORDER BY sum(us) DESC, generic_function
 LIMIT coalesce(:limit, 50);
