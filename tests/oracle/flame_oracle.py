"""flame_oracle.py: what a flame graph of folded stacks should draw, computed
here in Python from the stacks alone, and the SVG read back as a tree.
A module of the flame graph tests (flamegraph_test.py, flamegraph_diff_test.py,
flamegraph_browser.sh), not a test itself.

The rules (README "Flame graphs"): every distinct stack prefix is a frame
as wide as WIDTH * weight / total, WIDTH = 1200 - 2 * 10 pixels; a frame
is drawn when that width is at least minwidth (and its weight above 0);
the children of a drawn frame that are not drawn become one merged block
as wide as their weights together, drawn when that is at least minwidth.
"""
import os
import re
import sqlite3
import time
import xml.etree.ElementTree as ET

WIDTH = 1180
NS = "{http://www.w3.org/2000/svg}"


def totals(stacks):
    """{prefix tuple: summed weight} over (stack, weight) rows; NULL stacks
    and weights, and weights of 0, add nothing (no prefix)."""
    out = {}
    for s, w in stacks:
        if s is None or w is None or w == 0:
            continue
        parts = tuple(s.split(";"))
        for i in range(1, len(parts) + 1):
            out[parts[:i]] = out.get(parts[:i], 0) + w
    return out


def drawn(tot, minwidth):
    """The prefixes drawn: weight above 0 and width >= minwidth."""
    total = sum(w for p, w in tot.items() if len(p) == 1)
    return {p for p, w in tot.items() if w > 0 and total > 0 and w / total * WIDTH >= minwidth}, total


def merged(tot, shown, total, minwidth):
    """{parent prefix: (n, weight)} of the merged blocks that are drawn."""
    out = {}
    for p, w in tot.items():
        parent = p[:-1]
        if p in shown or w <= 0 or (parent and parent not in shown):
            continue
        n, s = out.get(parent, (0, 0))
        out[parent] = (n + 1, s + w)
    return {p: v for p, v in out.items() if v[1] / total * WIDTH >= minwidth}


def name_of(title):
    """A frame's name: its tooltip without the closing " (numbers)"."""
    return re.sub(r" \([^()]*\)$", "", title)


def svg_nodes(svg):
    """The frames and merged blocks of an SVG in document order, each a dict:
    kind ('frame' or 'merged'), x, width, y, title, fill, and path (the
    names from the root's child down; the parent is the last node before it
    one level down, as the script reads it; a merged block's path is its
    parent's).  Raises ET.ParseError when it is not XML."""
    root = ET.fromstring(svg.encode() if isinstance(svg, str) else svg)
    nodes, stack, base = [], [], None
    for g in root.iter(NS + "g"):
        rect, title = g.find(NS + "rect"), g.find(NS + "title")
        if rect is None or rect.get("class") not in (None, "merged"):
            continue
        y = float(rect.get("y"))
        base = y if base is None else base
        depth = round((base - y) / 16)
        del stack[depth:]
        kind = rect.get("class") or "frame"
        path = tuple(n["name"] for n in stack[1:])
        node = {"kind": kind, "x": float(rect.get("x")), "width": float(rect.get("width")), "y": y,
                "title": title.text if title is not None else None, "fill": rect.get("fill"),
                "name": name_of(title.text) if title is not None else None, "depth": depth}
        node["path"] = path + ((node["name"],) if kind == "frame" and depth > 0 else ())
        nodes.append(node)
        stack.append(node)
    return root, nodes


def check_length_limit(db, func, check, peak_memory):
    """The SVG of func (SQL of one stack ?, e.g. "flamegraph(?, 1)") held to
    SQLite's SQLITE_LIMIT_LENGTH: exactly the limit is the same SVG, one
    byte less is the function's own error (SQLITE_TOOBIG, so Python's
    DataError); and a deep stack (450,000 one-letter frames, all full
    width: 900 KB in, about 68 MB of SVG) under a 1,000,000-byte limit
    fails without building that SVG first: the process's peak memory stays
    under 3/4 of the whole SVG's size (it was 1.5 times it, 0.74 s, before
    the writing checked the limit).  The checks use check(ok, what)."""
    name = func.split("(")[0]
    sql = "SELECT %s" % func
    old = db.getlimit(sqlite3.SQLITE_LIMIT_LENGTH)
    small = "a;" * 200 + "a"
    full = db.execute(sql, (small,)).fetchone()[0]
    n = len(full.encode())
    want = ("%s: the SVG would be longer than %d bytes, SQLite's limit (SQLITE_LIMIT_LENGTH): "
            "draw fewer frames (a larger minwidth, fewer rows or shorter stacks)")
    try:
        db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, n)
        check(db.execute(sql, (small,)).fetchone()[0] == full, "%s: an SVG of exactly the length limit" % name)
        db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, n - 1)
        try:
            db.execute(sql, (small,)).fetchone()
            check(False, "%s: one byte over the length limit: no error" % name)
        except sqlite3.DataError as e:
            check(str(e) == want % (name, n - 1), "%s: one byte over the length limit: %s" % (name, e))
        # the deep stack: the SVG's size from two smaller ones (it is linear)
        db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, old)
        per_frame = len(db.execute(sql.replace("?", "?||';a'"), (small,)).fetchone()[0]) - n
        deep = "a;" * 450000 + "a"
        whole = n + per_frame * 449800
        db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 1000000)
        t = time.time()
        got, peak = peak_memory(lambda: db.execute(sql, (deep,)).fetchone()[0])
        t = time.time() - t
        check(isinstance(got, sqlite3.DataError) and str(got) == want % (name, 1000000),
              "%s: a 900 KB stack under a 1,000,000-byte limit: %s" % (name, str(got)[:120]))
        if os.environ.get("TT_ASAN") != "1" and peak is not None:
            check(peak < whole * 3 // 4,
                  "%s: the deep stack stops at the limit: peak memory %.1f MB (%.2f s), the whole SVG %.1f MB"
                  % (name, peak / 1e6, t, whole / 1e6))
    finally:
        db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, old)
