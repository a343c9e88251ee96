#!/bin/sh
# speedscope_test.sh: a trace made by sql/export-hot.sql opens in a real
# viewer in a real browser.  The bundled example trace is exported (:min_us
# 100) in the sqlite3 shell, then examples/speedscope.mjs loads it into
# speedscope (its offline build from npm) in Debian's headless Chromium and
# reports what the page shows.  The page must have read the trace without
# an error; its profiles must be the three threads, named as the trace's M
# events name them ("rustc (pid 19251), opt cgu.0 (tid 19260)"); the
# Sandwich table of opt cgu.0 must list the frames of the hot slices with
# their details demangled (PassManager<Function> on tiny::main) and no
# mangled symbol; the screenshot must be a PNG.
# Without chromium this test says "skipped: chromium not installed", unless
# CI is set: there it must run (tests/install-deps.sh installs chromium).
# Prints "N passed, M failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/browser.sh      # EXT, CHROMIUM, ok/bad, tmp; skips without chromium
if sqlite3 :memory: -cmd ".load $EXT" -cmd ".parameter set :trace 'examples/tiny.llvm_timings.json.gz'" \
     -cmd ".parameter set :min_us 100" '.read sql/export-hot.sql' > "$tmp/hot.json" 2> "$tmp/err" &&
   [ ! -s "$tmp/err" ]; then ok; else bad "export-hot.sql"; cat "$tmp/err"; fi
# the browser is not built with the sanitizers: no ASan runtime for it
start=$(date +%s)
if env -u LD_PRELOAD node examples/speedscope.mjs "$tmp/hot.json" 'opt cgu' "$tmp/shot.png" \
     > "$tmp/page.json" 2> "$tmp/err"; then ok; else bad "examples/speedscope.mjs"; tail -n 20 "$tmp/err"; fi
echo "speedscope in chromium: $(($(date +%s) - start)) s"
/usr/bin/python3 - "$tmp/page.json" "$tmp/shot.png" > "$tmp/checks" <<'EOF' || fail=$((fail + 1))
import json, re, sys
def check(ok, what, detail=""):
    print(("ok   " if ok else "FAIL: ") + what + ("" if ok else " " + str(detail)[:500]))
try:
    page = json.load(open(sys.argv[1]))
except ValueError as e:
    page = {"profiles": [], "frames": [], "errors": [str(e)], "thread": None}
check(page["errors"] == [], "the page reports no error", page["errors"])
check(page["profiles"] == ["rustc (pid 19251), coordinator (tid 19259)", "rustc (pid 19251), opt cgu.0 (tid 19260)",
                           "rustc (pid 19251), lto cgu.0 (tid 19262)"],
      "one profile per thread, named by the M events", page["profiles"])
frames = page["frames"]
check(len(frames) >= 20, "the Sandwich table lists the frames (%d)" % len(frames))
check('PassManager<Function> {"detail":"tiny::main"}' in frames, "a frame shows its demangled detail",
      frames[:10])
check(not any(re.search(r"\b_R[A-Za-z0-9_]+|\b_ZN", f) for f in frames), "no frame shows a mangled symbol",
      [f for f in frames if "_R" in f or "_ZN" in f][:3])
png = open(sys.argv[2], "rb").read() if page["thread"] else b""
check(png[:8] == b"\x89PNG\r\n\x1a\n" and 10000 < len(png) < 400000, "a screenshot (%d bytes)" % len(png))
EOF
cat "$tmp/checks"
pass=$((pass + $(grep -c '^ok ' "$tmp/checks")))
fail=$((fail + $(grep -c '^FAIL' "$tmp/checks")))
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
