#!/bin/sh
# flamegraph_browser.sh: the flame graphs of flamegraph() and
# flamegraph_diff() used in a real browser.  The folded stacks of the
# bundled example traces (sql/folded.sql in the sqlite3 shell) are drawn
# by the extension, then tests/oracle/flamegraph_browser.mjs opens each SVG
# in Debian's headless Chromium, clicks a frame, clicks "Reset zoom",
# searches a regular expression through the "Search" prompt and presses
# Escape, and reports what the page shows.  Every expected number is
# computed here in Python from the folded stacks (tests/oracle/flame_oracle.py),
# never by the page's own script:
# - before the script runs: the SVG is XML (xml.etree), its script is in
#   CDATA, and without the script every frame is still a rect with a title;
# - zoomed: the clicked frame spans the width (1180 px from x = 10), its
#   ancestors too, each frame of its subtree is as wide as its weight over
#   the clicked frame's weight times 1180, starting where its weight to the
#   left puts it (within a pixel), and every other frame is hidden;
# - reset: every frame back where it was, shown;
# - searched: exactly the drawn frames whose name matches are highlighted,
#   and "Matched: P%" is the weight of the stacks with a matching drawn
#   frame over the total, each stack once (the regular expression matches
#   frames nested in matching frames, so counting each match would be more);
# - cleared: the colours back.
# Without chromium it says "skipped: chromium not installed", unless CI is
# set: there it must run (tests/install-deps.sh installs chromium).
# Prints "N passed, M failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/browser.sh      # EXT, CHROMIUM, ok/bad, tmp; skips without chromium
for t in tiny tiny-opt3; do
  if sqlite3 -batch :memory: ".load $EXT" ".parameter set :trace 'examples/$t.llvm_timings.json.gz'" \
       '.read sql/folded.sql' > "$tmp/$t.folded" 2> "$tmp/err" && [ ! -s "$tmp/err" ]; then ok
  else bad "sql/folded.sql on examples/$t.llvm_timings.json.gz"; cat "$tmp/err"; fi
done

cat > "$tmp/check.py" <<'EOF'
import json, os, re, sqlite3, sys
sys.path.insert(0, "tests/oracle")
import xml.etree.ElementTree as ET
from flame_oracle import WIDTH, NS, drawn, svg_nodes, totals

HIGHLIGHT = "rgb(230,0,230)"
say = lambda ok, what, detail="": print(("ok   " if ok else "FAIL: ") + what + ("" if ok else " " + str(detail)[:600]))

def folded(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        stack, w = line.rstrip("\n").rsplit(" ", 1)
        rows.append((stack, int(w)))
    return rows

def prepare(kind, tmp):
    """Draw the graph; check it as XML; choose the frame to click."""
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(os.environ.get("TT_EXT", "build/timetrace"))
    before, after = folded(tmp + "/tiny.folded"), folded(tmp + "/tiny-opt3.folded")
    if kind == "plain":
        db.execute("CREATE TABLE f(s, w)")
        db.executemany("INSERT INTO f VALUES(?, ?)", before)
        svg = db.execute("SELECT flamegraph(s, w, 'tiny') FROM f").fetchone()[0]
        stacks = before
    else:
        db.execute("CREATE TABLE b(s, w)")
        db.execute("CREATE TABLE a(s, w)")
        db.executemany("INSERT INTO b VALUES(?, ?)", before)
        db.executemany("INSERT INTO a VALUES(?, ?)", after)
        svg = db.execute("SELECT flamegraph_diff(s, bw, aw, 'tiny: opt-level 1 -> 3') FROM (%s)" %
                         """SELECT s, sum(bw) AS bw, sum(aw) AS aw FROM
                              (SELECT s, w AS bw, NULL AS aw FROM b UNION ALL SELECT s, NULL, w FROM a)
                             GROUP BY s""").fetchone()[0]
        stacks = after
    open("%s/%s.svg" % (tmp, kind), "w", encoding="utf-8").write(svg)
    root, nodes = svg_nodes(svg)
    scripts = list(root.iter(NS + "script"))
    say(len(scripts) == 1 and "<![CDATA[" in svg, "%s: the SVG is XML, its script in CDATA" % kind)
    for s in scripts:
        root.remove(s)
    bare = [(g.find(NS + "rect"), g.find(NS + "title")) for g in root.iter(NS + "g")]
    say(len(bare) == len(nodes) and all(r is not None and t is not None and t.text for r, t in bare),
        "%s: without the script, every frame a rect with its title (%d)" % (kind, len(bare)))
    # click a frame of depth >= 2 with drawn children, 20 to 600 px wide
    cands = [i for i, n in enumerate(nodes) if n["kind"] == "frame" and n["depth"] >= 2 and 20 <= n["width"] <= 600
             and i + 1 < len(nodes) and nodes[i + 1]["depth"] == n["depth"] + 1]
    return cands[0] if cands else 0

def check(kind, tmp, click, regex, page):
    svg = open("%s/%s.svg" % (tmp, kind), encoding="utf-8").read()
    _, nodes = svg_nodes(svg)
    stacks = folded(tmp + ("/tiny.folded" if kind == "plain" else "/tiny-opt3.folded"))
    tot = totals(stacks)
    shown, total = drawn(tot, 0.1)
    say(page["errors"] == [] and page["scripts"] == 1, "%s: the page ran its script without an error" % kind, page["errors"])
    say(len(page["loaded"]) == len(nodes) and all(abs(r["x"] - n["x"]) < 1e-9 and abs(r["width"] - n["width"]) < 1e-9
                                                 for r, n in zip(page["loaded"], nodes)),
        "%s: the page shows the frames of the SVG (%d)" % (kind, len(nodes)))
    c = nodes[click]
    weight = lambda n: tot[n["path"]] if n["kind"] == "frame" else None
    cw = tot[c["path"]]
    # the subtree of the clicked frame: the nodes after it deeper than it
    end = click + 1
    while end < len(nodes) and nodes[end]["depth"] > c["depth"]:
        end += 1
    # its weight to the left of each subtree frame: from the folded stacks
    left = {}
    def start_of(path):
        """Weight left of path inside the clicked frame: its drawn elder siblings' and their ancestors'."""
        s = 0
        for d in range(len(c["path"]) + 1, len(path) + 1):
            p = path[:d]
            s += sum(w for q, w in tot.items() if len(q) == d and q[:-1] == p[:-1] and q in shown and q[-1] < p[-1])
        return s
    zoomed, bad = page["zoomed"], []
    for i, (n, r) in enumerate(zip(nodes, zoomed)):
        if i == click or (i < click and n["depth"] < c["depth"] and n["path"] == c["path"][:len(n["path"])]):
            if not (r["shown"] and abs(r["x"] - 10) <= 1 and abs(r["width"] - WIDTH) <= 1):
                bad.append(("full width", i, r))
        elif click < i < end:
            if n["kind"] == "merged":
                if not r["shown"]:
                    bad.append(("merged hidden", i, r))
                continue
            want_w = tot[n["path"]] / cw * WIDTH
            want_x = 10 + start_of(n["path"]) / cw * WIDTH
            if not (r["shown"] and abs(r["width"] - want_w) <= 1 and abs(r["x"] - want_x) <= 1):
                bad.append(("subtree", i, n["path"][-1], r, want_x, want_w))
        elif r["shown"]:
            bad.append(("not hidden", i, r))
    nsub = end - click - 1
    say(nsub > 0 and not bad, "%s: zoomed on %r (%.2f px): it and its %d ancestors span the width, its %d subtree frames "
        "scaled by %.1f, the other %d hidden" % (kind, c["name"], c["width"], c["depth"], nsub, WIDTH / c["width"],
        len(nodes) - nsub - 1 - c["depth"]), bad[:4])
    say(page["reset"] == page["loaded"], "%s: reset: every frame back and shown" % kind)
    rx = re.compile(regex)
    want = [i for i, n in enumerate(nodes) if n["kind"] == "frame" and n["depth"] > 0 and rx.search(n["path"][-1])]
    hits = [i for i, r in enumerate(page["searched"]) if r["fill"] == HIGHLIGHT]
    say(hits == want and len(want) > 0, "%s: search %r highlights the %d drawn frames whose name matches" % (kind, regex, len(want)),
        (len(hits), len(want)))
    matched = sum(w for s, w in stacks if any(tuple(s.split(";")[:d]) in shown and rx.search(s.split(";")[d - 1])
                                              for d in range(1, len(s.split(";")) + 1)))
    naive = sum(tot[nodes[i]["path"]] for i in want)
    m = re.match(r"Matched: ([\d.]+)% of the total, (\d+) frames?$", page["matched"])
    share = matched / total * 100
    say(m is not None and abs(float(m.group(1)) - share) <= 0.006 and int(m.group(2)) == len(want),
        "%s: %r, the stacks matched %.2f%% of the total, each once (%.2f%% counting every match)"
        % (kind, page["matched"], share, naive / total * 100), page["matched"])
    say([r["fill"] for r in page["cleared"]] == [r["fill"] for r in page["loaded"]], "%s: Escape: the colours back" % kind)

if sys.argv[1] == "prepare":
    print(prepare(sys.argv[2], sys.argv[3]))
else:
    check(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], json.load(open(sys.argv[6])))
EOF

# the browser is not built with the sanitizers: no ASan runtime for it
regex='Manager|InstCombine'
for kind in plain diff; do
  click=$(/usr/bin/python3 "$tmp/check.py" prepare $kind "$tmp" > "$tmp/prep.out"; tail -n 1 "$tmp/prep.out")
  grep -v '^[0-9]*$' "$tmp/prep.out" > "$tmp/checks.$kind"
  start=$(date +%s)
  if env -u LD_PRELOAD node tests/oracle/flamegraph_browser.mjs "$tmp/$kind.svg" "$click" "$regex" \
       > "$tmp/page.$kind.json" 2> "$tmp/err"; then ok; else bad "flamegraph_browser.mjs $kind"; tail -n 20 "$tmp/err"; fi
  echo "$kind flame graph in chromium: $(($(date +%s) - start)) s"
  env -u LD_PRELOAD /usr/bin/python3 "$tmp/check.py" check $kind "$tmp" "$click" "$regex" "$tmp/page.$kind.json" \
    >> "$tmp/checks.$kind" 2>&1 || echo "FAIL: the checks of $kind crashed" >> "$tmp/checks.$kind"
  cat "$tmp/checks.$kind"
  pass=$((pass + $(grep -c '^ok ' "$tmp/checks.$kind")))
  fail=$((fail + $(grep -c '^FAIL' "$tmp/checks.$kind")))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
