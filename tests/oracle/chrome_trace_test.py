#!/usr/bin/python3
"""chrome_trace_test.py: chrome_trace() and sql/export-hot.sql, decided by
Python's json, rustfilt, c++filt and tree_rules.py (the call tree's rules
written from the README), not by the extension.

- Round trip: every row of a trace through chrome_trace(pid, tid, ph, name,
  cat, ts, dur, args, id, extra) is, read by Python's json, the source file
  read by Python's json: the same events in the same order, every key and
  value equal, with its JSON type (an integer stays an integer, a real a
  real, 1.0 included).  On tiny-v0 (rustc), tiny-legacy, two clang traces,
  and traces written here: B/E pairs (nested, unmatched B and E), async
  events with ids, flows, counters, instant events, keys that go to extra,
  reals in every form, strings with escapes, controls, NUL and non-ASCII.
  trace_events reads each export back as the source's rows, the call
  tree's columns included.
- sql/export-hot.sql, run in the sqlite3 shell as the README says: its
  standard output is one JSON document and nothing else; its events are
  the source's slices of at least :min_us, every ancestor (tree_rules.py's
  parents) and the M events, in file order, each equal to the source event
  but for args.detail, demangled as rustfilt then c++filt print it, and a
  B, which becomes an X with the time to its E; trace_events reads it back
  as those rows.  A hand-made trace has ancestors shorter than their child
  (LLVM's 1 us), found only by the rowid lookups.
- Values: text of every kind (controls, quotes, astral characters, invalid
  UTF-8 as U+FFFD), reals from random bits (they read back as the same
  double), the extreme integers, infinity; NULL columns left out; an empty
  selection; the layout (one event per line); the errors.
Prints "N passed, M failed".
"""
import json
import math
import os
import random
import re
import sqlite3
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import DATA, EXT, check, connect, report  # noqa: E402
import tree_rules  # noqa: E402

COLS = "pid, tid, ph, name, cat, ts, dur, args, id, extra"
ROUND_TRIP = "SELECT chrome_trace(%s) FROM trace_events(?)" % COLS
ROWS = ("SELECT pid, tid, ph, name, cat, ts, dur, detail, args, id, extra, depth, parent, self_dur, "
        "stack, symbol FROM trace_events(?)")


def typed(v):
    """A JSON value with the type of every number, to compare with types:
    1 and 1.0 differ (bool is its own type)."""
    if isinstance(v, dict):
        return {k: typed(x) for k, x in v.items()}
    if isinstance(v, list):
        return [typed(x) for x in v]
    if isinstance(v, float) and math.isnan(v):
        return ("nan",)
    return (type(v).__name__, v)


def first_difference(got, want):
    """None when the event lists are equal with types, else where not."""
    if len(got) != len(want):
        return "%d events, want %d" % (len(got), len(want))
    for i, (g, w) in enumerate(zip(got, want)):
        if typed(g) != typed(w):
            return "event %d:\n  got  %r\n  want %r" % (i + 1, g, w)
    return None


def rows_typed(rows):
    return [tuple((type(v).__name__, v) for v in r) for r in rows]


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


# ---------------------------------------------------------------------------
# hand-made traces

def odd_trace(path):
    """Every kind of event and value a trace may hold, as raw JSON text so
    that each number is written as chosen (1e3, 1.0, -0.0)."""
    ev = [
        '{"ph":"M","pid":1,"tid":1,"name":"process_name","args":{"name":"proc \\u00e9"}}',
        '{"ph":"M","pid":1,"tid":1,"name":"thread_name","args":{"name":"main"}}',
        '{"ph":"M","pid":"pid-\\u03b1","tid":7,"name":"thread_name","cat":"__metadata","args":{"name":"w"}}',
        '{"ph":"X","pid":1,"tid":1,"ts":1.5,"dur":2.25,"name":"a\\"b\\\\c\\n\\t\\u0000\\u001f\\u2028 \\ud834\\udd1e \\u00e9",'
        '"cat":"x,y","args":{"detail":"_RNvCs5etrU9lJXb7_15web_http_server3run","n":[1,1.0,1e3,-0.0,{"k":null}]}}',
        '{"ph":"X","pid":1,"tid":1,"ts":1e3,"dur":0,"name":"","cat":"","args":{}}',
        '{"ph":"X","pid":1,"tid":1,"ts":2.5e-3,"dur":1E2,"name":"e","tts":5,"tdur":1.5,"custom":null}',
        '{"ph":"X","pid":1,"tid":1,"ts":-0.0,"dur":9007199254740993,"name":"big"}',
        '{"ph":"X","pid":1,"tid":1,"ts":123456789.125,"dur":0.1,"name":"reals","sf":3,"stack":[1,"2"]}',
        '{"ph":"b","pid":1,"tid":1,"ts":10,"name":"async","cat":"net","id":"0x1f"}',
        '{"ph":"n","pid":1,"tid":1,"ts":11,"name":"step","cat":"net","id2":{"local":"0x2"},"scope":"s"}',
        '{"ph":"e","pid":1,"tid":2,"ts":12,"name":"async","cat":"net","id":"0x1f"}',
        '{"ph":"b","pid":1,"tid":1,"ts":17,"name":"async never ended","cat":"net","id":"0x20"}',
        '{"ph":"i","pid":1,"tid":1,"ts":13,"name":"mark","s":"g"}',
        '{"ph":"C","pid":1,"tid":1,"ts":14,"name":"ctr","args":{"value":3,"other":0.5}}',
        '{"ph":"s","pid":1,"tid":1,"ts":15,"name":"flow","cat":"f","id":"0x7","bp":"e"}',
        '{"ph":"f","pid":1,"tid":1,"ts":16,"name":"flow","cat":"f","id":-7,"bp":"e"}',
        '{"ph":"X","pid":"pid-\\u03b1","tid":7,"ts":3,"dur":4,"name":"string pid"}',
        '{"ph":"X","pid":1,"tid":1,"ts":20,"name":"no dur"}',
        '{"ph":"X","pid":1,"tid":1,"ts":0,"dur":500,"name":"Total Thing","args":{"count":4,"avg ms":0}}',
    ]
    return write(path, '{"traceEvents":[\n' + ",\n".join(ev) + '\n],"beginningOfTime":5}\n')


# symbols whose demangled names the viewer should show
V0 = "_RNvCs5etrU9lJXb7_15web_http_server3run"        # web_http_server::run
LEGACY = "_ZN4core3ptr13drop_in_place17h0123456789abcdefE"
CXX = "_Z5helloPKc"                                   # hello(char const*)


def be_trace(path):
    """B/E pairs in start order (nested; an E with no B; a B never closed;
    an E with args of its own), async b/e pairs (clang 19's includes; a b
    never ended; a numeric id), and an end-order thread where a child
    ends 1 us after its parent and grandparent (LLVM's rounding): with
    :min_us 1001 those two ancestors are shorter than the child."""
    def e(**kv):
        return kv
    ev = [
        e(ph="M", pid=1, tid=1, name="process_name", args={"name": "be"}),
        e(ph="M", pid=1, tid=1, name="thread_name", args={"name": "main"}),
        e(ph="M", pid=1, tid=2, name="thread_name", args={"name": "other"}),
        e(ph="M", pid=1, tid=3, name="thread_name", args={"name": "llvm"}),
        e(ph="B", pid=1, tid=1, ts=0, name="outer", cat="c", args={"detail": V0}),
        e(ph="B", pid=1, tid=1, ts=10, name="mid", args={"detail": LEGACY, "x": 1.0}),
        e(ph="X", pid=1, tid=1, ts=12, dur=3, name="leaf", args={"detail": CXX}),
        e(ph="B", pid=1, tid=1, ts=20, name="short", tts=4),
        e(ph="E", pid=1, tid=1, ts=30),
        e(ph="E", pid=1, tid=1, ts=2000, args={"result": "ok"}),
        e(ph="X", pid=1, tid=1, ts=2100, dur=1500, name="late", args={"detail": "[module]"}),
        e(ph="E", pid=1, tid=1, ts=5000.5),
        e(ph="E", pid=1, tid=2, ts=50, name="stray"),
        e(ph="B", pid=1, tid=2, ts=100, name="never closed"),
        e(ph="X", pid=1, tid=3, ts=100, dur=1001, name="child", args={"detail": V0}),
        e(ph="X", pid=1, tid=3, ts=100, dur=1000, name="parent"),
        e(ph="X", pid=1, tid=3, ts=100, dur=1000, name="grandparent"),
        e(ph="X", pid=1, tid=3, ts=50, dur=5000, name="top", args={"detail": CXX}),
        e(ph="b", pid=2, tid=5, ts=200, name="Source", cat="Source", id=0, args={"detail": "/usr/include/x.h"}),
        e(ph="e", pid=2, tid=6, ts=1500, name="Source", cat="Source", id=0),
        e(ph="b", pid=2, tid=5, ts=1600, name="Source", cat="Source", id=0, args={"detail": "/usr/include/y.h"}),
    ]
    return write(path, json.dumps({"traceEvents": ev}, ensure_ascii=False))


# ---------------------------------------------------------------------------
# round trip

def round_trip(db, src, tmp, label):
    with open(src, encoding="utf-8") as f:
        want = json.load(f)["traceEvents"]
    text = db.execute(ROUND_TRIP, (src,)).fetchone()[0]
    out = write(os.path.join(tmp, "rt-" + os.path.basename(src)), text)
    doc = json.loads(text)
    check(set(doc) == {"traceEvents", "displayTimeUnit"} and doc["displayTimeUnit"] == "ms",
          "%s: a JSON Object Format trace" % label, sorted(doc))
    diff = first_difference(doc["traceEvents"], want)
    check(diff is None, "%s: all %d events come back as the file has them" % (label, len(want)), diff)
    a = db.execute(ROWS, (src,)).fetchall()
    b = db.execute(ROWS, (out,)).fetchall()
    check(rows_typed(a) == rows_typed(b), "%s: trace_events reads the export as the source's %d rows" %
          (label, len(a)), next(("\n  %r\n  %r" % p for p in zip(b, a) if p[0] != p[1]), ""))
    lines = text.split("\n")
    check(lines[0] == '{"traceEvents":[' and lines[-1] == '],"displayTimeUnit":"ms"}' and
          len(lines) == len(want) + 2, "%s: one event per line" % label)
    check(db.execute(ROUND_TRIP, (src,)).fetchone()[0] == text, "%s: the same text again" % label)


# ---------------------------------------------------------------------------
# export-hot.sql

def demangled(details):
    """detail -> what rustfilt then c++filt print for it (one line each)."""
    uniq = sorted(set(details))
    if not uniq:
        return {}
    text = "".join(d + "\n" for d in uniq)
    r = subprocess.run(["rustfilt"], input=text, stdout=subprocess.PIPE, text=True, check=True).stdout
    c = subprocess.run(["c++filt"], input=r, stdout=subprocess.PIPE, text=True, check=True).stdout
    out = c.split("\n")
    return dict(zip(uniq, out))


def export_hot_expected(src, min_us):
    """The events export-hot.sql should write (Python's json and
    tree_rules.py), and their rowids."""
    events = tree_rules.events_of(src)
    tree, _, bdur, _, _ = tree_rules.tree(events, brute=False)

    def dur(r):
        e = events[r - 1]
        return bdur.get(r) if e.get("ph") in ("B", "b") else e.get("dur")
    keep = {i for i, e in enumerate(events, 1) if e.get("ph") == "M"}
    for r in tree:
        if dur(r) is not None and dur(r) >= min_us:
            while r is not None and r not in keep:
                keep.add(r)
                r = tree[r][1]
    details = [events[r - 1]["args"]["detail"] for r in keep
               if isinstance(events[r - 1].get("args", {}).get("detail"), str)]
    names = demangled(details)
    want = []
    for r in sorted(keep):
        e = json.loads(json.dumps(events[r - 1]))
        if e.get("ph") in ("B", "b"):
            e["ph"] = "X"
            e["dur"] = bdur[r]
        if isinstance(e.get("args", {}).get("detail"), str):
            e["args"]["detail"] = names[e["args"]["detail"]]
        want.append(e)
    return want, sorted(keep)


def shell_export(src, min_us):
    """sql/export-hot.sql in the sqlite3 shell, as the README runs it."""
    args = ["sqlite3", ":memory:", "-cmd", ".load " + EXT, "-cmd", ".parameter set :trace '%s'" % src]
    if min_us is not None:
        args += ["-cmd", ".parameter set :min_us %d" % min_us]
    return subprocess.run(args + [".read sql/export-hot.sql"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)


def export_hot(db, src, min_us, tmp, label):
    out = shell_export(src, min_us)
    check(out.returncode == 0 and out.stderr == "", "%s: export-hot.sql runs" % label, out.stderr[-300:])
    check(out.stdout.endswith("}\n") and out.stdout.count("\n") == out.stdout.count("},\n{") + 3,
          "%s: standard output is the trace alone" % label, out.stdout[:100])
    try:
        doc = json.loads(out.stdout)
    except ValueError as e:
        check(False, "%s: the output is JSON" % label, str(e))
        return None
    want, rowids = export_hot_expected(src, 1000 if min_us is None else min_us)
    diff = first_difference(doc["traceEvents"], want)
    check(diff is None, "%s: the %d slices of at least %s us, their ancestors and the M events, "
          "demangled" % (label, len(want), min_us), diff)
    # trace_events reads the export back as the selection's rows
    path = write(os.path.join(tmp, "hot-" + os.path.basename(src)), out.stdout)
    got = db.execute("SELECT pid, tid, ph, name, cat, ts, dur, args, id, extra FROM trace_events(?)",
                     (path,)).fetchall()
    sel = db.execute("SELECT rowid, pid, tid, iif(ph IN ('B', 'b'), 'X', ph), name, cat, ts, dur, args, id, extra "
                     "FROM trace_events(?)", (src,)).fetchall()
    by_rowid = {r[0]: list(r[1:]) for r in sel}
    rows = []
    for r, e in zip(rowids, want):
        row = by_rowid[r]
        if row[7] is not None:
            row[7] = json.dumps(e["args"], ensure_ascii=False, separators=(",", ":"))
        rows.append(row)
    norm = [[json.loads(v) if i == 7 and v else v for i, v in enumerate(r)] for r in got]
    want_rows = [[json.loads(v) if i == 7 and v else v for i, v in enumerate(r)] for r in rows]
    check(rows_typed(norm) == rows_typed(want_rows), "%s: trace_events reads the export as the selected rows" %
          label, next(("\n  %r\n  %r" % p for p in zip(norm, want_rows) if p[0] != p[1]), ""))
    return doc


# ---------------------------------------------------------------------------
# values and errors

def one(db, sql, params=()):
    return json.loads(db.execute(sql, params).fetchone()[0])["traceEvents"]


def values(db):
    texts = ["".join(chr(c) for c in range(0, 128)), "é ü ß", "\u2028\u2029", "\U0001F600 \U0010FFFF",
             "\ufffe\uffff", "tab\there", ""]
    ok = all(one(db, "SELECT chrome_trace(1, 1, 'X', ?, NULL, 0, 1, NULL)", (t,))[0]["name"] == t for t in texts)
    check(ok, "text of any character comes back as a JSON string of it")
    bad = one(db, "SELECT chrome_trace(1, 1, 'X', CAST(x'61ff62e282' AS TEXT), NULL, 0, 1, NULL)")[0]["name"]
    check(bad == "a\ufffdb\ufffd\ufffd", "bytes that are not UTF-8: one U+FFFD each", repr(bad))
    rnd = random.Random(20)
    reals = [0.1, 1.0, -0.0, 5e-324, 1.7976931348623157e308, 1e16, 123456789.125, 2.5e-3]
    while len(reals) < 2000:
        v = struct.unpack("<d", struct.pack("<Q", rnd.getrandbits(64)))[0]
        if math.isfinite(v):
            reals.append(v)
    db.execute("CREATE TEMP TABLE r(v REAL)")
    db.executemany("INSERT INTO r VALUES (?)", [(v,) for v in reals])
    reals = [r[0] for r in db.execute("SELECT v FROM r")]     # what SQLite holds (-0.0 is 0.0 in a table)
    got = [e["ts"] for e in one(db, "SELECT chrome_trace(1, 1, 'X', 'r', NULL, v, NULL, NULL) FROM r")]
    check([struct.pack("<d", v) for v in got] == [struct.pack("<d", v) for v in reals] and
          all(isinstance(v, float) for v in got), "%d reals read back as the same doubles" % len(reals))
    # the text is the shortest that reads back: Python's repr, subnormals too
    # (they hold fewer than 15 digits: 5e-324 was 4.94065645841247e-324)
    sub = [5e-324, -1e-310, 2.5e-320, 2.2250738585072009e-308] + \
        [struct.unpack("<d", struct.pack("<Q", rnd.getrandbits(52)))[0] for _ in range(500)]
    texts = [re.search(r'"dur":([^,}]+)', db.execute("SELECT chrome_trace(1, 1, 'X', 'r', NULL, 0, ?, NULL)",
                                                     (v,)).fetchone()[0]).group(1) for v in sub]
    bad = [(v, t) for v, t in zip(sub, texts) if float(t) != v or len(t) > len(repr(v))]
    check(not bad, "%d subnormal reals as their shortest text (Python's repr)" % len(sub), repr(bad[:3]))
    text = db.execute("SELECT chrome_trace(1, 1, 'X', 'r', NULL, 1.0, 1e300 * 1e300, NULL), "
                      "chrome_trace(1, 1, 'X', 'r', NULL, -0.0, -1e300 * 1e300, NULL)").fetchone()
    check('"ts":1.0,"dur":1e999}' in text[0] and '"ts":-0.0,"dur":-1e999}' in text[1],
          "1.0 keeps its point, -0.0 its sign, infinity is 1e999", text)
    ints = [-2**63, 2**63 - 1, 0, -1, 2**53 + 1]
    got = [e["ts"] for e in one(db, "SELECT chrome_trace(1, 1, 'X', 'i', NULL, value, NULL, NULL) "
                                    "FROM json_each(?)", (json.dumps(ints),))]
    check(got == ints and all(type(v) is int for v in got), "integers stay integers", repr(got))
    got = one(db, "SELECT chrome_trace(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)")
    check(got == [{}], "NULL columns are left out", repr(got))
    text = db.execute("SELECT chrome_trace(%s) FROM trace_events(?) WHERE 0" % COLS,
                      (os.path.join(DATA, "tiny-v0.json"),)).fetchone()[0]
    check(json.loads(text) == {"traceEvents": [], "displayTimeUnit": "ms"}, "no rows: an empty trace", text)
    got = one(db, "SELECT chrome_trace(1, 2, 'X', 'n', 'c', 3, 4, '{\"a\":1}', 5, '{\"s\":\"g\"}')")
    check(got == [{"pid": 1, "tid": 2, "ph": "X", "name": "n", "cat": "c", "ts": 3, "dur": 4,
                   "args": {"a": 1}, "id": 5, "s": "g"}], "keys in the order of the arguments, then extra's",
          repr(got))
    got = one(db, "SELECT chrome_trace(1, 2, 'X', 'n', 'c', 3, 4, ' {\"a\" : 1 } ')")
    check(got[0]["args"] == {"a": 1}, "args with whitespace", repr(got))
    got = one(db, "SELECT chrome_trace(1, 2, 'E', 'n', NULL, 3, NULL, NULL, NULL, '{\"unmatched\":true}'),"
                  " chrome_trace(1, 2, 'B', 'n', NULL, 3, 9, NULL, NULL, '{\"s\":1,\"unmatched\":true}')")
    check(got == [{"pid": 1, "tid": 2, "ph": "E", "name": "n", "ts": 3}],
          "an E's last \"unmatched\":true (trace_events' note) is left out", repr(got))
    got = one(db, "SELECT chrome_trace(1, 2, 'B', 'n', NULL, 3, 9, NULL, NULL, '{\"s\":1,\"unmatched\":true}')")
    check(got == [{"pid": 1, "tid": 2, "ph": "B", "name": "n", "ts": 3, "s": 1}],
          "a B's dur (the time to its E) and its note are left out", repr(got))
    got = one(db, "SELECT chrome_trace(1, 2, 'b', 'n', 'c', 3, 9, NULL, '0x1', '{\"unmatched\":true}')")
    check(got == [{"pid": 1, "tid": 2, "ph": "b", "name": "n", "cat": "c", "ts": 3, "id": "0x1"}],
          "so are an async b's", repr(got))
    got = one(db, "SELECT chrome_trace(1, 2, 'X', 'n', NULL, 3, 9, NULL, NULL, '{\"unmatched\":true}')")
    check(got[0].get("unmatched") is True and got[0]["dur"] == 9, "an X keeps both", repr(got))
    got = one(db, "SELECT chrome_trace(1, 2, 'X', 'n', NULL, 3, 9, NULL, NULL, '{\"id\":\"7\"}')")
    check(got[0]["id"] == "7", "a key of extra whose column is NULL is written", repr(got))
    got = [e["id"] for e in one(db, "SELECT chrome_trace(1, 2, 'n', 'n', NULL, 3, NULL, NULL, value) "
                                    "FROM json_each('[\"0\",\"-12\",\"012\",\"1.5\",\"0x1\",\"\",\"-\",7]')")]
    check(got == [0, -12, "012", "1.5", "0x1", "", "-", 7], "an id of digits is written as a number", repr(got))
    deep = "{\"a\":" + "[" * 999 + "]" * 999 + "}"
    text = db.execute("SELECT chrome_trace(1, 2, 'X', 'n', NULL, 3, 9, ?)", (deep,)).fetchone()[0]
    check('"args":%s}' % deep in text, "args nested 1000 levels (the limit) is copied")


ERRORS = [
    ("'[1]'", "row 1: args is not the text of one JSON object: byte 0: not a JSON object"),
    ("'x'", "byte 0: not a JSON object"),
    ("'{\"a\":1'", "byte 6: expected ',' or '}' after a value in an object"),
    ("'{\"a\":1} x'", "byte 8: text after the object"),
    ("'{\"a\":01}'", "byte 6: expected ',' or '}'"),
    ("'{\"a\":1.}'", "byte 5: invalid number: digits must follow '.'"),
    ("'{\"a\":tru}'", "byte 5: expected a value"),
    ("'{a:1}'", "byte 1: expected a key (a string)"),
    ("'{\"a\" 1}'", "byte 5: expected ':' after a key"),
    ("'{\"a\":\"' || char(10) || '\"}'", "byte 6: control character in a string"),
    ("'{\"a\":\"\\q\"}'", "byte 6: invalid escape in a string"),
    ("'{\"a\":\"\\ud800\"}'", "byte 6: invalid \\u escape: unpaired surrogate"),
    ("'{\"a\":\"\\udc00\\ud800\"}'", "unpaired surrogate"),
    ("'{\"a\":\"\\u12\"}'", "four hex digits must follow"),
    ("CAST(x'7b2261223a22ff227d' AS TEXT)", "byte 6: invalid UTF-8 in a string"),
    ("'{\"a\":[1,2}'", "byte 9: expected ',' or ']' after a value in an array"),
    ("'{\"a\":\"x}'", "unterminated string"),
    ("'{\"a\":' || printf('%.1001c', '[') || printf('%.1001c', ']') || '}'", "nesting deeper than 1000 levels"),
    ("12", "args must be the text of a JSON object (or NULL), not an integer"),
    ("1.5", "args must be the text of a JSON object (or NULL), not a real"),
    ("x'7b7d'", "args must be the text of a JSON object (or NULL), not a blob"),
]


def error_of(db, sql):
    """The message of the error sql gives, or "no error"."""
    try:
        db.execute(sql).fetchone()
    except sqlite3.Error as e:
        return str(e)
    return "no error"


def errors(db):
    for arg, want in ERRORS:
        got = error_of(db, "SELECT chrome_trace(1, 2, 'X', 'n', NULL, 3, 4, %s)" % arg)
        check(got.startswith("chrome_trace: ") and want in got, "args %s: %s" % (arg[:40], want), got)
    more = [
        ("1, 2, 'X', x'00', NULL, 3, 4, NULL", "chrome_trace: row 1: name is a blob: give text, a number or NULL"),
        ("1, 2, 'X', 'n', NULL, 3, 4, NULL, x'00'", "chrome_trace: row 1: id is a blob"),
        ("1, 2, 'X', 'n', NULL, 3, 4, NULL, NULL, '[]'", "chrome_trace: row 1: extra is not the text of one JSON"),
        ("1, 2, 'X', 'n', NULL, 3, 4, NULL, NULL, '{\"ts\":1}'",
         "chrome_trace: row 1: extra has the key \"ts\", which the ts argument gives too: leave one of them NULL"),
        ("1, 2, 'X', 'n', NULL, 3, 4, '{}', NULL, '{\"\\u0061rgs\":1}'", 'extra has the key "args"'),
        ("1", "wrong number of arguments"),
        ("1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11", "wrong number of arguments"),
    ]
    for arg, want in more:
        got = error_of(db, "SELECT chrome_trace(%s)" % arg)
        check(want in got, want, got)
    got = error_of(db, "SELECT chrome_trace(value, 2, 'X', 'n', NULL, 3, 4, CASE WHEN value = 3 THEN '[' END) "
                       "FROM json_each('[1,2,3,4]')")
    check(got.startswith("chrome_trace: row 3: args"), "the error names the row", got)
    small = connect()
    small.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 10000)
    got = error_of(small, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 70) "
                          "SELECT chrome_trace(1, 2, 'X', printf('%.100c', 'n'), NULL, 3, 4, NULL) FROM n")
    check("chrome_trace: the trace would be longer than 10000 bytes, SQLite's limit (SQLITE_LIMIT_LENGTH)" in got,
          "past SQLITE_LIMIT_LENGTH: an error, not a truncated trace", got)


def main():
    db = connect()
    with tempfile.TemporaryDirectory() as tmp:
        odd = odd_trace(os.path.join(tmp, "odd.json"))
        be = be_trace(os.path.join(tmp, "be.json"))
        for name in ("tiny-v0.json", "tiny-legacy.json", "clang-json_catalog.json", "clang-wordfreq.json",
                     "clang19-json_catalog.json"):
            round_trip(db, os.path.join(DATA, name), tmp, name)
        round_trip(db, odd, tmp, "hand-made odd values")
        round_trip(db, be, tmp, "hand-made B/E")
        export_hot(db, os.path.join(DATA, "tiny-v0.json"), 200, tmp, "tiny-v0 :min_us 200")
        export_hot(db, os.path.join(DATA, "tiny-v0.json"), None, tmp, "tiny-v0 :min_us not set")
        export_hot(db, os.path.join(DATA, "tiny-legacy.json"), 50, tmp, "tiny-legacy :min_us 50")
        export_hot(db, os.path.join(DATA, "clang-json_catalog.json"), 5000, tmp, "clang :min_us 5000")
        export_hot(db, os.path.join(DATA, "clang19-json_catalog.json"), 5000, tmp, "clang 19 (b/e) :min_us 5000")
        doc = export_hot(db, be, 1001, tmp, "hand-made B/E :min_us 1001")
        # values a materialized table would convert to its columns' affinities
        # (SQLite 3.40: "pid":"1" became 1, "ts":1.0 became 1)
        kinds = write(os.path.join(tmp, "kinds.json"), json.dumps({"traceEvents": [
            {"ph": "X", "pid": "1", "tid": "7", "ts": 1.0, "dur": 5.0, "name": "child", "cat": "123"},
            {"ph": "X", "pid": "1", "tid": "7", "ts": 0, "dur": 10, "name": "parent"},
            {"ph": "X", "pid": 2, "tid": "0x1f", "ts": 0.5, "dur": 2.5, "name": "12"},
            {"ph": "M", "pid": "1", "tid": "7", "name": "thread_name", "args": {"name": "main"}}]}))
        export_hot(db, kinds, 1, tmp, "hand-made value kinds :min_us 1")
        names = [e.get("name") for e in doc["traceEvents"]] if doc else []
        check({"parent", "grandparent", "top"} <= set(names), "ancestors shorter than :min_us are kept", names)
        values(db)
        errors(db)
    return report()


if __name__ == "__main__":
    sys.exit(main())
