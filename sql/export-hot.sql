-- export-hot.sql: the slices of at least :min_us in their stacks, as a Chrome trace for a viewer.
-- Question: a 1.4 GB trace is too large for a trace viewer (speedscope,
-- Perfetto, chrome://tracing); which part of it is worth looking at?  The
-- slices of at least :min_us microseconds (not set, i.e. NULL: 1000), every
-- slice they ran inside (so each is shown in its stack, however short its
-- ancestors), and the M events (process and thread names, sort order), as
-- one Chrome trace (JSON Object Format) on standard output:
--
--   sqlite3 :memory: -cmd '.load build/timetrace' -cmd ".parameter set :trace 'big.json'" \
--     -cmd '.parameter set :min_us 1000' '.read sql/export-hot.sql' > hot.json
--
-- Each event is written as the file has it (chrome_trace() puts every
-- column back), except that args.detail is demangled (`demangle()`: Rust
-- and C++), so the viewer shows `tiny::main`, not `_RNvCs...4tiny4main`,
-- and that a B event (with its time to its E, which is not a slice and is
-- left out) becomes an X event, and so does an async b (its e left out).  LLVM's `Total ...` events are not slices
-- and are left out.  The events come in file order.
-- The trace is read once: the hot slices and the M events are found as
-- the call tree is built (a statement grouped by a field of the events,
-- here ph, keeps its rows as the tree is built: README "One pass with the
-- tree"; reading the tree and the events otherwise reads the file twice),
-- their rowids collected per group, and only those events are then read
-- whole, by rowid, as are the ancestors shorter than :min_us.
WITH RECURSIVE
  hot(rid) AS MATERIALIZED (
    SELECT j.value
      FROM (SELECT json_group_array(rowid)
                     FILTER (WHERE (depth IS NOT NULL AND dur >= coalesce(:min_us, 1000)) OR ph = 'M') AS ids
              FROM trace_events(:trace) GROUP BY ph) g,
           json_each(g.ids) j
  ),
  -- (each column behind a "+": a materialized table would otherwise give
  -- its values the columns' affinities in SQLite before 3.45 or so, "pid":"1"
  -- becoming 1 and "ts":1.0 becoming 1, while newer ones keep them)
  kept AS MATERIALIZED (
    SELECT a.rowid AS rid, parent, +pid AS pid, +tid AS tid, +ph AS ph, +name AS name, +cat AS cat, +ts AS ts,
           +dur AS dur, +detail AS detail, demangle(detail) AS shown, +args AS args, +id AS id, +extra AS extra
      FROM hot JOIN trace_events(:trace) a ON a.rowid = hot.rid
  ),
  -- the ancestors that are not kept: from the kept slices' parents upwards
  -- until a kept slice (whose own ancestors are found from it)
  up(rid) AS (
    SELECT parent FROM kept WHERE parent NOT IN (SELECT rid FROM kept)
    UNION
    SELECT a.parent
      FROM up JOIN trace_events(:trace) a ON a.rowid = up.rid
     WHERE a.parent NOT IN (SELECT rid FROM kept)
  ),
  events AS (
    SELECT rid, pid, tid, ph, name, cat, ts, dur, detail, shown, args, id, extra FROM kept
    UNION ALL
    SELECT up.rid, +pid, +tid, +ph, +name, +cat, +ts, +dur, +detail, demangle(detail), +args, +id, +extra
      FROM up JOIN trace_events(:trace) a ON a.rowid = up.rid
  )
SELECT chrome_trace(pid, tid, iif(ph IN ('B', 'b'), 'X', ph), name, cat, ts, dur,
                    iif(shown IS detail, args, json_set(args, '$.detail', shown)), id, extra) AS trace
  FROM (SELECT * FROM events ORDER BY rid);
