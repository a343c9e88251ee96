-- build-overview.sql: one cargo build, all three sources side by side:
-- cargo's timings page (which crate took long), rustc's self-profile (was
-- it the frontend, rustc's codegen or LLVM?) and the LLVM time trace
-- (which functions?).  The seed's journey in one table.
--
--   RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zllvm-time-trace -Zself-profile=$PWD/target/selfprofile" \
--     cargo build --release --timings
--   sqlite3> .load build/timetrace
--   sqlite3> .parameter set :build 'target'
--   sqlite3> .mode box
--   sqlite3> .read sql/build-overview.sql
--
-- :build is a folder holding the three, at any depth: the page
-- (cargo-timings/cargo-timing-*.html), the *.mm_profdata files and the
-- *.llvm_timings.json traces (JSON files that are not traces, such as
-- cargo's fingerprints, are skipped).  :limit the number of rows (NULL: 50).
-- One row per compilation cargo ran (build script runs are not rustc), the
-- longest first; seconds:
--   Unit          the unit, as all three tables name it
--   Wall          cargo's duration of the unit
--   Frontend      rustc's outermost activities on its threads before code
--                 generation: parsing, expansion, analysis, metadata
--                 (self-profile; everything not named below)
--   Codegen       rustc making LLVM IR (codegen_crate)
--   LLVM          LLVM's work, summed over its threads (codegen_module_*,
--                 LLVM_*: with several threads it can exceed Wall)
--   Wait          rustc waiting for LLVM to finish (finish_ongoing_codegen)
--   Link          linking (link)
--   Top functions the three functions LLVM spent most time optimizing
--                 (OptFunction in the trace), demangled, the instances of a
--                 generic function together (strip_generics), with seconds
-- A unit without a profile or a trace has NULL there.
WITH cargo AS (
  SELECT unit, duration
    FROM cargo_timings(:build)
   WHERE mode <> 'run-custom-build'
),
rustc AS (
  SELECT unit,
         sum(CASE WHEN label LIKE 'LLVM\_%' ESCAPE '\' OR label LIKE 'codegen\_module%' ESCAPE '\'
                  OR label IN ('codegen_crate', 'finish_ongoing_codegen', 'link') THEN 0 ELSE dur_ns END) AS frontend_ns,
         sum(CASE WHEN label = 'codegen_crate' THEN dur_ns ELSE 0 END) AS codegen_ns,
         sum(CASE WHEN label LIKE 'LLVM\_%' ESCAPE '\' OR label LIKE 'codegen\_module%' ESCAPE '\'
                  THEN dur_ns ELSE 0 END) AS llvm_ns,
         sum(CASE WHEN label = 'finish_ongoing_codegen' THEN dur_ns ELSE 0 END) AS wait_ns,
         sum(CASE WHEN label = 'link' THEN dur_ns ELSE 0 END) AS link_ns
    FROM self_profile(:build, 'recursive=1')
   WHERE depth = 0
   GROUP BY unit
),
symbols AS (
  SELECT unit, detail, sum(dur) AS us
    FROM trace_events(:build, 'recursive=1,skip=nontrace')
   WHERE name = 'OptFunction'
   GROUP BY unit, detail
),
-- every instance of a generic function together, as strip_generics names it
functions AS (
  SELECT unit, strip_generics(demangle(detail)) AS fn, sum(us) AS us
    FROM symbols
   GROUP BY unit, fn
),
ranked AS (
  SELECT unit, fn, us, row_number() OVER (PARTITION BY unit ORDER BY us DESC, fn) AS k
    FROM functions
),
top AS (
  -- seconds rounded half up by integer arithmetic: printf('%.3f') of a
  -- double rounds differently in SQLite 3.40 and 3.53
  SELECT unit, group_concat(fn || ' ' || printf('%d.%03d', CAST(us / 1e3 + 0.5 AS INTEGER) / 1000,
                                                CAST(us / 1e3 + 0.5 AS INTEGER) % 1000), '; ') AS top3
    FROM (SELECT * FROM ranked WHERE k <= 3 ORDER BY unit, k)
   GROUP BY unit
)
SELECT cargo.unit AS "Unit",
       round(cargo.duration, 2) AS "Wall",
       round(frontend_ns / 1e9, 3) AS "Frontend",
       round(codegen_ns / 1e9, 3) AS "Codegen",
       round(llvm_ns / 1e9, 3) AS "LLVM",
       round(wait_ns / 1e9, 3) AS "Wait",
       round(link_ns / 1e9, 3) AS "Link",
       top3 AS "Top functions"
  FROM cargo
  LEFT JOIN rustc USING (unit)
  LEFT JOIN top USING (unit)
 ORDER BY cargo.duration DESC, cargo.unit
 LIMIT coalesce(:limit, 50);
