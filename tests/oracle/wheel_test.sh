#!/bin/sh
# wheel_test.sh: the Python wheel of make wheel, installed from the file
# into a fresh venv (no index, nothing fetched), used from outside the
# repository.
# - the wheel's RECORD names every file with its right sha256 and size
#   (Python's hashlib decides), its name and METADATA carry the VERSION
#   file's version, WHEEL its tag;
# - pip installs it into the venv (Debian's /usr/bin/python3, which loads
#   extensions), and there timetrace.loadable_path() is the installed
#   library, timetrace.load(conn) loads it, and a query gives what the
#   normal build gives; timetrace.__version__ is the version, extension
#   loading is off again after load();
# - load() of a connection without enable_load_extension (a Python built
#   without it) raises a RuntimeError that says so and what to use.
# The ASan pass skips it (make wheel packs the dist build).
# Prints "N passed, M failed".
set -u
unset LD_PRELOAD MAKEFLAGS MFLAGS MAKELEVEL   # make, pip and python are not under test
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
if [ "${TT_ASAN:-0}" = 1 ]; then
  echo "skipped: make wheel packs the dist library, without sanitizers (normal pass only)"
  echo "0 passed, 0 failed"; exit 0
fi
ROOT=$(pwd)
NORMAL=${TT_EXT:-$ROOT/build/timetrace}
PY=/usr/bin/python3
version=$(cat VERSION)
trace=$ROOT/examples/tiny.llvm_timings.json.gz
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

if ! make -s -C "$ROOT" wheel > "$tmp/make.log" 2>&1; then
  bad "make wheel failed:"; cat "$tmp/make.log"; echo "$pass passed, $fail failed"; exit 1
fi
whl=$ROOT/build/dist/timetrace-$version-py3-none-linux_$(uname -m).whl
[ -f "$whl" ] && ok || bad "no $whl"

# 1. the wheel's own files: RECORD, METADATA, WHEEL
out=$($PY - "$whl" "$version" <<'PY'
import base64, csv, hashlib, io, sys, zipfile
whl, version = sys.argv[1:3]
info = "timetrace-%s.dist-info/" % version
z = zipfile.ZipFile(whl)
names = set(z.namelist())
problems = []
for want in ["timetrace/__init__.py", "timetrace/timetrace.so", info + "METADATA", info + "WHEEL", info + "RECORD"]:
    if want not in names:
        problems.append("missing " + want)
rows = list(csv.reader(io.StringIO(z.read(info + "RECORD").decode())))
recorded = {r[0] for r in rows}
if recorded != names:
    problems.append("RECORD lists %s, the zip holds %s" % (sorted(recorded), sorted(names)))
for name, h, size in rows:
    if name == info + "RECORD":
        continue
    data = z.read(name)
    digest = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    if h != digest or size != str(len(data)):
        problems.append("RECORD is wrong for " + name)
meta = z.read(info + "METADATA").decode()
if "\nName: timetrace\n" not in meta or "\nVersion: %s\n" % version not in meta:
    problems.append("METADATA: " + meta[:200])
if "Tag: py3-none-linux_" not in z.read(info + "WHEEL").decode():
    problems.append("WHEEL has no py3-none-linux_ tag")
print("\n".join(problems) or "ok")
PY
)
[ "$out" = ok ] && ok || bad "the wheel: $out"

# 2. installed into a fresh venv from the file
if $PY -m venv "$tmp/venv" > "$tmp/venv.log" 2>&1 &&
   "$tmp/venv/bin/pip" install --no-index --no-deps --disable-pip-version-check -q "$whl" >> "$tmp/venv.log" 2>&1; then
  ok
else
  bad "venv or pip install failed:"; cat "$tmp/venv.log"
fi
want=$(sqlite3 -batch :memory: ".load $NORMAL" "SELECT count(*) || ' ' || sum(self_dur) || ' ' || count(DISTINCT demangle(symbol)) FROM trace_events('$trace')" 2>&1)
mkdir "$tmp/elsewhere"
out=$(cd "$tmp/elsewhere" && "$tmp/venv/bin/python" - "$trace" "$version" "$tmp/venv" <<'PY' 2>&1
import os, sqlite3, sys
import timetrace
trace, version, venv = sys.argv[1:4]
assert timetrace.__version__ == version, timetrace.__version__
path = timetrace.loadable_path()
assert path.startswith(os.path.realpath(venv)) or path.startswith(venv), path
assert os.path.isfile(path + ".so"), path
db = sqlite3.connect(":memory:")
timetrace.load(db)
try:
    db.execute("SELECT load_extension(?)", (path,))
    print("load_extension() still allowed after load()")
except sqlite3.OperationalError as e:
    assert "not authorized" in str(e), e
row = db.execute("SELECT count(*) || ' ' || sum(self_dur) || ' ' || count(DISTINCT demangle(symbol)) FROM trace_events(?)", (trace,)).fetchone()
print(row[0])
print(db.execute("SELECT timetrace_debug() ->> '$.linkage'").fetchone()[0])

class NoExtensions:   # what sqlite3.connect gives in a Python built without them
    def execute(self, *a):
        pass
try:
    timetrace.load(NoExtensions())
    print("load() of a connection without enable_load_extension did not raise")
except RuntimeError as e:
    print("message: " + str(e))
PY
)
echo "$out"
[ "$(echo "$out" | sed -n 1p)" = "$want" ] && [ -n "$want" ] && ok || bad "the query through the wheel: $(echo "$out" | sed -n 1p), want $want"
[ "$(echo "$out" | sed -n 2p)" = static ] && ok || bad "timetrace_debug() linkage in the wheel: $out"
msg=$(echo "$out" | sed -n 's/^message: //p')
case $msg in *enable_load_extension*enable-loadable-sqlite-extensions*sqlean*) ok;; *) bad "the message without enable_load_extension: $msg";; esac
[ "$(echo "$out" | wc -l)" -eq 3 ] && ok || bad "the venv's Python printed: $out"
shown=$("$tmp/venv/bin/pip" show timetrace 2>/dev/null | sed -n 's/^Version: //p')
[ "$shown" = "$version" ] && ok || bad "pip show timetrace: version $shown"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
