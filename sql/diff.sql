-- diff.sql: OptFunction time per demangled function (and per crate) in two
-- traces, the difference and the ratio, largest change first.
-- Question (seed): the before/after loop of "Big async functions considered
-- harmful?": 5.3 s, then 4.66 s, 6.24 s and 2.14 s for one function family,
-- each measured by rerunning the whole jq/rustfilt pipeline on a new trace.
-- Parameters: :before and :after (trace files).  Functions present in only one
-- trace are included (0 on the other side; ratio NULL when before is 0).
WITH
b AS (SELECT rust_demangle(detail) AS function, sum(dur) AS us
        FROM trace_events(:before) WHERE name = 'OptFunction' GROUP BY 1),
a AS (SELECT rust_demangle(detail) AS function, sum(dur) AS us
        FROM trace_events(:after) WHERE name = 'OptFunction' GROUP BY 1),
names AS (SELECT function FROM b UNION SELECT function FROM a)
SELECT n.function,
       coalesce(b.us, 0) / 1e6 AS before_s,
       coalesce(a.us, 0) / 1e6 AS after_s,
       (coalesce(a.us, 0) - coalesce(b.us, 0)) / 1e6 AS change_s,
       CASE WHEN coalesce(b.us, 0) = 0 THEN NULL ELSE round(coalesce(a.us, 0) * 1.0 / b.us, 3) END AS ratio
  FROM names n LEFT JOIN b USING (function) LEFT JOIN a USING (function)
 ORDER BY abs(coalesce(a.us, 0) - coalesce(b.us, 0)) DESC, n.function;
