# tests/browser.sh: what the browser tests share (sourced, not run: tests
# in tests/oracle/ do `. tests/browser.sh` from the project's root).
# Sets EXT, CHROMIUM, the counters pass and fail with ok and bad, and tmp
# (a folder removed on exit).  Without chromium the calling test stops
# here with "skipped: chromium not installed", unless CI is set: there it
# must run (tests/install-deps.sh installs chromium) and fails.
EXT=${TT_EXT:-build/timetrace}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
if [ ! -x "$CHROMIUM" ]; then
  if [ -z "${CI:-}" ]; then
    echo "skipped: chromium not installed"
    echo "0 passed, 0 failed"
    exit 0
  fi
  bad "chromium is not installed ($CHROMIUM), and CI is set: make deps installs it"
  echo "$pass passed, $fail failed"
  exit 1
fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
