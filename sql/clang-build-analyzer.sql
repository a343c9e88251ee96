-- clang-build-analyzer.sql: ClangBuildAnalyzer's report (aras-p, 1.6.0),
-- section for section, on a folder or pattern of clang -ftime-trace files.
-- :trace is the build: a folder (:options 'recursive=1,skip=nontrace' walks
-- a CMake build folder, traces in CMakeFiles/<target>.dir/**, and leaves
-- out compile_commands.json) or a pattern
-- ('build/CMakeFiles/{*/*,*/*/*}.json'); :options as for
-- trace_events (not set: none); :limit the rows of each list (NULL: 50,
-- -1: all).
-- Times are whole milliseconds cut as ClangBuildAnalyzer cuts them (us /
-- 1000), averages that over the count; its definitions, per statement:
--  1. time summary: compilations (Frontend events, those of one compiler
--     run with the same parent merged), seconds in Frontend and in Backend;
--  2. files that took longest to parse: per trace, its Frontend time
--     (merged as above), at least 10 ms; 3. ... to codegen: each Backend
--     of at least 10 ms.  The file is the trace's path (ClangBuildAnalyzer
--     shows the object file beside it when there is one: 'x.cpp.o' for
--     'x.cpp.json');
--  4. templates that took longest to instantiate: InstantiateClass and
--     InstantiateFunction per name (args.detail), time including the
--     instantiations inside, how many times, average;
--  5. functions that took longest to compile: OptFunction time per
--     demangled function and the module it was compiled in (OptModule's
--     detail, the source file);
--  6. template sets: 4 with every top-level <...> of the name written <$>
--     (names with 'operator' and names with an unclosed '<' as they are),
--     and an instantiation inside another of the same set (a slice of the
--     same trace that contains it) not counted again; then function sets:
--     those of 5 whose name has a '<', by set name, counting (function,
--     module) pairs: two lists in one statement, :limit rows each;
--  7. expensive headers: Source events (an #include: X up to clang 18, a
--     b/e pair from clang 19) of a header (its file name has no extension
--     or one that starts with h or i), by path with '.' and '..' resolved:
--     time, times included, average, and the include chains that pulled it
--     in, most frequent first, at most 6 and '...' when there are more.  A
--     chain is the enclosing headers, outermost first, up to the nearest
--     file that is not a header or the nearest enclosing slice of another
--     kind that ClangBuildAnalyzer reads (ParseClass: an #include inside a
--     class body; the kinds of cba_kind below); it passes through slices
--     of the kinds it does not read (clang 19's
--     ParseDeclarationOrFunctionDefinition around an #include inside a
--     declaration's initializer).  A root header has an empty chain
--     ('<direct include>') at least once: a source file includes it, or it
--     is included inside a class body.  Root headers come first
--     (ClangBuildAnalyzer's default list is those), then the others (its
--     onlyRootHeaders=false).
-- README "C and C++ builds" says where this differs from the tool.

-- 1. Time summary
SELECT count(DISTINCT CASE WHEN name = 'Frontend' THEN coalesce(parent, -rowid) END) AS compilations,
       round(sum(CASE WHEN name = 'Frontend' THEN dur END) / 1e6, 6) AS frontend_s,
       round(sum(CASE WHEN name = 'Backend' THEN dur END) / 1e6, 6) AS backend_s
  FROM trace_events(:trace, :options)
 WHERE name IN ('Frontend', 'Backend');

-- 2. Files that took longest to parse (compiler frontend)
SELECT sum(dur) / 1000 AS ms, file
  FROM trace_events(:trace, :options)
 WHERE name = 'Frontend'
 GROUP BY file, parent
HAVING sum(dur) >= 10000
 ORDER BY sum(dur) DESC, file
 LIMIT coalesce(:limit, 50);

-- 3. Files that took longest to codegen (compiler backend)
SELECT dur / 1000 AS ms, file
  FROM trace_events(:trace, :options)
 WHERE name = 'Backend' AND dur >= 10000
 ORDER BY dur DESC, file
 LIMIT coalesce(:limit, 50);

-- 4. Templates that took longest to instantiate
SELECT sum(dur) / 1000 AS ms, count(*) AS times, sum(dur) / 1000 / count(*) AS avg_ms, detail AS template
  FROM trace_events(:trace, :options)
 WHERE name IN ('InstantiateClass', 'InstantiateFunction')
 GROUP BY detail
 ORDER BY sum(dur) DESC, count(*) DESC, detail
 LIMIT coalesce(:limit, 50);

-- 5. Functions that took longest to compile
WITH f AS (
  SELECT name, dur, detail, file,
         max(CASE WHEN name = 'OptModule' THEN detail END) OVER (PARTITION BY file) AS module
    FROM trace_events(:trace, :options)
   WHERE name IN ('OptFunction', 'OptModule')
)
SELECT sum(dur) / 1000 AS ms, demangle(detail) AS function, coalesce(module, file) AS module
  FROM f
 WHERE name = 'OptFunction'
 GROUP BY 2, 3
 ORDER BY sum(dur) DESC, function, module
 LIMIT coalesce(:limit, 50);

-- 6. Template sets and function sets that took longest (to instantiate;
-- to compile / optimize), one list after the other (list: 'template',
-- 'function'), :limit rows each, in one scan.  item: an instantiation each,
-- a (function, module) pair of 5 each whose name has a '<'.  set_of: one
-- innermost <...> at a time becomes char(1) (a '>' with no '<' before it,
-- char(2)), p and q being where its '>' and '<' are; each step either
-- finds them or replaces them.  nested: an instantiation that starts no
-- earlier and ends no later than one of the same set before it (of equal
-- slices the later in the file contains).
WITH RECURSIVE ev AS MATERIALIZED (
  SELECT name, file, rowid AS id, ts, ts + dur AS te, dur, detail,
         max(CASE WHEN name = 'OptModule' THEN detail END) OVER (PARTITION BY file) AS module
    FROM trace_events(:trace, :options)
   WHERE name IN ('InstantiateClass', 'InstantiateFunction', 'OptFunction', 'OptModule')
), item AS MATERIALIZED (
  SELECT 'template' AS list, file, id, ts, te, dur AS us, detail AS name
    FROM ev
   WHERE name IN ('InstantiateClass', 'InstantiateFunction')
  UNION ALL
  SELECT 'function', NULL, NULL, NULL, NULL, sum(dur), demangle(detail)
    FROM ev
   WHERE name = 'OptFunction'
   GROUP BY demangle(detail), coalesce(module, file)
  HAVING instr(demangle(detail), '<') > 0
), set_of(name, s, p, q) AS (
  SELECT DISTINCT name, name, NULL, NULL FROM item
  UNION ALL
  SELECT name,
         CASE WHEN p IS NULL THEN s WHEN q = 0 THEN substr(s, 1, p - 1) || char(2) || substr(s, p + 1)
              ELSE substr(s, 1, q - 1) || char(1) || substr(s, p + 1) END,
         CASE WHEN p IS NULL THEN instr(s, '>') END,
         CASE WHEN p IS NULL THEN length(rtrim(substr(s, 1, instr(s, '>') - 1),
                                               replace(substr(s, 1, instr(s, '>') - 1), '<', ''))) END
    FROM set_of
   WHERE p IS NOT NULL OR instr(s, '>') > 0
), sets AS (
  SELECT name, CASE WHEN instr(name, 'operator') > 0 OR instr(s, '<') > 0 THEN name
                    ELSE replace(replace(s, char(1), '<$>'), char(2), '>') END AS set_name
    FROM set_of
   WHERE p IS NULL AND instr(s, '>') = 0
), marked AS (
  SELECT i.list, i.us, c.set_name,
         i.list = 'template' AND i.te <= max(i.te) OVER (PARTITION BY i.list, i.file, c.set_name
                                                         ORDER BY i.ts, i.te DESC, i.id DESC
                                                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS nested
    FROM item i JOIN sets c ON c.name = i.name
), ranked AS (
  SELECT list, sum(us) / 1000 AS ms, count(*) AS times, sum(us) / 1000 / count(*) AS avg_ms, set_name,
         row_number() OVER (PARTITION BY list ORDER BY sum(us) DESC, count(*) DESC, set_name) AS k
    FROM marked
   WHERE nested IS NOT 1
   GROUP BY list, set_name
)
SELECT list, ms, times, avg_ms, set_name
  FROM ranked
 WHERE k <= coalesce(:limit, 50) OR :limit < 0
 ORDER BY list DESC, k;

-- 7. Expensive headers, with the include chains that pulled them in.
-- nice: a path with '\' as '/' and '.', '..' and empty parts resolved, one
-- part a step (done without its last part: rtrim of every character but
-- '/', then of the '/'); anc: each header's enclosing Source slices of the
-- same trace (containing it; of equal slices the later in the file
-- contains); outside: how many of them, from this one inward, are not
-- headers; stopped: a slice of a kind in cba_kind runs between this one
-- and the header (a frame of the header's stack below this one's, when
-- this one is the header's ancestor in the call tree too: the call tree
-- has every slice, ClangBuildAnalyzer's tree only those of its kinds, so
-- a slice of another kind between them stops nothing);
-- chain_of: those inside the innermost one that is not a header nor
-- stopped, outermost first.
WITH RECURSIVE cba_kind(name) AS (
  -- ClangBuildAnalyzer's event kinds besides Source (BuildEventsParser::ParseEvent)
  VALUES ('ExecuteCompiler'), ('Frontend'), ('Backend'), ('ParseTemplate'), ('ParseClass'),
         ('InstantiateClass'), ('InstantiateFunction'), ('OptModule'), ('OptFunction')
), src AS MATERIALIZED (
  SELECT file, rowid AS id, ts, ts + dur AS te, dur, detail, stack
    FROM trace_events(:trace, :options)
   WHERE name = 'Source' AND dur IS NOT NULL      -- X, or the b of a b/e pair (the e has no dur)
), nice(raw, done, rest) AS (
  SELECT DISTINCT detail, '', replace(detail, '\', '/') || '/' FROM src
  UNION ALL
  SELECT raw,
         CASE WHEN substr(rest, 1, instr(rest, '/') - 1) IN ('', '.') THEN done
              WHEN substr(rest, 1, instr(rest, '/') - 1) = '..' AND done NOT IN ('', '/..') AND done NOT LIKE '%/..'
                THEN rtrim(rtrim(done, replace(done, '/', '')), '/')
              ELSE done || '/' || substr(rest, 1, instr(rest, '/') - 1) END,
         substr(rest, instr(rest, '/') + 1)
    FROM nice
   WHERE rest <> ''
), path AS (
  SELECT raw, path, substr(path, length(rtrim(path, replace(path, '/', ''))) + 1) AS base
    FROM (SELECT raw, CASE WHEN raw LIKE '/%' OR raw LIKE '\%' THEN CASE done WHEN '' THEN '/' ELSE done END
                           ELSE substr(done, 2) END AS path
            FROM nice WHERE rest = '')
), slice AS MATERIALIZED (
  SELECT s.file, s.id, s.ts, s.te, s.dur, s.stack, p.path, p.base,
         CASE WHEN instr(p.base, '.') = 0 THEN 1
              ELSE lower(substr(p.base, length(rtrim(p.base, replace(p.base, '.', ''))) + 1, 1)) IN ('h', 'i') END AS header
    FROM src s JOIN path p ON p.raw = s.detail
), anc AS (
  SELECT e.id, a.base, a.ts, a.te, a.id AS aid,
         sum(1 - a.header) OVER (PARTITION BY e.id ORDER BY a.ts, a.te DESC, a.id DESC
                                 ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS outside,
         substr(e.stack, 1, length(a.stack) + 1) = a.stack || ';'
           AND EXISTS (SELECT 1 FROM cba_kind k
                        WHERE instr(substr(e.stack, length(a.stack) + 1) || ';', ';' || k.name || ';') > 0) AS stopped
    FROM slice e JOIN slice a
      ON a.file = e.file AND a.ts <= e.ts AND a.te >= e.te AND (a.ts < e.ts OR a.te > e.te OR a.id > e.id)
   WHERE e.header
), chain_of AS (
  SELECT DISTINCT id, group_concat(base, ' ') OVER (PARTITION BY id ORDER BY ts, te DESC, aid DESC
                                                    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS chain
    FROM anc
   WHERE outside = 0 AND NOT stopped
), included AS MATERIALIZED (
  SELECT e.path, e.dur, coalesce(c.chain, '') AS chain
    FROM slice e LEFT JOIN chain_of c ON c.id = e.id
   WHERE e.header
), chains AS (
  SELECT path, count(*) AS n, sum(dur) AS us, CASE chain WHEN '' THEN '<direct include>' ELSE chain END AS chain,
         row_number() OVER (PARTITION BY path ORDER BY count(*) DESC, sum(dur) DESC, chain) AS k
    FROM included
   GROUP BY path, chain
), via AS (
  SELECT DISTINCT path, group_concat(CASE WHEN k <= 6 THEN n || 'x: ' || chain ELSE '...' END, ' | ')
                          OVER (PARTITION BY path ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS chains
    FROM chains
   WHERE k <= 7
), headers AS (
  SELECT path, sum(dur) AS us, count(*) AS n, max(chain = '') AS root
    FROM included
   GROUP BY path
)
SELECT h.us / 1000 AS ms, h.n AS times, h.us / 1000 / h.n AS avg_ms, h.path AS header, h.root, v.chains AS included_via
  FROM headers h JOIN via v ON v.path = h.path
 ORDER BY h.root DESC, h.us DESC, h.path
 LIMIT coalesce(:limit, 50);
