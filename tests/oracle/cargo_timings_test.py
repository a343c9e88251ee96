#!/usr/bin/python3
"""cargo_timings_test.py: cargo_timings(path) (ext/cargo_timings*.c) against
Python's own reading of cargo's --timings page.

Python finds `UNIT_DATA =` in the page and reads the array after it with
json.JSONDecoder.raw_decode; each row of cargo_timings must then equal its
unit: i, name, version, target, mode, start, duration, rmeta (rmeta_time,
else the end of the "frontend" section), sections / features /
unblocked_units / unblocked_rmeta_units (the same JSON, written compact),
file, and unit, which this file derives on its own from the rules of
README "cargo_timings".

On the real build of tests/data/cargo-build (cargo 1.95, rustc 1.95):
every trace of the build (its file names, read by os.walk here) belongs
to exactly one compiling unit of the page, every compiling unit has one
trace, a build script's run has none; the join USING (unit) with
trace_events gives each unit its trace's events.

Then pages made here: the list rules (a directory, its cargo-timings/, a
pattern, cargo-timing.html left out beside a timestamped page, gzip),
hostile pages (cut at many places, wrong types, huge numbers, deep and
junk nesting, invalid UTF-8, bad escapes, random damage): never a crash,
an error that names the file and the byte, and rows equal to Python's
whenever the C reader accepts a page.  Prints "N passed, M failed" last.
"""
import gzip
import json
import os
import random
import re
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, connect, report  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "tests", "data", "cargo-build")
PAGES = os.path.join(BUILD, "cargo-timings")
ASAN = os.environ.get("TT_ASAN") == "1"
COLS = ["i", "name", "version", "target", "mode", "start", "duration", "rmeta", "sections",
        "features", "unblocked_units", "unblocked_rmeta_units", "unit", "file"]


def read_units(data):
    """Python's reading of a page's bytes: the UNIT_DATA array, or raise."""
    text = data.decode("utf-8", "surrogateescape")
    m = re.search(r"UNIT_DATA\s*=(?!=)", text)
    if not m:
        raise ValueError("no UNIT_DATA")
    units, _ = json.JSONDecoder().raw_decode(text, m.end() + len(text[m.end():]) - len(text[m.end():].lstrip()))
    return units


def rmeta_of(u):
    if isinstance(u.get("rmeta_time"), (int, float)):
        return float(u["rmeta_time"])
    for s in u.get("sections") or []:
        if isinstance(s, list) and len(s) >= 2 and s[0] == "frontend" and isinstance(s[1], dict):
            end = s[1].get("end")
            return float(end) if isinstance(end, (int, float)) and not isinstance(end, bool) else None
    return None


def unit_of(name, target, mode):
    """README "cargo_timings", unit: written again here from the rules."""
    if name is None:
        return None
    target = target or ""
    if mode == "run-custom-build" or "(run)" in target:
        return name + "/build_script_build (run)"
    if "build-script" in target or "build script" in target:
        return name + "/build_script_build"
    kinds = ("lib", "bin", "test", "bench", "example")
    m = re.match(r'\s*(\S+) "([^"]*)"', target)
    if m and m.group(2) in kinds and m.group(1) != "lib":
        return m.group(1).replace("-", "_")          # cargo 1.95: ` tally-cli "bin"`
    m = re.search(r'"([^"]*)"', target)
    if m and m.group(1) not in kinds:
        return m.group(1).replace("-", "_")          # older cargo: ` bin "tally-cli"`
    return name.replace("-", "_")


def expected_rows(path, units):
    def js(v):
        return None if v is None else v
    out = []
    for u in units:
        out.append({
            "i": u.get("i"), "name": u.get("name"), "version": u.get("version"),
            "target": u.get("target"), "mode": u.get("mode"),
            "start": None if u.get("start") is None else float(u["start"]),
            "duration": None if u.get("duration") is None else float(u["duration"]),
            "rmeta": rmeta_of(u),
            "sections": js(u.get("sections")), "features": js(u.get("features")),
            "unblocked_units": js(u.get("unblocked_units")),
            "unblocked_rmeta_units": js(u.get("unblocked_rmeta_units")),
            "unit": unit_of(u.get("name"), u.get("target"), u.get("mode")), "file": path})
    return out


def c_rows(db, arg):
    cur = db.execute("SELECT %s FROM cargo_timings(?)" % ", ".join(COLS), (arg,))
    rows = []
    for r in cur.fetchall():
        d = dict(zip(COLS, r))
        for k in ("sections", "features", "unblocked_units", "unblocked_rmeta_units"):
            if d[k] is not None:
                d[k + "_text"] = d[k]
                d[k] = json.loads(d[k])
        rows.append(d)
    return rows


def compact_ok(text):
    """No whitespace outside strings: the text is written compact."""
    return re.sub(r'"(\\.|[^"\\])*"', '""', text).translate({32: None, 10: None, 9: None, 13: None}) == \
        re.sub(r'"(\\.|[^"\\])*"', '""', text)


def same_rows(got, want):
    for g, w in zip(got, want):
        for k in w:
            if g.get(k) != w[k] or (k == "i" and w[k] is not None and type(g[k]) is not int):
                return "%s: %r != %r" % (k, g.get(k), w[k])
    return None if len(got) == len(want) else "%d rows, want %d" % (len(got), len(want))


def check_page(db, label, path):
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    want = expected_rows(path, read_units(data))
    got = c_rows(db, path)
    diff = same_rows(got, want)
    check(diff is None, "%s: every row equals Python's reading (%d units)" % (label, len(want)), diff or "")
    texts = [g[k + "_text"] for g in got for k in ("sections", "features", "unblocked_units")
             if g.get(k + "_text") is not None]
    check(all(compact_ok(t) for t in texts), "%s: the JSON columns are compact" % label)
    types = db.execute("SELECT DISTINCT typeof(i), typeof(start), typeof(duration) FROM cargo_timings(?) "
                       "WHERE i IS NOT NULL AND start IS NOT NULL", (path,)).fetchall()
    check(all(t == ("integer", "real", "real") for t in types), "%s: i INTEGER, start and duration REAL" % label,
          repr(types))
    return got


def trace_units_by_files(folder):
    """The unit of each trace file of the build, from its path alone."""
    out = {}
    for root, _, names in os.walk(folder):
        for n in names:
            if not n.endswith(".llvm_timings.json.gz"):
                continue
            rel = os.path.relpath(os.path.join(root, n), folder).split(os.sep)
            stem = re.sub(r"-[0-9a-f]{16}$", "", n[:-len(".llvm_timings.json.gz")])
            if rel[0] == "deps":
                out[os.path.join(root, n)] = stem
            elif rel[0] == "build":
                out[os.path.join(root, n)] = re.sub(r"-[0-9a-f]{16}$", "", rel[1]) + "/" + stem
    return out


def real_build(db):
    pages = sorted(os.listdir(PAGES))
    stamped = [p for p in pages if p.startswith("cargo-timing-")]
    check(len(stamped) == 1 and "cargo-timing.html" in pages, "the build's page and its copy are shipped", repr(pages))
    rows = check_page(db, "real page", os.path.join(PAGES, stamped[0]))
    check_page(db, "real page (cargo-timing.html)", os.path.join(PAGES, "cargo-timing.html"))
    # the folder: the copy left out
    files = [r[0] for r in db.execute("SELECT DISTINCT file FROM cargo_timings(?)", (PAGES,))]
    check(files == [os.path.join(PAGES, stamped[0])], "a folder: cargo-timing.html left out beside the stamped page",
          repr(files))
    n = db.execute("SELECT count(*) FROM cargo_timings(?)", (BUILD,)).fetchone()[0]
    check(n == len(rows), "a folder with cargo-timings/ in it reads that", repr(n))
    n = db.execute("SELECT count(*) FROM cargo_timings(?)", (os.path.join(PAGES, "cargo-timing*.html"),)).fetchone()[0]
    check(n == len(rows), "a pattern: the copy left out too", repr(n))

    # units: each trace file of the build, one compiling unit of the page
    by_file = trace_units_by_files(BUILD)
    compiling = [r for r in rows if r["mode"] != "run-custom-build"]
    runs = [r for r in rows if r["mode"] == "run-custom-build"]
    check(len(by_file) == 8 and len(compiling) == 8 and len(runs) == 2,
          "the build: 8 traces, 8 compiling units, 2 build script runs", repr((len(by_file), len(compiling), len(runs))))
    for path, unit in sorted(by_file.items()):
        hits = [r for r in compiling if r["unit"] == unit]
        check(len(hits) == 1, "trace %s (unit %s) matches exactly one compiling unit" % (os.path.relpath(path, BUILD), unit),
              repr([h["name"] for h in hits]))
    for r in compiling:
        check(list(by_file.values()).count(r["unit"]) == 1,
              "compiling unit %s %r has exactly one trace" % (r["name"], r["target"]), r["unit"])
    for r in runs:
        check(r["unit"] == r["name"] + "/build_script_build (run)" and r["unit"] not in by_file.values(),
              "run of %s's build script: its own unit, no trace" % r["name"], r["unit"])
    tev = dict(db.execute("SELECT unit, count(*) FROM trace_events(?, 'recursive=1') GROUP BY unit", (BUILD,)))
    check(sorted(tev) == sorted(by_file.values()), "trace_events' units are the file names' units", repr(sorted(tev)))
    joined = dict(db.execute(
        "SELECT c.unit, count(e.name) FROM cargo_timings(?) c LEFT JOIN trace_events(?, 'recursive=1') e USING (unit) "
        "GROUP BY c.unit", (PAGES, BUILD)))
    want = {r["unit"]: tev.get(r["unit"], 0) for r in rows}
    check(joined == want, "JOIN USING (unit): each unit gets its trace's events, runs none", repr(joined))
    names = {r["name"] for r in rows}
    check(names == {"cfg-if", "itoa", "ryu", "scopeguard", "tally", "tally-cli"}, "the six packages", repr(names))


PAGE_HEAD = b"<html><head><title>Cargo Build Timings</title></head><body>\n<script>\nDURATION = 6;\nconst UNIT_DATA = "
PAGE_TAIL = b";\nconst CONCURRENCY_DATA = [];\nconst CPU_USAGE = [];\n</script></body></html>\n"


def page(tmp, name, units_bytes):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(PAGE_HEAD + units_bytes + PAGE_TAIL)
    return path


def expect_error(db, path, label, words=()):
    try:
        db.execute("SELECT * FROM cargo_timings(?)", (path,)).fetchall()
    except sqlite3.Error as e:
        msg = str(e)
        ok = msg.startswith("cargo_timings: " + path + ": ") and all(w in msg for w in words)
        check(ok, "%s: an error naming the file%s" % (label, " and " + ", ".join(words) if words else ""), msg)
        return msg
    check(False, "%s: an error" % label)
    return None


def synthetic(db, tmp):
    u = lambda **kw: kw  # noqa: E731
    units = [
        u(i=0, name="a-b", version="1.0.0", mode="todo", target="", features=["x"], start=0.5, duration=1,
          unblocked_units=[1], unblocked_rmeta_units=[], rmeta_time=0.25, sections=None),
        u(i=1, name="a-b", version="1.0.0", mode="todo", target=' bin "a-b-tool"', start=1, duration=2.5e0,
          unblocked_units=[], unblocked_rmeta_units=[], sections=[["frontend", {"start": 0, "end": 2}],
                                                                  ["codegen", {"start": 2, "end": 2.5}]]),
        u(i=2, name="c", version="0.1.0", mode="todo", target=' c-x "bin"', start=3, duration=0.1,
          unblocked_units=[], unblocked_rmeta_units=[], extra={"deep": [[[[{"k": [1, 2, {"z": None}]}]]]]}),
        u(i=3, name="c", version="0.1.0", mode="todo", target=" build script", start=3, duration=0.1,
          unblocked_units=[4], unblocked_rmeta_units=[]),
        u(i=4, name="c", version="0.1.0", mode="run-custom-build", target=" build script (run)", start=3,
          duration=0.1, unblocked_units=[], unblocked_rmeta_units=[]),
        u(i=5, name="n\u00e9\u4e2d\U0001F600\"\\/\b\f\n\r\t", version=None, mode="todo", target=' lib "x" (test)',
          start=123456789012345678901234567890, duration=-0.0, unblocked_units=[], unblocked_rmeta_units=[]),
        u(i=6, name="e", version="1", mode="todo", target="", start=1e308, duration=5e-324),
        u(i=-9223372036854775808, name="big", target=""),
    ]
    text = json.dumps(units, indent=2).encode()
    check_page(db, "synthetic page (escapes, old and new targets, huge and tiny numbers)", page(tmp, "s1.html", text))
    text = json.dumps(units, ensure_ascii=False, separators=(",", ":")).encode()
    check_page(db, "the same, compact and not ASCII-escaped", page(tmp, "s2.html", text))
    gz = os.path.join(tmp, "s3.html.gz")
    with open(gz, "wb") as f:
        f.write(gzip.compress(PAGE_HEAD + text + PAGE_TAIL))
    check_page(db, "the same, gzip", gz)
    want_units = ["a_b", "a_b_tool", "c_x", "c/build_script_build", "c/build_script_build (run)", "x", "e", "big"]
    got = [r[0] for r in db.execute("SELECT unit FROM cargo_timings(?)", (gz,))]
    check(got == want_units, "units of the synthetic targets (written out by hand)", repr(got))
    check(db.execute("SELECT count(*) FROM cargo_timings(?)", (page(tmp, "s4.html", b"[]"),)).fetchone()[0] == 0,
          "an empty UNIT_DATA: no rows")
    check(db.execute("SELECT count(*) FROM cargo_timings(?)", (page(tmp, "s5.html", b"[{}]"),)).fetchone()[0] == 1,
          "a unit with no keys: a row of NULLs")
    row = db.execute("SELECT * FROM cargo_timings(?)", (os.path.join(tmp, "s5.html"),)).fetchone()
    check(row[:13] == (None,) * 13, "its columns are NULL but file", repr(row))

    # folders and patterns
    d = os.path.join(tmp, "d")
    os.mkdir(d)
    for n in ("cargo-timing.html", "cargo-timing-20260101T000000Z-1.html", "cargo-timing-20260102T000000Z-2.html",
              "other.html"):
        page(d, n, b'[{"name":"%s"}]' % n.encode())
    got = [r[0] for r in db.execute("SELECT name FROM cargo_timings(?)", (d,))]
    check(got == ["cargo-timing-20260101T000000Z-1.html", "cargo-timing-20260102T000000Z-2.html"],
          "a folder: its stamped pages in order, the copy left out", repr(got))
    got = db.execute("SELECT count(*) FROM cargo_timings(?)", (os.path.join(d, "cargo-timing.html"),)).fetchone()[0]
    check(got == 1, "cargo-timing.html named on its own is read")
    got = db.execute("SELECT max(rowid >> 32), min(rowid & 4294967295) FROM cargo_timings(?)", (d,)).fetchone()
    check(got == (1, 1), "rowid: position in the page + page index << 32", repr(got))
    d2 = os.path.join(tmp, "only-copy")
    os.mkdir(d2)
    page(d2, "cargo-timing.html", b'[{"name":"x"}]')
    check(db.execute("SELECT name FROM cargo_timings(?)", (d2,)).fetchall() == [("x",)],
          "a folder with only cargo-timing.html: that one")
    e = os.path.join(tmp, "empty")
    os.mkdir(e)
    for arg, label, words in ((e, "a folder with no page", ("no cargo-timing",)),
                              (os.path.join(tmp, "nope.html"), "a missing file", ("cannot open",)),
                              (os.path.join(tmp, "nope*.html"), "a pattern that matches nothing", ("no file",))):
        try:
            db.execute("SELECT * FROM cargo_timings(?)", (arg,)).fetchall()
            check(False, label + ": an error")
        except sqlite3.Error as ex:
            check(str(ex).startswith("cargo_timings: " + arg + ": ") and all(w in str(ex) for w in words),
                  label + ": an error naming it", str(ex))
    for sql, label in (("SELECT * FROM cargo_timings", "no argument"), ("SELECT * FROM cargo_timings(NULL)", "NULL")):
        try:
            db.execute(sql).fetchall()
            check(False, label + ": an error")
        except sqlite3.Error as ex:
            check("a page, a directory or a pattern is needed" in str(ex), label + ": says what is needed", str(ex))
    # DIRECTONLY: not from a view of the schema
    db.execute("CREATE VIEW IF NOT EXISTS v_ct AS SELECT * FROM cargo_timings('%s')" % os.path.join(tmp, "s1.html"))
    try:
        db.execute("SELECT * FROM v_ct").fetchall()
        check(False, "DIRECTONLY: a view of the schema cannot read files")
    except sqlite3.Error as ex:
        check("unsafe use" in str(ex), "DIRECTONLY: a view of the schema cannot read files", str(ex))
    db.execute("DROP VIEW v_ct")


def hostile(db, tmp):
    cases = [
        (b"", "an empty UNIT_DATA value", ("UNIT_DATA is not an array",)),
        (b"{}", "UNIT_DATA not an array", ("not an array",)),
        (b"[1]", "a unit not an object", ("UNIT_DATA[0] is not an object",)),
        (b'[{"name": 5}]', "name a number", ('"name" is not a string',)),
        (b'[{"target": ["x"]}]', "target an array", ('"target" is not a string',)),
        (b'[{"start": "0.5"}]', "start a string", ('"start" is not a number',)),
        (b'[{"duration": true}]', "duration true", ('"duration" is not a number',)),
        (b'[{"sections": 3}]', "sections a number", ('"sections" is not an array',)),
        (b'[{"unblocked_units": {"a": 1}}]', "unblocked_units an object", ('"unblocked_units" is not an array',)),
        (b'[{"i": 1.5}]', "i not an integer", ('"i" is not an integer',)),
        (b'[{"i": 9223372036854775808}]', "i beyond 64 bits", ('"i" is not an integer',)),
        (b'[{"start": 1e999}]', "a number beyond a double", ("too large",)),
        (b'[{"start": -1e400}]', "a negative one", ("too large",)),
        (b'[{"start": ' + b"1" * 500 + b"}]", "a number of 500 digits", ("more than 400",)),
        (b'[{"start": 01}]', "a leading zero", ("leading zero",)),
        (b'[{"start": 1.}]', "no digit after the point", ("decimal point",)),
        (b'[{"start": NaN}]', "NaN", ('"start" is not a number',)),
        (b'[{"name": "\xff"}]', "invalid UTF-8", ("invalid UTF-8",)),
        (b'[{"name": "\xc0\x80"}]', "an overlong form", ("invalid UTF-8",)),
        (b'[{"name": "\xed\xa0\x80"}]', "an encoded surrogate", ("invalid UTF-8",)),
        (b'[{"name": "\\ud800"}]', "a lone surrogate escape", ("lone surrogate",)),
        (b'[{"name": "\\udc00\\ud800"}]', "surrogates the wrong way", ("lone surrogate",)),
        (b'[{"name": "\\x"}]', "an invalid escape", ("invalid escape",)),
        (b'[{"name": "a\nb"}]', "a raw newline in a string", ("control character",)),
        (b'[{"junk": ' + b"[" * 100 + b"]" * 100 + b"}]", "junk nested 100 deep", ("nested more than 64",)),
        (b"[" * 100000, "100,000 open brackets", ("UNIT_DATA[0] is not an object",)),
        (b'[{"junk": ' + b'{"a":' * 100000, "100,000 open objects", ("nested more than 64",)),
        (b'[{"name": "x"} {"name": "y"}]', "a missing comma", ("expected ',' or ']'",)),
        (b'[{"name" "x"}]', "a missing colon", ("expected ':'",)),
        (b'[{"name": "x",}]', "a trailing comma", ("expected a string",)),
        (b'[{name: "x"}]', "an unquoted key", ("expected a string",)),
    ]
    for i, (body, label, words) in enumerate(cases):
        path = page(tmp, "h%02d.html" % i, body)
        msg = expect_error(db, path, label, words)
        if msg is not None:
            check(re.search(r": byte \d+: ", msg) is not None, label + ": the message gives the byte", msg)
    # a page that is no timings page at all
    path = os.path.join(tmp, "plain.html")
    with open(path, "wb") as f:
        f.write(b"<html><body>UNIT_DATA == 3; no data</body></html>")
    expect_error(db, path, "a page without UNIT_DATA =", ("not a cargo timings page",))
    # accepted oddities: a deep junk key, nested 60 deep, is skipped
    ok = page(tmp, "deep.html", b'[{"junk": ' + b"[" * 60 + b"]" * 60 + b', "name": "x"}]')
    check(db.execute("SELECT name FROM cargo_timings(?)", (ok,)).fetchall() == [("x",)],
          "junk nested 61 deep (below the limit) is skipped")
    # duplicate keys: the last one, as Python's json
    dup = page(tmp, "dup.html", b'[{"name": "x", "name": "y", "sections": [], "sections": null}]')
    check(db.execute("SELECT name, sections FROM cargo_timings(?)", (dup,)).fetchall() == [("y", None)],
          "a key given twice: the last value, as Python's json")


def cut_and_damaged(db, tmp):
    with open(os.path.join(PAGES, "cargo-timing.html"), "rb") as f:
        data = f.read()
    start = data.index(b"UNIT_DATA")
    end = data.index(b"const CONCURRENCY_DATA")
    rng = random.Random(22)
    places = sorted(set([start + 5, start + 12, start + 13, end - 3, end - 2] +
                        [rng.randrange(start, end) for _ in range(40 if ASAN else 120)]))
    bad = 0
    for k, at in enumerate(places):
        path = os.path.join(tmp, "cut%03d.html" % k)
        with open(path, "wb") as f:
            f.write(data[:at])
        try:
            read_units(data[:at])
            py_ok = True
        except ValueError:
            py_ok = False
        try:
            db.execute("SELECT * FROM cargo_timings(?)", (path,)).fetchall()
            c_ok = True
            msg = ""
        except sqlite3.Error as e:
            c_ok = False
            msg = str(e)
        if py_ok != c_ok or (not c_ok and not msg.startswith("cargo_timings: " + path + ": ")):
            bad += 1
            print("cut at %d: python %s, C %s %s" % (at, py_ok, c_ok, msg))
    check(bad == 0, "a page cut at %d places in UNIT_DATA: an error naming the file exactly where Python's json fails" % len(places))
    bad = 0
    n = 100 if ASAN else 400
    for k in range(n):
        b = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            b[rng.randrange(start, end)] = rng.choice(b'{}[],:"\\0123456789e.-tfnu \xff\xc3x')
        path = os.path.join(tmp, "dmg%03d.html" % (k % 20))
        with open(path, "wb") as f:
            f.write(bytes(b))
        try:
            got = c_rows(db, path)
        except sqlite3.Error as e:
            if not str(e).startswith("cargo_timings: " + path + ": "):
                bad += 1
                print("damage %d: %s" % (k, e))
            continue
        try:
            want = expected_rows(path, read_units(bytes(b)))
            diff = same_rows(got, want)
        except Exception as e:   # the C reader accepted what Python's json refuses
            diff = "python: %s" % e
        if diff:
            bad += 1
            print("damage %d: %s" % (k, diff))
    check(bad == 0, "%d randomly damaged pages: an error naming the file, or Python's rows" % n)


def main():
    db = connect()
    real_build(db)
    with tempfile.TemporaryDirectory(prefix="tt-cargo-") as tmp:
        synthetic(db, tmp)
        hostile(db, tmp)
        cut_and_damaged(db, tmp)
    return report()


if __name__ == "__main__":
    sys.exit(main())
