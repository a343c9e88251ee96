-- total-events.sql: LLVM's aggregate "Total ..." events in seconds, largest first.
-- Question (seed): "Let's see kind of operations are taking the most time"
--   cat t.jsonl | jq -r 'select(.name | startswith("Total ")) | "\(.dur / 1e6) \(.name)"' | sort -rn | head
-- The seed's pipeline is wrong: jq prints small numbers in exponent form
-- (9e-06) and `sort -n` reads "9e-06" as 9, so tiny totals sort above large
-- ones (on serde_json's trace its head starts with 9e-06, 7e-06, 5e-06).
-- `sort -rg` would be right; here the numbers are sorted as numbers.
-- Note these totals double-count nested passes (see sql/summarize.sql).
-- :limit is the number of rows (not set, i.e. NULL: 50; -1: all).
SELECT dur / 1e6 AS seconds, name
  FROM trace_events(:trace)
 WHERE name GLOB 'Total *'
 ORDER BY dur DESC, name DESC
 LIMIT coalesce(:limit, 50);
