-- build-hot-generics.sql: the generic functions whose instances cost the
-- most OptFunction time across all the units of a build.
-- Question (seed): "Removing generics from dependencies to prevent needing
-- to compile it in the main crate": a generic function is optimized again
-- in every crate that instantiates it, so its cost is spread over units.
-- :trace is the build's folder or pattern (see build-units.sql).
-- generic_function is the demangled name without generic arguments
-- (strip_generics), so all instances share it; a function counts as generic
-- when that name differs from its instances' (v0 mangling shows the
-- arguments) or, for legacy symbols, when it was optimized under more than
-- one symbol (legacy mangling hides the arguments in the hash; v0 symbols
-- of different crates that share a name, such as every build script's
-- build_script_build::main, differ in their crate disambiguator instead).  for_crates lists the first
-- non-standard crates its instances are for (crate_of(detail, 'nonstd')):
-- drop_in_place::<axum::..> is for axum.
WITH f AS (
  SELECT unit, detail, dur, strip_generics(detail) AS generic_function,
         crate_of(detail) AS crate, crate_of(detail, 'nonstd') AS for_crate
    FROM trace_events(:trace)
   WHERE name = 'OptFunction'
)
SELECT generic_function,
       crate AS defined_in,
       round(sum(dur) / 1e6, 6) AS seconds,
       count(*) AS instances,
       count(DISTINCT unit) AS units,
       (SELECT group_concat(c, ',') FROM (SELECT DISTINCT for_crate AS c FROM f AS g
          WHERE g.generic_function = f.generic_function AND c IS NOT NULL ORDER BY c LIMIT 5)) AS for_crates
  FROM f
 GROUP BY generic_function, crate
HAVING sum(rust_demangle(detail) != generic_function) > 0
    OR (count(DISTINCT detail) > 1 AND max(substr(detail, 1, 3)) = '_ZN' AND min(substr(detail, 1, 3)) = '_ZN')
 ORDER BY sum(dur) DESC, generic_function;
