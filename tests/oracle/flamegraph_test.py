#!/usr/bin/python3
"""flamegraph_test.py: the SVG of flamegraph(stack, weight) checked as a document.

- it parses as XML (Python's xml.etree);
- it has one <rect> of no class (in a <g>) per distinct stack prefix with weight,
  plus the root "all" (the prefixes computed here in Python);
- every frame's children (frames one level up, starting inside it) are no
  wider together than the frame;
- the root's title carries the total weight, and every title a share;
- names are escaped (a stack with <, & and quotes survives), empty input is NULL;
- the SVG is held to SQLite's SQLITE_LIMIT_LENGTH as it is written
  (flame_oracle.check_length_limit).
Prints "N passed, M failed".
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

DATA = os.environ.get("TT_DATA", "build/testdata")
NS = "{http://www.w3.org/2000/svg}"
from checks import check, connect, peak_memory, report  # noqa: E402
from flame_oracle import WIDTH, check_length_limit, drawn, merged, svg_nodes, totals  # noqa: E402


def frames_of(svg):
    root = ET.fromstring(svg.encode())
    out = []
    for g in root.iter(NS + "g"):
        rect = g.find(NS + "rect")
        title = g.find(NS + "title")
        if rect is None or rect.get("class") is not None:
            continue
        out.append((float(rect.get("x")), float(rect.get("width")), float(rect.get("y")), title.text))
    return root, out


def check_svg(svg, stacks, label, minwidth=0.1):
    try:
        root, frames = frames_of(svg)
        _, nodes = svg_nodes(svg)
    except ET.ParseError as e:
        check(False, "%s: XML: %s" % (label, e))
        return
    check(True, "%s: parses as XML" % label)
    tot = totals(stacks)
    shown, total = drawn(tot, minwidth)
    got = [n["path"] for n in nodes if n["kind"] == "frame" and n["depth"] > 0]
    check(len(frames) == len(shown) + 1 and set(got) == shown and len(got) == len(set(got)),
          "%s: minwidth %g: %d frames drawn for %d stack prefixes at least that wide (of %d) + all"
          % (label, minwidth, len(frames), len(shown), len(tot)))
    # every drawn frame keeps its whole weight: width and tooltip
    bad = [n["path"] for n in nodes if n["kind"] == "frame" and n["depth"] > 0 and n["path"] in tot
           and (abs(n["width"] - tot[n["path"]] / total * WIDTH) > 0.011
                or not re.search(r"\((\S+), ", n["title"])
                or abs(float(re.search(r"\((\S+), ", n["title"]).group(1)) - tot[n["path"]]) > 1e-5 * tot[n["path"]])]
    check(not bad, "%s: every frame as wide as its total, and its tooltip says it" % label, bad[:3])
    want = merged(tot, shown, total, minwidth)
    blocks = {}
    for n in nodes:
        if n["kind"] == "merged":
            m = re.match(r"(\d+) frames? narrower than \S+ px, merged \((\S+), ", n["title"])
            blocks[n["path"]] = (int(m.group(1)), float(m.group(2))) if m else None
    check(set(blocks) == set(want) and all(blocks[p] and blocks[p][0] == want[p][0]
                                           and abs(blocks[p][1] - want[p][1]) <= 1e-5 * want[p][1] for p in want),
          "%s: %d merged blocks, each the count and weight of its frames too narrow" % (label, len(want)),
          (sorted(blocks.items())[:3], sorted(want.items())[:3]))
    by_level = {}
    for f in frames:
        by_level.setdefault(f[2], []).append(f)
    # each frame's parent: the widest frame one level down that contains it
    bad = 0
    kids_width = {}
    for y, level in by_level.items():
        below = by_level.get(y + 16, [])
        for (x, w, _, t) in level:
            if t.startswith("all ("):
                continue
            hosts = [p for p in below if p[0] - 0.005 <= x and x + w <= p[0] + p[1] + 0.005]
            if not hosts:
                bad += 1
                continue
            host = max(hosts, key=lambda p: p[1])
            kids_width[host] = kids_width.get(host, 0) + w
    bad += sum(1 for host, kw in kids_width.items() if kw > host[1] + 0.011)
    check(bad == 0, "%s: every frame inside its parent, children never wider than it (%d bad)" % (label, bad))
    all_title = [t for (x, w, y, t) in frames if t.startswith("all (")]
    m = re.match(r"all \((\S+), 100\.00%\)$", all_title[0]) if all_title else None
    check(m is not None and abs(float(m.group(1)) - total) < 1e-6 * max(1, total), "%s: root title %r, total %r" % (label, all_title, total))
    check(all(re.search(r"\(\S+, \d+\.\d\d%\)$", t) for (_, _, _, t) in frames), "%s: every title has weight and share" % label)
    # the script: in CDATA, so the document is XML with or without it; and
    # without it the picture is whole (every frame a rect with its tooltip)
    scripts = list(root.iter(NS + "script"))
    check(len(scripts) == 1 and "<![CDATA[" in svg and "fgConfig" in (scripts[0].text or ""),
          "%s: one inline script, in CDATA" % label)
    for sc in scripts:
        root.remove(sc)
    _, static = frames_of(ET.tostring(root, encoding="unicode"))
    check(len(static) == len(frames) and all(t for (_, _, _, t) in static),
          "%s: without the script, the same frames with their tooltips" % label)


def main():
    db = connect()
    for name in ("tiny-v0.json", "clang-json_catalog.json"):
        path = os.path.join(DATA, name)
        stacks = db.execute("SELECT stack, self_dur FROM trace_events(?) WHERE depth IS NOT NULL", (path,)).fetchall()
        svg = db.execute("SELECT flamegraph(stack, self_dur) FROM trace_events(?)", (path,)).fetchone()[0]
        check_svg(svg, stacks, name)
        # the merge rule at other widths; 0 draws every frame
        for mw in (0, 0.5, 3, 40):
            svg = db.execute("SELECT flamegraph(stack, self_dur, NULL, ?) FROM trace_events(?)", (mw, path)).fetchone()[0]
            check_svg(svg, stacks, name, mw)
    rows = [("a;b<c>;d&e", 3), ("a;b<c>", 1), ("a;'q\";x", 2.5), ("z", 0), ("y", None), (None, 4), ("a;b<c>;d&e", 1),
            ("\u00fcber;\u8a08\u7b97", 2)]
    db.execute("CREATE TABLE t(s, w)")
    db.executemany("INSERT INTO t VALUES(?, ?)", rows)
    svg = db.execute("SELECT flamegraph(s, w, 'escaping <&>') FROM t").fetchone()[0]
    check_svg(svg, rows, "hand-made stacks")
    check("escaping &lt;&amp;&gt;" in svg and "d&amp;e" in svg, "title and names escaped")
    check(db.execute("SELECT flamegraph(s, w) FROM t WHERE 0").fetchone()[0] is None, "no rows: NULL")
    # names that are not UTF-8 (SQL text can hold any bytes): the SVG must
    # still be XML, valid characters kept, each bad byte shown as "?"
    bad = [b"a;\xc3A", b"b;\xed\xa0\x80", b"c;\xf4\x90\x80\x80", b"d;\xc0\xaf", b"e;\xef\xbf\xbf",
           b"f;\xe2\x82", b"g;\xff", b"h;\x01\x7f", b"i;\xe2\x82\xac", b"j;\xf0\x9f\x98\x80"]
    db.execute("CREATE TABLE u(s, w)")
    db.executemany("INSERT INTO u VALUES(CAST(? AS TEXT), 1)", [(x,) for x in bad])
    raw = db.execute("SELECT CAST(flamegraph(s, w) AS BLOB) FROM u").fetchone()[0]
    try:
        root = ET.fromstring(raw)
        titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
        ok = any(t and t.startswith("\u20ac") for t in titles) and any(t and t.startswith("\U0001f600") for t in titles)
        ok = ok and any(t and t.startswith("?A") for t in titles) and any(t and t.startswith("???") for t in titles)
        check(ok, "names that are not UTF-8: valid characters kept, bad bytes as ?")
    except ET.ParseError as e:
        check(False, "names that are not UTF-8: the SVG is not XML (%s)" % e)
    # a NUL in the title or a name (SQL text may hold one; XML may not):
    # shown as "?" with the rest kept, as Python's XML parser reads it
    raw = db.execute("SELECT CAST(flamegraph('x' || char(0) || 'y;z', 1, 'before' || char(0) || 'after <&>') AS BLOB)"
                     ).fetchone()[0]
    try:
        root = ET.fromstring(raw)
        texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
        titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
        check("before?after <&>" in texts and any(t and t.startswith("x?y (1, ") for t in titles),
              "a NUL in the title and in a name: '?', the rest kept", (texts[:3], titles[:3]))
    except ET.ParseError as e:
        check(False, "a NUL in the title: the SVG is not XML (%s)" % e)
    check_length_limit(db, "flamegraph(?, 1)", check, peak_memory)
    return report()


if __name__ == "__main__":
    sys.exit(main())
