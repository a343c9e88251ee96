-- opt-functions-by-crate.sql: OptFunction time by crate, two ways.
-- OptFunction is the seed's measure: on the rustc of the seed it held a
-- function's whole optimisation; on rustc 1.95 (LLVM 22) it holds only the
-- function's code generation, about a quarter of LLVM's time (40 of 163 ms
-- on examples/tiny.llvm_timings.json.gz).  For all of it, by function, see
-- sql/llvm-time-by-function.sql (and -crate, -generic).
-- Question (seed): "Alternately, we could break it down by the outermost crate":
--   cat t.jsonl | jq -r 'select(.name == "OptFunction") | "\(.dur) \(.args.detail)"' \
--     | xargs -l bash -c 'echo "{\"dur\":$0,\"root\":\"$(rustfilt "$1" | sed -E "s/^([a-z_-]+)::.*/\1/g")\"}"' \
--     | jq -s -r 'group_by(.root) | map({ root: .[0].root, dur: (map(.dur) | add) }) | sort_by(-.dur) | .[] | "\(.dur / 1e6) \(.root)"'
-- The seed's sed takes the leading lowercase name before "::", so every
-- `<Foo as Bar>::baz` item becomes a "crate" of its own (the seed says so:
-- "a very imperfect measure").  crate_of() reads the path: `<T as Trait>::m`
-- belongs to the crate of T (through &, *, [], tuples), and primitives to
-- the trait's crate.
-- First statement: by crate_of(detail), the seed's "outermost crate".
-- Second: by crate_of(detail, 'nonstd'), the first crate outside the standard
-- library, e.g. core::ptr::drop_in_place::<axum::routing::Endpoint<..>> is axum's:
-- the attribution the seed wanted when 84% of core's time was drop_in_place.
-- :limit is the number of rows of each listing (not set, i.e. NULL: 50; -1: all).
SELECT sum(dur) / 1e6 AS seconds, crate_of(detail) AS crate, count(*) AS events
  FROM trace_events(:trace)
 WHERE name = 'OptFunction'
 GROUP BY crate
 ORDER BY sum(dur) DESC, crate
 LIMIT coalesce(:limit, 50);

SELECT sum(dur) / 1e6 AS seconds, crate_of(detail, 'nonstd') AS crate, count(*) AS events
  FROM trace_events(:trace)
 WHERE name = 'OptFunction'
 GROUP BY crate
 ORDER BY sum(dur) DESC, crate
 LIMIT coalesce(:limit, 50);
