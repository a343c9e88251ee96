-- summarize.sql: measureme's `summarize` table for an LLVM time trace.
-- Question (seed): "summarize summarize web_http_server.mm_profdata | head" --
-- which items take the most time of their own (self time)?  measureme does
-- this for -Zself-profile data; no jq pipeline computes self time at all.
--
--   sqlite3> .load build/timetrace
--   sqlite3> .parameter set :trace 'web_http_server.llvm_timings.json'
--   sqlite3> .headers on
--   sqlite3> .mode box
--   sqlite3> .read sql/summarize.sql
--
-- :limit is the number of rows (NULL, i.e. not set: 50; -1: all).
-- Columns mean what they mean in measureme's summarize:
--   Item             the event name (an LLVM pass, OptFunction, OptModule, ...)
--   Self time        time in the item itself, children excluded (self_dur)
--   % of total time  its share of the summed self time of all slices
--   Time             time in the item including its children; a slice inside
--                    another slice of the same name is not counted twice
--   Item count       how many slices
-- LLVM's "Total ..." aggregate events are not slices, so they are not here
-- (they are what double-counts nested passes in the seed's Total table).
-- The rows come grouped by name from the table (README "GROUP BY and
-- DISTINCT"), each keeping only its dur, self_dur and nested_same_name.
-- Numbers are rounded half up to the decimals shown by integer arithmetic
-- (CAST(x + 0.5 AS INTEGER), printf of integers): printf('%.2f') of the
-- double 0.045 is 0.05 in SQLite 3.40 and 0.04 in 3.53, so two clients
-- printed different tables.
SELECT name AS "Item",
       printf('%d.%02ds', CAST(sum(self_dur) / 1e4 + 0.5 AS INTEGER) / 100,
                          CAST(sum(self_dur) / 1e4 + 0.5 AS INTEGER) % 100) AS "Self time",
       -- the total over all rows: a window over the groups, so the trace is read once
       printf('%d.%03d', CAST(100000.0 * sum(self_dur) / sum(sum(self_dur)) OVER () + 0.5 AS INTEGER) / 1000,
                         CAST(100000.0 * sum(self_dur) / sum(sum(self_dur)) OVER () + 0.5 AS INTEGER) % 1000)
         AS "% of total time",
       -- nested_same_name: 1 when an enclosing slice on its thread has the same name
       printf('%d.%02ds', CAST(sum(CASE WHEN nested_same_name = 0 THEN dur ELSE 0 END) / 1e4 + 0.5 AS INTEGER) / 100,
                          CAST(sum(CASE WHEN nested_same_name = 0 THEN dur ELSE 0 END) / 1e4 + 0.5 AS INTEGER) % 100)
         AS "Time",
       count(*) AS "Item count"
  FROM trace_events(:trace)
 WHERE depth IS NOT NULL
 GROUP BY name
 ORDER BY sum(self_dur) DESC, name
 LIMIT coalesce(:limit, 50);
