#!/usr/bin/python3
"""trace_oracle.py: trace_events against Python's json module, row by row.

For every real trace in the test data (rustc v0 and legacy, in object,
array and JSON Lines form, and clang), Python's json module reads the file
and says what every row must be: pid, tid, ph, name, cat, ts, dur, detail,
args (compared as parsed JSON), id and extra (every other key).  The
extension, loaded into Python's sqlite3, must return exactly those rows in
file order, with rowid = position.  Aggregates (count, counts by ph and by
name, sum(dur)) are checked through separate queries, since they take other
paths in the extension (colUsed, pushdown).  Gzip and standard input are
checked on the same data.  Prints "N passed, M failed".
"""
import gzip
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter

EXT = os.environ.get("TT_EXT", "build/timetrace")
DATA = os.environ.get("TT_DATA", "build/testdata")
KNOWN = ["pid", "tid", "ph", "name", "cat", "ts", "dur", "args", "id"]
TRACES = ["tiny-v0.json", "tiny-v0.jsonl", "tiny-v0.array.json", "tiny-legacy.json",
          "clang-json_catalog.json", "clang-fmt_report.json", "clang-meta_tasks.json",
          "clang-wordfreq.json", "clang19-meta_tasks.json", "clang19-json_catalog.json"]
# clang19-*: clang 19 writes each header as an async b/e pair ("Source"):
# their rows get dur from pairing as B/E rows do

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, connect, report  # noqa: E402
import tree_rules  # noqa: E402


def load_events(path):
    """The events of a trace file, as Python's json sees them."""
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    stripped = text.lstrip()
    if stripped.startswith("["):
        return json.loads(text)
    if stripped.startswith("{"):
        try:
            doc = json.loads(text)
            if isinstance(doc, dict) and "traceEvents" in doc:
                return doc["traceEvents"]
        except json.JSONDecodeError:
            pass
        return [json.loads(line) for line in text.split("\n") if line.strip()]
    raise ValueError("not a trace: " + path)


def scalar(v, numeric):
    """The SQL value the extension promises for a JSON value."""
    if v is None:
        return None
    if isinstance(v, bool):
        return 1 if v else 0
    if isinstance(v, (dict, list)):
        return ("json", v)
    if isinstance(v, (int, float)) and not numeric:
        return ("number-text", v)
    return v


def expected_row(ev):
    args = ev.get("args")
    detail = args.get("detail") if isinstance(args, dict) else None
    extra = {k: v for k, v in ev.items() if k not in KNOWN}
    return (
        scalar(ev.get("pid"), True), scalar(ev.get("tid"), True),
        scalar(ev.get("ph"), False), scalar(ev.get("name"), False), scalar(ev.get("cat"), False),
        scalar(ev.get("ts"), True), scalar(ev.get("dur"), True),
        scalar(detail, False),
        None if args is None else ("json", args),
        scalar(ev.get("id"), False),
        ("json", extra) if extra else None,
    )


def actual_row(row):
    """Bring a SQL row to the form of expected_row (parse the JSON columns)."""
    out = list(row)
    for i in (8, 10):
        if out[i] is not None:
            out[i] = ("json", json.loads(out[i]))
    return tuple(out)


def compare_rows(db, path, events):
    rows = db.execute("SELECT rowid, pid, tid, ph, name, cat, ts, dur, detail, args, id, extra "
                      "FROM trace_events(?)", (path,)).fetchall()
    # the same rows, in the same order, whatever the number of threads
    # (small pieces, so that the files are really cut, and cut everywhere),
    # and with the reader's fast path off (yajl lexes every byte)
    for opt in ("threads=1", "threads=2", "threads=3,piece=65536", "threads=2,piece=4099",
                "threads=1,lexer=yajl", "threads=2,piece=4099,lexer=yajl"):
        other = db.execute("SELECT rowid, pid, tid, ph, name, cat, ts, dur, detail, args, id, extra "
                           "FROM trace_events(?, ?)", (path, opt)).fetchall()
        check(other == rows, "%s: %s gives the same rows" % (path, opt))
    check(len(rows) == len(events), "%s: %d rows, json has %d events" % (path, len(rows), len(events)))
    bad = 0
    # a B or b row has the time to its E or e as its dur: the pairing is the
    # tree oracle's (tree_rules.py, checked against the producer's order)
    _, _, bdur, unmatched = tree_rules.slices_of(events)
    for i, (row, ev) in enumerate(zip(rows, events)):
        want = expected_row(ev)
        if i + 1 in bdur and "dur" not in ev:
            want = want[:6] + (bdur[i + 1],) + want[7:]
        if i + 1 in unmatched:
            extra = dict(want[10][1]) if want[10] else {}
            extra["unmatched"] = True
            want = want[:10] + (("json", extra),)
        got = actual_row(row[1:])
        # numbers in text columns: the extension gives their JSON text
        want = tuple(str(w[1]) if isinstance(w, tuple) and w[0] == "number-text" else w for w in want)
        if row[0] != i + 1 or got != want:
            bad += 1
            if bad <= 3:
                print("  row %d: got %r\n          want %r" % (i + 1, (row[0],) + got, (i + 1,) + want))
    check(bad == 0, "%s: %d rows differ from Python's json" % (path, bad))


def compare_aggregates(db, path, events):
    n, total = db.execute("SELECT count(*), sum(dur) FROM trace_events(?)", (path,)).fetchone()
    check(n == len(events), "%s: count(*) %d vs %d" % (path, n, len(events)))
    bdur = tree_rules.slices_of(events)[2]
    want_sum = sum(e["dur"] for e in events if "dur" in e) + \
        sum(d for r, d in bdur.items() if "dur" not in events[r - 1])
    check(total == want_sum, "%s: sum(dur) %r vs %r" % (path, total, want_sum))
    by_ph = dict(db.execute("SELECT ph, count(*) FROM trace_events(?) GROUP BY ph", (path,)).fetchall())
    check(by_ph == dict(Counter(e.get("ph") for e in events)), "%s: counts by ph" % path)
    by_name = dict(db.execute("SELECT name, count(*) FROM trace_events(?) GROUP BY name", (path,)).fetchall())
    check(by_name == dict(Counter(e.get("name") for e in events)), "%s: counts by name" % path)
    details = [r[0] for r in db.execute("SELECT detail FROM trace_events(?)", (path,))]
    want_details = [e["args"].get("detail") if isinstance(e.get("args"), dict) else None for e in events]
    check(details == want_details, "%s: every detail string in order" % path)
    # pushed-down filters give the same rows as filtering in Python
    for name in ("OptFunction", "Total OptFunction", "RunPass", "Source", "thread_name"):
        got = [r[0] for r in db.execute("SELECT rowid FROM trace_events(?) WHERE name = ?", (path, name))]
        want = [i + 1 for i, e in enumerate(events) if e.get("name") == name]
        check(got == want, "%s: WHERE name = %r" % (path, name))
    got = [r[0] for r in db.execute("SELECT rowid FROM trace_events(?) WHERE name IN ('OptModule', 'InstCombinePass')"
                                    " AND ph = 'X'", (path,))]
    want = [i + 1 for i, e in enumerate(events) if e.get("name") in ("OptModule", "InstCombinePass") and e.get("ph") == "X"]
    check(got == want, "%s: WHERE name IN (...) AND ph = 'X'" % path)
    tids = sorted({e["tid"] for e in events if "tid" in e})
    for tid in tids[:3]:
        got = db.execute("SELECT count(*) FROM trace_events(?) WHERE tid = ? AND pid = ?",
                         (path, tid, events[0]["pid"])).fetchone()[0]
        want = sum(1 for e in events if e.get("tid") == tid and e.get("pid") == events[0]["pid"])
        check(got == want, "%s: WHERE tid = %d" % (path, tid))


def main():
    db = connect()
    for name in TRACES:
        path = os.path.join(DATA, name)
        events = load_events(path)
        compare_rows(db, path, events)
        compare_aggregates(db, path, events)

    # gzip (made here with Python's gzip module) and standard input
    src = os.path.join(DATA, "tiny-v0.json")
    events = load_events(src)
    with tempfile.TemporaryDirectory() as tmp:
        gz = os.path.join(tmp, "tiny.json.gz")
        with open(src, "rb") as f, gzip.open(gz, "wb") as g:
            g.write(f.read())
        compare_rows(db, gz, events)
        # two gzip members one after the other are one stream
        gz2 = os.path.join(tmp, "two.jsonl.gz")
        with open(gz2, "wb") as g:
            g.write(gzip.compress(b'{"ph":"X","dur":1}\n'))
            g.write(gzip.compress(b'{"ph":"X","dur":2}\n'))
        check(db.execute("SELECT count(*), sum(dur) FROM trace_events(?)", (gz2,)).fetchone() == (2, 3),
              "two gzip members")
        # a truncated gzip file is an error, after the rows before the cut
        cut = os.path.join(tmp, "cut.json.gz")
        with open(gz, "rb") as f:
            data = f.read()
        with open(cut, "wb") as f:
            f.write(data[: len(data) // 2])
        try:
            db.execute("SELECT count(*) FROM trace_events(?)", (cut,)).fetchone()
            check(False, "truncated gzip gives no error")
        except sqlite3.OperationalError as e:
            check("gzip: compressed data ends early" in str(e) and cut in str(e), "truncated gzip: " + str(e))
        ext = EXT if EXT.endswith(".so") else EXT + ".so"
        env = dict(os.environ)
        env.pop("ASAN_OPTIONS", None) if env.get("TT_ASAN") != "1" else None
        with open(src, "rb") as f:
            out = subprocess.run(["sqlite3", "-batch", ":memory:", ".load " + EXT,
                                  "SELECT count(*), sum(dur) FROM trace_events('-')"],
                                 stdin=f, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        want = "%d|%d" % (len(events), sum(e.get("dur", 0) for e in events))
        check(out.stdout.decode().strip() == want and os.path.exists(ext),
              "standard input: %r %r" % (out.stdout, out.stderr))
    return report()


if __name__ == "__main__":
    sys.exit(main())
