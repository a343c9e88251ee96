-- self-profile-folded.sql: folded stacks of rustc's self-profile files, as
-- measureme's `stack_collapse` writes them (its `flamegraph` draws these):
-- which rustc activities, inside which, take the time.  Each line is
--   rustc;outermost;...;innermost <nanoseconds of self time>
-- with one line "rustc <ns>" for the time no event covers (each thread's
-- span, from its first interval's start to its last one's end, minus its
-- outermost intervals), ready for flamegraph.pl, inferno or speedscope:
--
--   sqlite3 -batch :memory: '.load build/timetrace' \
--     ".parameter set :profile 'selfprofile'" '.read sql/self-profile-folded.sql' > rustc.folded
--
-- (Or draw it in SQL: SELECT writefile('rustc.svg', flamegraph('rustc;' || stack, self_ns))
--  FROM self_profile('selfprofile') WHERE stack IS NOT NULL.)
-- :profile is a file, a folder or a glob; the stacks of several files add
-- up.  :limit cuts the list (-1 or NULL, i.e. not set: every stack): a flame
-- graph drawn from part of the stacks would be wrong, not shorter.  Stacks
-- are per thread, threads merged, and kept even when their self time is 0,
-- as measureme keeps them.  One scan (plus the call tree's).
WITH per_thread AS MATERIALIZED (
  SELECT file, thread_id, stack, sum(self_ns) AS self_ns,
         sum(CASE WHEN depth = 0 THEN dur_ns END) AS top_ns,
         min(start_ns) AS first_ns, max(end_ns) AS last_ns
    FROM self_profile(:profile)
   WHERE dur_ns IS NOT NULL
   GROUP BY file, thread_id, stack
),
stacks AS (
  SELECT 'rustc;' || stack AS stack, sum(self_ns) AS ns FROM per_thread GROUP BY stack
  UNION ALL
  SELECT 'rustc', sum(span_ns - top_ns)
    FROM (SELECT max(last_ns) - min(first_ns) AS span_ns, sum(top_ns) AS top_ns
            FROM per_thread GROUP BY file, thread_id)
)
SELECT stack || ' ' || ns AS folded
  FROM stacks
 WHERE ns IS NOT NULL
 ORDER BY stack
 LIMIT coalesce(:limit, -1);
