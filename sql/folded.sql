-- folded.sql: folded stacks of an LLVM time trace, weighted by self time.
-- Question (seed): the flamegraph of where the time goes ("flamegraph
-- web_http_server.mm_profdata" with measureme).  Each line is
--   outermost;...;innermost <microseconds of self time>
-- ready for flamegraph.pl, inferno-flamegraph or speedscope:
--
--   sqlite3 -batch :memory: '.load build/timetrace' \
--     ".parameter set :trace 't.llvm_timings.json'" '.read sql/folded.sql' > t.folded
--   flamegraph.pl t.folded > t.svg
--
-- (Or draw it in SQL: SELECT writefile('t.svg', flamegraph(stack, self_dur))
--  FROM trace_events('t.llvm_timings.json'); writefile() is the shell's,
--  README "Flame graphs" shows Python and Node.)
-- :limit cuts the list (-1 or NULL, i.e. not set: every stack).  Unlike the
-- other files it is not cut by default: a flame graph drawn from part of the
-- stacks would be wrong, not shorter.
-- Stacks are per thread; threads are not a frame of their own.  Stacks with
-- less than half a microsecond of self time in all are left out.
-- :options (not set: none) may say 'frames=detail' or 'frames=generic' for
-- frames that name the function each slice worked on (README "Frames that
-- say which function"): OptFunction tiny::main;RunPass InstCombinePass.
SELECT stack || ' ' || CAST(round(sum(self_dur)) AS INTEGER) AS folded
  FROM trace_events(:trace, :options)
 WHERE depth IS NOT NULL
 GROUP BY stack
HAVING round(sum(self_dur)) > 0
 ORDER BY stack
 LIMIT coalesce(:limit, -1);
