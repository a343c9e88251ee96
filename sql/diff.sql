-- diff.sql: OptFunction time in two traces or two builds, per demangled
-- function, per crate and per unit: before, after, the change and the ratio,
-- largest change first.
-- OptFunction is the seed's measure: on the rustc of the seed it held a
-- function's whole optimisation; on rustc 1.95 (LLVM 22) it holds only the
-- function's code generation, about a quarter of LLVM's time (40 of 163 ms
-- on examples/tiny.llvm_timings.json.gz).  For all of it, by function, see
-- sql/llvm-time-by-function.sql (and -crate, -generic).
-- Question (seed): the before/after loop of "Big async functions considered
-- harmful?": 5.3 s, then 4.66 s, 6.24 s and 2.14 s for one function family,
-- each measured by rerunning the whole jq/rustfilt pipeline on a new trace.
-- Parameters: :before and :after, each a trace file, or a build's folder or
-- pattern (see build-units.sql) for a whole-build diff; :before_options and
-- :after_options the options of trace_events for each side (not set: none),
-- e.g. 'recursive=1' for a cargo target/release folder (traces in deps/ and
-- build/<pkg>-<hash>/) or 'recursive=1,skip=nontrace' for a CMake build
-- folder; :limit the number of rows of each statement (NULL: 50, -1: all).
-- Two options, not one: the two sides of a diff of builds are seldom alike.
-- The build being rebuilt keeps the old traces beside the new ones, so it
-- wants since= the time its build started, while the other side (a copy of
-- the earlier target folder, whose files' times are when they were copied,
-- or a single trace file) wants no since= or another one; one side can be a
-- folder that needs recursive=1 and the other a pattern or a file.
--
--   sqlite3> .load build/timetrace
--   sqlite3> .parameter set :before 'target-before/release'
--   sqlite3> .parameter set :before_options 'recursive=1'
--   sqlite3> .parameter set :after 'target/release'
--   sqlite3> .parameter set :after_options 'recursive=1,since=2026-12-05 09:30'
--   sqlite3> .read sql/diff.sql
--
-- Three statements, one table each:
--   function  per demangled function, summed over its instances;
--   crate     per crate_of(detail) (the crate of opt-functions-by-crate.sql's
--             first table; NULL for symbols that are not Rust paths);
--   unit      per compilation unit (see README "Units"): for two builds,
--             which crates' LLVM work grew or shrank.
-- Names present on one side only are included (0 on the other side; ratio
-- NULL when before is 0).  The three tables have the same totals.
-- Each statement reads each trace once: the two traces' events are one
-- UNION ALL, grouped once, so each trace is named once (joining the two
-- grouped traces to the union of their names would name each twice, and
-- whether a SQLite reads such a twice-used table twice depends on its
-- version).
SELECT function,
       sum(CASE WHEN side = 'before' THEN dur ELSE 0 END) / 1e6 AS before_s,
       sum(CASE WHEN side = 'after' THEN dur ELSE 0 END) / 1e6 AS after_s,
       sum(CASE WHEN side = 'after' THEN dur ELSE -dur END) / 1e6 AS change_s,
       round(sum(CASE WHEN side = 'after' THEN dur ELSE 0 END) * 1.0
             / nullif(sum(CASE WHEN side = 'before' THEN dur ELSE 0 END), 0), 3) AS ratio
  FROM (SELECT 'before' AS side, rust_demangle(detail) AS function, dur
          FROM trace_events(:before, :before_options) WHERE name = 'OptFunction'
        UNION ALL
        SELECT 'after', rust_demangle(detail), dur
          FROM trace_events(:after, :after_options) WHERE name = 'OptFunction')
 GROUP BY function
 ORDER BY abs(sum(CASE WHEN side = 'after' THEN dur ELSE -dur END)) DESC, function
 LIMIT coalesce(:limit, 50);

SELECT crate,
       sum(CASE WHEN side = 'before' THEN dur ELSE 0 END) / 1e6 AS before_s,
       sum(CASE WHEN side = 'after' THEN dur ELSE 0 END) / 1e6 AS after_s,
       sum(CASE WHEN side = 'after' THEN dur ELSE -dur END) / 1e6 AS change_s,
       round(sum(CASE WHEN side = 'after' THEN dur ELSE 0 END) * 1.0
             / nullif(sum(CASE WHEN side = 'before' THEN dur ELSE 0 END), 0), 3) AS ratio
  FROM (SELECT 'before' AS side, crate_of(detail) AS crate, dur
          FROM trace_events(:before, :before_options) WHERE name = 'OptFunction'
        UNION ALL
        SELECT 'after', crate_of(detail), dur
          FROM trace_events(:after, :after_options) WHERE name = 'OptFunction')
 GROUP BY crate
 ORDER BY abs(sum(CASE WHEN side = 'after' THEN dur ELSE -dur END)) DESC, crate
 LIMIT coalesce(:limit, 50);

SELECT unit,
       sum(CASE WHEN side = 'before' THEN dur ELSE 0 END) / 1e6 AS before_s,
       sum(CASE WHEN side = 'after' THEN dur ELSE 0 END) / 1e6 AS after_s,
       sum(CASE WHEN side = 'after' THEN dur ELSE -dur END) / 1e6 AS change_s,
       round(sum(CASE WHEN side = 'after' THEN dur ELSE 0 END) * 1.0
             / nullif(sum(CASE WHEN side = 'before' THEN dur ELSE 0 END), 0), 3) AS ratio
  FROM (SELECT 'before' AS side, unit, dur
          FROM trace_events(:before, :before_options) WHERE name = 'OptFunction'
        UNION ALL
        SELECT 'after', unit, dur
          FROM trace_events(:after, :after_options) WHERE name = 'OptFunction')
 GROUP BY unit
 ORDER BY abs(sum(CASE WHEN side = 'after' THEN dur ELSE -dur END)) DESC, unit
 LIMIT coalesce(:limit, 50);
