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
import re
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
