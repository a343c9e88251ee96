#!/bin/sh
# npm.sh LIB VERSION TARBALL: the npm package of make npm.
#
#   sh tools/npm.sh build/dist/lib/timetrace.so 0.1.0 build/dist/timetrace-0.1.0.tgz
#
# Stages bindings/node/ (package.json's "@VERSION@" replaced by VERSION),
# LIB as timetrace.so, README.md and LICENSE in build/npm/timetrace/, then
# runs npm pack there, which needs no network.  The package has no
# dependencies: the database module (better-sqlite3, node-sqlite3) is the
# user's.
set -eu
lib=$1 version=$2 out=$3
stage=build/npm/timetrace
rm -rf "$stage"
mkdir -p "$stage"
sed "s/@VERSION@/$version/" bindings/node/package.json > "$stage/package.json"
cp bindings/node/index.js bindings/node/index.d.ts README.md LICENSE "$stage/"
cp "$lib" "$stage/timetrace.so"
tgz=$(cd "$stage" && npm pack --silent --pack-destination .. 2>/dev/null | tail -n 1)
mv "build/npm/$tgz" "$out"
echo "$out: $(wc -c < "$out" | tr -d ' ') bytes"
