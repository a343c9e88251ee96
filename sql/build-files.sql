-- build-files.sql: the trace files of a whole build, newest first, with the
-- units that have more than one.
-- Question: is this folder one build?  cargo names a trace after its crate
-- and a hash of the crate's build settings (profile, features, target), so
-- a rebuild with other settings writes new files and leaves the old ones,
-- and whole-build reports would add both builds together.  A unit can also
-- have two files in one build: in the build of tests/data/build-v0, libc
-- and phf each have one version in Cargo.lock and two traces (cargo
-- compiles a crate separately for build scripts and proc-macros when their
-- features differ).  So the files' times tell the builds apart, not their
-- number per unit: take the time the last build started and set :options
-- to 'since=<that time>' for the other build-*.sql reports.
-- :trace is the build's folder or pattern (see build-units.sql); :options
-- as for those (not set: every file); :limit the number of rows (NULL: 50,
-- -1: all).
-- Columns: mtime (UTC), unit, files_of_unit (how many files this unit has
-- in the folder), events, file.
WITH f AS MATERIALIZED (
  SELECT file, unit, mtime, count(*) AS events
    FROM trace_events(:trace, :options)
   GROUP BY file
)
SELECT mtime, unit, count(*) OVER (PARTITION BY unit) AS files_of_unit, events, file
  FROM f
 ORDER BY mtime DESC, file
 LIMIT coalesce(:limit, 50);
