#!/bin/sh
# install-deps.sh: install the Debian packages timetrace needs to build and
# test (make deps).  Only what is missing is installed; sudo is used when
# not running as root.
#   build:  gcc g++ (libstdc++'s headers and archives) make pkg-config libsqlite3-dev
#           libyajl-dev libpcre2-dev zlib1g-dev (their static archives for make dist)
#   tests:  sqlite3 (the shell), python3 (Debian's, with loadable extensions),
#           jq, rustfilt and binutils (c++filt, nm) as oracles, valgrind, xz-utils,
#           musl-tools (musl-gcc: tests/musl.sh), chromium (the browser of
#           tests/oracle/speedscope_test.sh), python3-venv (a fresh venv for
#           the wheel's test);
#           from npm (examples/package.json): better-sqlite3 for the Node
#           examples, speedscope and playwright-core for the browser test,
#           sqlite3 (node-sqlite3) for the npm package's test
set -eu
PKGS="gcc g++ make pkg-config libsqlite3-dev libyajl-dev libpcre2-dev zlib1g-dev sqlite3 python3 jq rustfilt binutils valgrind xz-utils gzip musl-tools chromium python3-venv locales"
missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $p"
  fi
done
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
if [ -z "$missing" ]; then
  echo "make deps: all Debian packages are installed"
else
  echo "make deps: installing$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi

# The Node examples need better-sqlite3 and the npm package's test
# node-sqlite3 too, both built from source against the installed Node's
# headers (no download of binaries), and the browser test
# speedscope (its offline build) and playwright-core (no browser download:
# it drives Debian's chromium).
nm="$(dirname "$0")/../examples/node_modules"
if [ ! -d "$nm/better-sqlite3/build/Release" ] || [ ! -d "$nm/sqlite3/build/Release" ] ||
   [ ! -f "$nm/speedscope/package.json" ] ||
   [ ! -f "$nm/playwright-core/package.json" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm
  fi
  echo "make deps: npm install in examples/ (builds better-sqlite3 and sqlite3)"
  if [ -d /usr/include/node ]; then export npm_config_nodedir=/usr; fi
  export npm_config_build_from_source=true
  npm install --prefix "$(dirname "$0")/../examples" --no-audit --no-fund --loglevel=error
fi
