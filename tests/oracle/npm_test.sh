#!/bin/sh
# npm_test.sh: the npm package of make npm, installed from its tarball into
# a fresh folder (npm install --offline: nothing fetched), used through
# better-sqlite3 and node-sqlite3 (the sqlite3 package), both from
# examples/node_modules (make deps), reached through NODE_PATH.
# - the package holds the library and the VERSION file's version;
# - getLoadablePath() is the installed library without its suffix;
# - load(db) loads it into a better-sqlite3 Database (returning it) and a
#   node-sqlite3 one (a Promise), and a query through each gives what the
#   normal build gives; timetrace_debug() says "static";
# - the package imports from an ES module too; load() of something that is
#   no database throws a TypeError.
# The ASan pass skips it (make npm packs the dist build).
# Prints "N passed, M failed".
set -u
unset LD_PRELOAD MAKEFLAGS MFLAGS MAKELEVEL   # make, npm and node are not under test
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
if [ "${TT_ASAN:-0}" = 1 ]; then
  echo "skipped: make npm packs the dist library, without sanitizers (normal pass only)"
  echo "0 passed, 0 failed"; exit 0
fi
ROOT=$(pwd)
NORMAL=${TT_EXT:-$ROOT/build/timetrace}
version=$(cat VERSION)
trace=$ROOT/examples/tiny.llvm_timings.json.gz
nm=$ROOT/examples/node_modules
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
for m in better-sqlite3 sqlite3; do
  [ -f "$nm/$m/package.json" ] && ok || bad "$m is not in examples/node_modules (make deps installs it)"
done

if ! make -s -C "$ROOT" npm > "$tmp/make.log" 2>&1; then
  bad "make npm failed:"; cat "$tmp/make.log"; echo "$pass passed, $fail failed"; exit 1
fi
tgz=$ROOT/build/dist/timetrace-$version.tgz
[ -f "$tgz" ] && ok || bad "no $tgz"

app=$tmp/app
mkdir "$app" && echo '{"name": "app", "private": true}' > "$app/package.json"
if (cd "$app" && npm install --offline --no-audit --no-fund --loglevel=error "$tgz") > "$tmp/npm.log" 2>&1; then ok; else
  bad "npm install --offline $tgz:"; cat "$tmp/npm.log"
fi
[ -f "$app/node_modules/timetrace/timetrace.so" ] && ok || bad "no node_modules/timetrace/timetrace.so"
v=$(node -p "require('$app/node_modules/timetrace/package.json').version" 2>&1)
[ "$v" = "$version" ] && ok || bad "the package's version: $v, VERSION: $version"

want=$(sqlite3 -batch :memory: ".load $NORMAL" "SELECT count(*) || ' ' || sum(self_dur) || ' ' || count(DISTINCT demangle(symbol)) FROM trace_events('$trace')" 2>&1)
q="SELECT count(*) || ' ' || sum(self_dur) || ' ' || count(DISTINCT demangle(symbol)) AS r, timetrace_debug() ->> '\$.linkage' AS l FROM trace_events(?)"
cat > "$app/check.js" <<'JS'
const path = require('path');
const timetrace = require('timetrace');
const [trace, q] = process.argv.slice(2);
console.log('path ' + (timetrace.getLoadablePath() === path.join(__dirname, 'node_modules', 'timetrace', 'timetrace')));
try { timetrace.load({}); console.log('no TypeError'); } catch (e) { console.log('TypeError ' + (e instanceof TypeError)); }
const Database = require('better-sqlite3');
const bdb = new Database(':memory:');
console.log('better-sqlite3 returns db ' + (timetrace.load(bdb) === bdb));
const b = bdb.prepare(q).get(trace);
console.log('better-sqlite3 ' + b.r + ' ' + b.l);
const sqlite3 = require('sqlite3');
const ndb = new sqlite3.Database(':memory:');
timetrace.load(ndb).then((db) => {
  db.get(q, [trace], (err, row) => console.log(err ? 'node-sqlite3 error ' + err.message : 'node-sqlite3 ' + row.r + ' ' + row.l));
}, (err) => console.log('node-sqlite3 load failed ' + err.message));
JS
out=$(cd "$app" && NODE_PATH=$nm node check.js "$trace" "$q" 2>&1)
echo "$out" | head -n 30
line() { echo "$out" | grep -m 1 "^$1" ; }
[ "$(line path)" = "path true" ] && ok || bad "getLoadablePath(): $(line path)"
[ "$(line TypeError)" = "TypeError true" ] && ok || bad "load({}): $(line TypeError)"
[ "$(line 'better-sqlite3 returns')" = "better-sqlite3 returns db true" ] && ok || bad "load(better-sqlite3 db): $(line 'better-sqlite3 returns')"
[ -n "$want" ] && [ "$(line 'better-sqlite3 [0-9]')" = "better-sqlite3 $want static" ] && ok || bad "better-sqlite3: $(line 'better-sqlite3 [0-9]'), want $want"
[ -n "$want" ] && [ "$(line node-sqlite3)" = "node-sqlite3 $want static" ] && ok || bad "node-sqlite3: $(line node-sqlite3), want $want"

# an ES module imports it too
out=$(cd "$app" && node --input-type=module -e "import tt, { load, getLoadablePath } from 'timetrace'; console.log(typeof load, typeof getLoadablePath, tt.load === load)" 2>&1)
[ "$out" = "function function true" ] && ok || bad "import from an ES module: $out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
