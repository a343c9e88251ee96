-- clang-files.sql: ClangBuildAnalyzer's "Files that took longest to parse"
-- and "... to codegen", for a folder of clang -ftime-trace files.
-- :trace is the folder or a pattern ('build/*.json',
-- 'build/CMakeFiles/{*/*,*/*/*}.json'); :options as for trace_events (not
-- set: none): 'recursive=1,skip=nontrace' walks a CMake build folder
-- (traces in CMakeFiles/<target>.dir/**) and leaves out its
-- compile_commands.json, 'since=2026-12-05 09:30' (UTC) reads only the
-- traces written since then (a rebuild's, among the older ones).
--
--   sqlite3> .load build/timetrace
--   sqlite3> .parameter set :trace 'build'
--   sqlite3> .parameter set :options 'recursive=1,skip=nontrace'
--   sqlite3> .read sql/clang-files.sql
--
-- One file per translation unit, named after its object file (unit), and
-- told apart by its file (two targets' main.cpp are two rows of the same
-- unit name).  Frontend and Backend are clang's own events; a Frontend
-- inside another Frontend (clang 14 nests one for the PCH/module work) is
-- counted once.
-- :limit is the number of rows of each listing (not set, i.e. NULL: 50; -1: all).
SELECT unit,
       round(sum(CASE WHEN name = 'Frontend' AND instr(substr(stack, 1, length(stack) - 8), 'Frontend') = 0 THEN dur END) / 1e6, 6) AS frontend_s,
       round(sum(CASE WHEN name = 'Backend' THEN dur END) / 1e6, 6) AS backend_s,
       round(sum(CASE WHEN name = 'ExecuteCompiler' THEN dur END) / 1e6, 6) AS total_s,
       file
  FROM trace_events(:trace, :options)
 WHERE name IN ('Frontend', 'Backend', 'ExecuteCompiler')
 GROUP BY file
 ORDER BY frontend_s DESC, unit, file
 LIMIT coalesce(:limit, 50);

SELECT unit, round(sum(dur) / 1e6, 6) AS backend_s, file
  FROM trace_events(:trace, :options)
 WHERE name = 'Backend'
 GROUP BY file
 ORDER BY backend_s DESC, unit, file
 LIMIT coalesce(:limit, 50);
