#!/bin/sh
# install-deps.sh: install the Debian packages timetrace needs to build and
# test (make deps).  Only what is missing is installed; sudo is used when
# not running as root.
#   build:  gcc make pkg-config libsqlite3-dev libyajl-dev zlib1g-dev
#   tests:  sqlite3 (the shell), python3 (Debian's, with loadable extensions),
#           jq, rustfilt and binutils (c++filt) as oracles, valgrind, xz-utils
set -eu
PKGS="gcc make pkg-config libsqlite3-dev libyajl-dev zlib1g-dev sqlite3 python3 jq rustfilt binutils valgrind xz-utils gzip"
missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $p"
  fi
done
if [ -z "$missing" ]; then
  echo "make deps: all packages are installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
echo "make deps: installing$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
