-- clang-templates.sql: ClangBuildAnalyzer's "Templates that took longest to
-- instantiate" and "Template sets that took longest to instantiate".
-- :trace is a folder or pattern of clang -ftime-trace files; :options as
-- for trace_events (not set: none), e.g. 'recursive=1,skip=nontrace' for a
-- CMake build folder (see clang-files.sql).
-- InstantiateClass and InstantiateFunction events carry the template in
-- args.detail; their time includes the instantiations they trigger.  A
-- template set is the detail up to its first '<' (all specializations).
-- :limit is the number of rows of each listing (not set, i.e. NULL: 50; -1: all).
SELECT round(sum(dur) / 1e6, 6) AS seconds, count(*) AS times, round(avg(dur)) / 1e3 AS avg_ms, detail AS template
  FROM trace_events(:trace, :options)
 WHERE name IN ('InstantiateClass', 'InstantiateFunction')
 GROUP BY detail
 ORDER BY sum(dur) DESC, detail
 LIMIT coalesce(:limit, 50);

SELECT round(sum(dur) / 1e6, 6) AS seconds, count(*) AS times,
       CASE WHEN instr(detail, '<') > 0 THEN substr(detail, 1, instr(detail, '<') - 1) ELSE detail END AS template_set
  FROM trace_events(:trace, :options)
 WHERE name IN ('InstantiateClass', 'InstantiateFunction')
 GROUP BY template_set
 ORDER BY sum(dur) DESC, template_set
 LIMIT coalesce(:limit, 50);
