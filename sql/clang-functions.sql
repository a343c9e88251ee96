-- clang-functions.sql: ClangBuildAnalyzer's "Functions that took longest to
-- compile" and "Expensive headers", for a folder of clang -ftime-trace files.
-- :trace is a folder or pattern; :options as for trace_events (not set:
-- none), e.g. 'recursive=1,skip=nontrace' for a CMake build folder (see
-- clang-files.sql).  OptFunction carries the Itanium symbol,
-- demangled as c++filt prints it.  Source events are the #includes: the
-- time to parse each header, summed over the translation units including it
-- (X events up to clang 18; from clang 19 on a b/e pair each, whose b row
-- has the time to its e as dur).
-- A function is its demangled name (ClangBuildAnalyzer's too): a D0 and a
-- D2 destructor, a C1 and a C2 constructor, are one.  A translation unit
-- is its trace file (two main.cpp of two targets are two units).
-- :limit is the number of rows of each listing (not set, i.e. NULL: 50; -1: all).
SELECT round(sum(us) / 1e6, 6) AS seconds, sum(n) AS times, function
  FROM (SELECT demangle(detail) AS function, sum(dur) AS us, count(*) AS n
          FROM trace_events(:trace, :options)
         WHERE name = 'OptFunction'
         GROUP BY detail)
 GROUP BY function
 ORDER BY sum(us) DESC, function
 LIMIT coalesce(:limit, 50);

SELECT round(sum(dur) / 1e6, 6) AS seconds, count(*) AS includes, count(DISTINCT file) AS units, detail AS header
  FROM trace_events(:trace, :options)
 WHERE name = 'Source' AND dur IS NOT NULL    -- clang 19+: an async b/e pair per include; dur is the b's, the e has none
                                               -- (not ph IN ('X', 'b'): SQLite scans the table once per value of an IN)
 GROUP BY detail
 ORDER BY sum(dur) DESC, header
 LIMIT coalesce(:limit, 50);
