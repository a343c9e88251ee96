-- self-profile-summarize.sql: measureme's `summarize summarize` for rustc's
-- self-profile files (-Zself-profile): which rustc activities and queries
-- take the time?  The seed's second step ("codegen_module_perform_lto
-- 78.9%"), without measureme's tools.
--
--   sqlite3> .load build/timetrace
--   sqlite3> .parameter set :profile 'selfprofile/mycrate-12345.mm_profdata'
--   sqlite3> .headers on
--   sqlite3> .mode box
--   sqlite3> .read sql/self-profile-summarize.sql
--
-- :profile is a file, a folder of *.mm_profdata files or a glob: the rows of
-- several files (a whole build) add up.  :limit is the number of rows (NULL,
-- i.e. not set: 50; -1: all).  Three results: the table, the total time,
-- the artifact sizes.  Times print as measureme prints them (Rust's
-- Duration with two decimals, half to even: 66.93ms, 390.00ns), and the
-- columns are measureme's, computed by its rules:
--   Self time        the item's time minus its direct children's (self_ns)
--   % of total time  self time over the total: each thread's span, from its
--                    first interval's start to its last one's end, summed
--   Time             time including children, every event counted (an item
--                    nested in itself counts twice, as measureme does), but
--                    not IncrementalResultHashing
--   Item count       Query, GenericActivity and other intervals, but not
--                    QueryBlocked, IncrementalLoadResult, IncrementalResultHashing
--   Cache hits       the QueryCacheHitCount values of the item when the file
--                    has any, else its QueryCacheHit instants
--   Blocked time     time in QueryBlocked intervals
--   Incremental load time, Incremental result hashing time:
--                    self time of IncrementalLoadResult and
--                    IncrementalResultHashing intervals
-- One scan (plus the call tree's): grouped by file, thread and item, then
-- by item.
WITH per_kind AS (
  -- plain sums per thread, label and kind: the kind is then compared once
  -- per group below, not once per event (kind is never NULL: the reader
  -- names every event's kind, "<unknown>" when its string is missing)
  SELECT file, thread_id, label, kind,
         sum(self_ns) AS self_ns,
         sum(dur_ns) AS dur_ns,
         count(dur_ns) AS intervals,
         count(start_ns) - count(end_ns) AS instants,   -- a start and no end
         sum(value) AS value,
         min(CASE WHEN dur_ns IS NOT NULL THEN start_ns END) AS first_ns,
         max(end_ns) AS last_ns
    FROM self_profile(:profile)
   GROUP BY file, thread_id, label, kind
),
per_thread AS (
  SELECT file, thread_id, label,
         sum(self_ns) AS self_ns,
         sum(CASE WHEN kind <> 'IncrementalResultHashing' THEN dur_ns END) AS time_ns,
         sum(CASE WHEN kind NOT IN ('QueryBlocked', 'IncrementalLoadResult', 'IncrementalResultHashing')
                  THEN intervals ELSE 0 END) AS items,
         sum(CASE WHEN kind = 'QueryCacheHit' THEN instants ELSE 0 END) AS hit_instants,
         sum(CASE WHEN kind = 'QueryCacheHitCount' THEN value END) AS hit_counts,
         sum(CASE WHEN kind = 'QueryBlocked' THEN dur_ns END) AS blocked_ns,
         sum(CASE WHEN kind = 'IncrementalLoadResult' THEN self_ns END) AS load_ns,
         sum(CASE WHEN kind = 'IncrementalResultHashing' THEN self_ns END) AS hashing_ns,
         min(first_ns) AS first_ns,
         max(last_ns) AS last_ns
    FROM per_kind
   GROUP BY file, thread_id, label
),
spans AS (
  SELECT *, CASE WHEN row_number() OVER (PARTITION BY file, thread_id) = 1
                 THEN max(last_ns) OVER (PARTITION BY file, thread_id)
                    - min(first_ns) OVER (PARTITION BY file, thread_id) END AS span_ns
    FROM per_thread
),
per_file AS (
  SELECT file, label, sum(self_ns) AS self_ns, sum(time_ns) AS time_ns, sum(items) AS items,
         coalesce(sum(hit_counts), sum(hit_instants)) AS hits,
         sum(blocked_ns) AS blocked_ns, sum(load_ns) AS load_ns, sum(hashing_ns) AS hashing_ns,
         sum(sum(span_ns)) OVER () AS total_ns
    FROM spans
   GROUP BY file, label
),
items AS (
  SELECT label, coalesce(sum(self_ns), 0) AS self_ns, coalesce(sum(time_ns), 0) AS time_ns,
         sum(items) AS items, sum(hits) AS hits, coalesce(sum(blocked_ns), 0) AS blocked_ns,
         coalesce(sum(load_ns), 0) AS load_ns, coalesce(sum(hashing_ns), 0) AS hashing_ns,
         max(total_ns) AS total_ns
    FROM per_file
   GROUP BY label
   -- measureme's items are those of intervals and cache hits
   HAVING sum(time_ns) IS NOT NULL OR sum(self_ns) IS NOT NULL OR sum(hits) > 0
)
SELECT label AS "Item",
       duration_text(self_ns) AS "Self time",
       printf('%.3f', 100.0 * self_ns / total_ns) AS "% of total time",
       duration_text(time_ns) AS "Time",
       items AS "Item count",
       hits AS "Cache hits",
       duration_text(blocked_ns) AS "Blocked time",
       duration_text(load_ns) AS "Incremental load time",
       duration_text(hashing_ns) AS "Incremental result hashing time"
  FROM items
 ORDER BY self_ns DESC, label
 LIMIT coalesce(:limit, 50);

-- measureme's "Total cpu time": the threads' spans, summed
WITH spans AS (
  SELECT max(end_ns) - min(start_ns) AS span_ns
    FROM self_profile(:profile)
   WHERE dur_ns IS NOT NULL
   GROUP BY file, thread_id
)
SELECT duration_text(sum(span_ns), 'exact') AS "Total cpu time", sum(span_ns) AS total_ns FROM spans;

-- the sizes rustc recorded (ArtifactSize events), summed per kind of artifact
SELECT label AS "Item", sum(value) || ' bytes' AS "Artifact Size"
  FROM self_profile(:profile)
 WHERE kind = 'ArtifactSize'
 GROUP BY label
 ORDER BY label
 LIMIT coalesce(:limit, 50);
