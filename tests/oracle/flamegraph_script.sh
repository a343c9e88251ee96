#!/bin/sh
# flamegraph_script.sh: ext/flamegraph_script.c is what
# tools/gen_flamegraph_script.py makes from ext/flamegraph_script.js (a hand
# edit of the C file, or a script edited without running the tool, fails
# here), and the script is JavaScript node accepts (node --check; skipped
# without node).  That it runs and does what it should is
# flamegraph_browser.sh's part.
# Prints "N passed, M failed".
cd "$(dirname "$0")/../.." || exit 2
pass=0 fail=0
if /usr/bin/python3 tools/gen_flamegraph_script.py --check; then pass=$((pass + 1))
else fail=$((fail + 1)); echo "FAIL: ext/flamegraph_script.c differs from what tools/gen_flamegraph_script.py makes"; fi
if command -v node > /dev/null 2>&1; then
  if env -u LD_PRELOAD node --check ext/flamegraph_script.js; then pass=$((pass + 1))
  else fail=$((fail + 1)); echo "FAIL: node --check ext/flamegraph_script.js"; fi
else
  echo "skipped: node --check (no node)"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
