-- not-complete-events.sql: the events that are not complete ("X") events,
-- and those that are neither "X" nor "M".
-- Question (seed): "It looks like these events all have "ph":"X" ... Aside
-- from that, we also have M events ... And aside from these, there's nothing else"
--   cat t.jsonl | jq -c 'select(.ph != "X")' | head
--   cat t.jsonl | jq -c 'select(.ph != "X" and .ph != "M")'
-- Parameter :trace is the trace file (sqlite3: .parameter set :trace 'file').
-- :limit is the number of rows of each listing (not set, i.e. NULL: 50; -1: all).
SELECT rowid, ph, name, pid, tid, ts, args
  FROM trace_events(:trace)
 WHERE ph IS NOT 'X'
 ORDER BY rowid
 LIMIT coalesce(:limit, 50);

SELECT rowid, ph, name, pid, tid, ts, args
  FROM trace_events(:trace)
 WHERE ph IS NOT 'X' AND ph IS NOT 'M'
 ORDER BY rowid
 LIMIT coalesce(:limit, 50);
