-- core-drop-in-place.sql: how much of the OptFunction time attributed to
-- `core` is core::ptr::drop_in_place of some type.
-- OptFunction is the seed's measure: on the rustc of the seed it held a
-- function's whole optimisation; on rustc 1.95 (LLVM 22) it holds only the
-- function's code generation, about a quarter of LLVM's time (40 of 163 ms
-- on examples/tiny.llvm_timings.json.gz).  For all of it, by function, see
-- sql/llvm-time-by-function.sql (and -crate, -generic).
-- Question (seed): "it's still surprising that there's so much from core!
-- Digging further, 84% of that time is just parameterizations of
-- core::ptr::drop_in_place!"  (the seed shows no pipeline for it; it is the
-- by-crate pipeline of opt-functions-by-crate.sql with a grep).
-- core_s counts every function whose crate_of() is core (the seed's sed
-- missed `<core::.. as ..>::` items); drop_in_place covers both manglings'
-- spellings (v0 `drop_in_place::<T>`, legacy `drop_in_place<T>`).
SELECT sum(dur) / 1e6 AS core_s,
       sum(CASE WHEN function GLOB 'core::ptr::drop_in_place[<:]*' THEN dur ELSE 0 END) / 1e6 AS drop_in_place_s,
       round(100.0 * sum(CASE WHEN function GLOB 'core::ptr::drop_in_place[<:]*' THEN dur ELSE 0 END) / sum(dur), 1) AS percent
  FROM (SELECT dur, rust_demangle(detail) AS function, crate_of(detail) AS crate
          FROM trace_events(:trace) WHERE name = 'OptFunction')
 WHERE crate = 'core';
