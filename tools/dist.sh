#!/bin/sh
# dist.sh LIB ARCHIVE STATIC_LIB...: the release archive of make dist.
#
#   sh tools/dist.sh build/dist/lib/timetrace.so \
#      build/dist/timetrace-0.1.0-linux-x86_64.tar.gz /usr/lib/x86_64-linux-gnu/libyajl_s.a ...
#
# ARCHIVE holds one folder named as the archive (timetrace-0.1.0-linux-x86_64/):
#   timetrace.so        the library LIB (.load timetrace-0.1.0-linux-x86_64/timetrace)
#   sql/                the query files
#   README.md LICENSE   timetrace's
#   licenses/NAME.txt   the licence of each STATIC_LIB linked into LIB, the
#                       copyright file of the Debian package that ships it
#                       (libyajl_s.a -> libyajl-dev -> licenses/yajl.txt)
# Files are stored owned by root with their names sorted, so two runs on
# the same inputs differ only in time stamps.
set -eu
lib=$1 archive=$2
shift 2
name=$(basename "$archive" .tar.gz)
stage=$(dirname "$archive")/stage
rm -rf "$stage"
mkdir -p "$stage/$name/licenses"
trap 'rm -rf "$stage"' EXIT
cp "$lib" "$stage/$name/"
cp -R sql "$stage/$name/sql"
cp README.md LICENSE "$stage/$name/"

# licence_name ARCHIVE_FILE: what its licence file is called
licence_name() {
  case $(basename "$1") in
    libyajl*) echo yajl;; libpcre2*) echo pcre2;; libz.a) echo zlib;; libstdc++*) echo libstdc++;;
    *) basename "$1" .a;;
  esac
}
for a in "$@"; do
  pkg=$(dpkg -S "$(readlink -f "$a")" 2>/dev/null | head -n 1 | sed 's/[:,].*//') || pkg=
  if [ -z "$pkg" ] || [ ! -f "/usr/share/doc/$pkg/copyright" ]; then
    echo "dist.sh: no licence found for $a (which Debian package ships it?)" >&2
    exit 1
  fi
  cp -L "/usr/share/doc/$pkg/copyright" "$stage/$name/licenses/$(licence_name "$a").txt"
done
tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner -czf "$archive.tmp" "$name"
mv "$archive.tmp" "$archive"
echo "$archive: $(wc -c < "$archive" | tr -d ' ') bytes"
