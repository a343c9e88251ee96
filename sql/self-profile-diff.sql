-- self-profile-diff.sql: measureme's `summarize diff` for two sets of
-- rustc self-profile files: what changed between two builds (the seed's
-- "change, rebuild, compare"), per rustc activity and query.
--
--   sqlite3> .load build/timetrace
--   sqlite3> .parameter set :before 'before/mycrate-12345.mm_profdata'
--   sqlite3> .parameter set :after 'after/mycrate-12399.mm_profdata'
--   sqlite3> .headers on
--   sqlite3> .mode box
--   sqlite3> .read sql/self-profile-diff.sql
--
-- :before and :after are each a file, a folder or a glob (a whole build's
-- profiles add up); :limit the number of rows (NULL: 50; -1: all).  Three
-- results: the items, the change of the total time, the artifact sizes.
-- Each item's numbers are those of self-profile-summarize.sql, after minus
-- before, printed as measureme prints them: a sign, then the time in full
-- ("+60.386774ms"; "-0ns" for an item only before); changes in percent of
-- the before value ("+inf%" for an item only after or from zero, "-100.00%"
-- for one only before, "NaN%" for zero to zero; SQLite rounds an exact half
-- of the last decimal away from zero where Rust rounds it to even).  Rows
-- come by the size of the self time's change, growth or shrinkage alike.
-- Each side is grouped on its own, straight from self_profile, so that the
-- table hands the rows over grouped (README "GROUP BY" under self_profile):
-- grouped after a UNION ALL of the two sides they went through SQLite's
-- sorter.  Plain sums per kind first, as in self-profile-summarize.sql:
-- the kind is then compared once per group, not once per event.
WITH per_kind AS (
  SELECT 0 AS side, file, thread_id, label, kind,
         sum(self_ns) AS self_ns, sum(dur_ns) AS dur_ns, count(dur_ns) AS intervals,
         count(start_ns) - count(end_ns) AS instants, sum(value) AS value
    FROM self_profile(:before)
   GROUP BY file, thread_id, label, kind
  UNION ALL
  SELECT 1 AS side, file, thread_id, label, kind,
         sum(self_ns) AS self_ns, sum(dur_ns) AS dur_ns, count(dur_ns) AS intervals,
         count(start_ns) - count(end_ns) AS instants, sum(value) AS value
    FROM self_profile(:after)
   GROUP BY file, thread_id, label, kind
),
per_thread AS (
  SELECT side, file, thread_id, label,
         sum(self_ns) AS self_ns,
         sum(CASE WHEN kind <> 'IncrementalResultHashing' THEN dur_ns END) AS time_ns,
         sum(CASE WHEN kind NOT IN ('QueryBlocked', 'IncrementalLoadResult', 'IncrementalResultHashing')
                  THEN intervals ELSE 0 END) AS items,
         sum(CASE WHEN kind = 'QueryCacheHit' THEN instants ELSE 0 END) AS hit_instants,
         sum(CASE WHEN kind = 'QueryCacheHitCount' THEN value END) AS hit_counts,
         sum(CASE WHEN kind = 'QueryBlocked' THEN dur_ns END) AS blocked_ns,
         sum(CASE WHEN kind = 'IncrementalLoadResult' THEN self_ns END) AS load_ns,
         sum(CASE WHEN kind = 'IncrementalResultHashing' THEN self_ns END) AS hashing_ns
    FROM per_kind
   GROUP BY side, file, thread_id, label
),
per_file AS (
  SELECT side, label, sum(self_ns) AS self_ns, sum(time_ns) AS time_ns, sum(items) AS items,
         coalesce(sum(hit_counts), sum(hit_instants)) AS hits, sum(blocked_ns) AS blocked_ns,
         sum(load_ns) AS load_ns, sum(hashing_ns) AS hashing_ns
    FROM per_thread
   GROUP BY side, file, label
),
items AS (
  SELECT side, label, coalesce(sum(self_ns), 0) AS self_ns, coalesce(sum(time_ns), 0) AS time_ns,
         sum(items) AS items, sum(hits) AS hits, coalesce(sum(blocked_ns), 0) AS blocked_ns,
         coalesce(sum(load_ns), 0) AS load_ns, coalesce(sum(hashing_ns), 0) AS hashing_ns
    FROM per_file
   GROUP BY side, label
  HAVING sum(time_ns) IS NOT NULL OR sum(self_ns) IS NOT NULL OR sum(hits) > 0
),
-- before (b) and after (a) side by side; an item on one side only is 0 on the other
pairs AS (
  SELECT label, max(side = 0) AS in_b, max(side = 1) AS in_a,
         sum(CASE side WHEN 0 THEN self_ns ELSE 0 END) AS b_self, sum(CASE side WHEN 1 THEN self_ns ELSE 0 END) AS a_self,
         sum(CASE side WHEN 0 THEN time_ns ELSE 0 END) AS b_time, sum(CASE side WHEN 1 THEN time_ns ELSE 0 END) AS a_time,
         sum(CASE side WHEN 1 THEN items ELSE -items END) AS d_items,
         sum(CASE side WHEN 1 THEN hits ELSE -hits END) AS d_hits,
         sum(CASE side WHEN 1 THEN blocked_ns ELSE -blocked_ns END) AS d_blocked,
         sum(CASE side WHEN 1 THEN load_ns ELSE -load_ns END) AS d_load,
         sum(CASE side WHEN 1 THEN hashing_ns ELSE -hashing_ns END) AS d_hashing
    FROM items
   GROUP BY label
),
-- measureme's signs: an item only before is all minus, even its zeros
signed AS (
  SELECT *, a_self - b_self AS d_self, a_time - b_time AS d_time,
         CASE WHEN in_a THEN '+' ELSE '-' END AS zero_sign
    FROM pairs
)
SELECT label AS "Item",
       CASE WHEN d_self < 0 THEN '-' WHEN d_self > 0 THEN '+' ELSE zero_sign END
         || duration_text(abs(d_self), 'exact') AS "Self Time",
       CASE WHEN NOT in_a THEN '-100.00%' WHEN NOT in_b OR (b_self = 0 AND a_self > 0) THEN '+inf%'
            WHEN b_self = 0 THEN 'NaN%' ELSE printf('%+.2f%%', 100.0 * d_self / b_self) END AS "Self Time Change",
       CASE WHEN d_time < 0 THEN '-' WHEN d_time > 0 THEN '+' ELSE zero_sign END
         || duration_text(abs(d_time), 'exact') AS "Time",
       CASE WHEN NOT in_a THEN '-100.00%' WHEN NOT in_b OR (b_time = 0 AND a_time > 0) THEN '+inf%'
            WHEN b_time = 0 THEN 'NaN%' ELSE printf('%+.2f%%', 100.0 * d_time / b_time) END AS "Time Change",
       printf('%+d', d_items) AS "Item count",
       printf('%+d', d_hits) AS "Cache hits",
       CASE WHEN d_blocked < 0 THEN '-' WHEN d_blocked > 0 THEN '+' ELSE zero_sign END
         || duration_text(abs(d_blocked), 'exact') AS "Blocked time",
       CASE WHEN d_load < 0 THEN '-' WHEN d_load > 0 THEN '+' ELSE zero_sign END
         || duration_text(abs(d_load), 'exact') AS "Incremental load time",
       CASE WHEN d_hashing < 0 THEN '-' WHEN d_hashing > 0 THEN '+' ELSE zero_sign END
         || duration_text(abs(d_hashing), 'exact') AS "Incremental hashing time"
  FROM signed
 ORDER BY abs(d_self) DESC, label
 LIMIT coalesce(:limit, 50);

-- the change of measureme's "Total cpu time" (the threads' spans, summed)
WITH spans AS (
  SELECT 0 AS side, max(end_ns) - min(start_ns) AS span_ns
    FROM self_profile(:before) WHERE dur_ns IS NOT NULL GROUP BY file, thread_id
  UNION ALL
  SELECT 1, max(end_ns) - min(start_ns) FROM self_profile(:after) WHERE dur_ns IS NOT NULL GROUP BY file, thread_id
),
total AS (SELECT sum(CASE side WHEN 1 THEN span_ns ELSE -span_ns END) AS d FROM spans)
SELECT CASE WHEN d < 0 THEN '-' ELSE '+' END || duration_text(abs(d), 'exact') AS "Total cpu time",
       d AS change_ns
  FROM total;

-- the change of the artifact sizes (ArtifactSize events), largest growth first
SELECT label AS "Item", sum(CASE side WHEN 1 THEN value ELSE -value END) || ' bytes' AS "Artifact Size Change"
  FROM (SELECT 0 AS side, label, value FROM self_profile(:before) WHERE kind = 'ArtifactSize'
        UNION ALL
        SELECT 1, label, value FROM self_profile(:after) WHERE kind = 'ArtifactSize')
 GROUP BY label
 ORDER BY sum(CASE side WHEN 1 THEN value ELSE -value END) DESC, label
 LIMIT coalesce(:limit, 50);
