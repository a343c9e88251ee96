#!/usr/bin/python3
"""partial_test.py: the option partial=1 on traces cut short, against
Python's json module.

A build killed midway leaves its trace cut at some byte.  tiny-v0 (a real
rustc trace) is cut every 97th byte of its first 12 KB, at chosen places
(inside the "traceEvents" key, right after "[", in a string, in a number,
just after an event's "}", just after its ",") and deep into the file;
its JSON Lines form too, and gzip files of cuts and cuts of a gzip file.
For each cut, Python reads the prefix on its own (raw_decode of each
event object of the event list, from the start) and says which events are
complete; then:

  - trace_events(cut, 'partial=1') gives exactly those events, in order,
    rowid = position, with pid, tid, ph, name, ts, dur and args as Python
    reads them; with one reader (threads=1) and with the parallel scan cut
    into 64-byte pieces (threads=2,piece=64);
  - by default the same statement gives those rows and then fails: LIMIT N
    succeeds, the whole statement fails;
  - trace_metadata(cut, 'partial=1') has the row key='partial' whose value
    (JSON) is the text the default's error gives after the file name;
  - depth, parent, self_dur and stack are what tree_rules.py (the oracle of
    the tree rules, from the raw JSON) computes from the complete events:
    from the tree alone and with a second scan.

Also: a byte made invalid in the middle (invalid UTF-8, invalid JSON)
ends the file at the event it is in; a glob over a complete file and a cut
one gives all of the first and the complete events of the second, and
trace_metadata names only the cut one; errors that are not about the
file's bytes stay errors.  Prints "N passed, M failed".
"""
import gzip
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import DATA, check, connect, report  # noqa: E402
import tree_rules  # noqa: E402

OPTIONS = ("threads=1", "threads=2,piece=64")
# Files of megabytes: pieces of 64 KB (64 bytes would make tens of thousands)
DEEP_OPTIONS = ("threads=1", "threads=2,piece=65536")
COLS = "rowid, pid, tid, ph, name, ts, dur, args"
TREE_COLS = "rowid, depth, parent, self_dur, stack"
_decoder = json.JSONDecoder()


def skip_space(t, i):
    while i < len(t) and t[i] in " \t\r\n":
        i += 1
    return i


def complete_events(prefix, lines=False):
    """The events whose whole object is in prefix (bytes of a trace in the
    object format, or JSON Lines), by Python's json alone, and whether the
    prefix is a whole trace: JSON Lines cut between two events is (nothing
    tells that more was to come), the object format cut anywhere is not."""
    t = prefix.decode("utf-8", "ignore")     # a cut character is in no complete event
    i = skip_space(t, 0)
    if not lines:
        # {"traceEvents":[  with any whitespace: else no event is complete
        if not t.startswith("{", i):
            return [], False
        i = skip_space(t, i + 1)
        try:
            key, i = _decoder.raw_decode(t, i)
        except json.JSONDecodeError:
            return [], False
        i = skip_space(t, i)
        if key != "traceEvents" or not t.startswith(":", i):
            return [], False
        i = skip_space(t, i + 1)
        if not t.startswith("[", i):
            return [], False
        i += 1
    out = []
    while True:
        i = skip_space(t, i)
        if lines and i == len(t) and out:
            return out, True
        try:
            ev, i = _decoder.raw_decode(t, i)
        except json.JSONDecodeError:
            return out, False
        out.append(ev)
        i = skip_space(t, i)
        if not lines:
            if not t.startswith(",", i):
                return out, False
            i += 1


def expected_rows(events):
    """The rows COLS must give for events (B rows: dur is the time to the E)."""
    bdur = tree_rules.slices_of(events)[2]
    out = []
    for i, e in enumerate(events, 1):
        dur = bdur.get(i) if e.get("ph") == "B" else e.get("dur")
        out.append((i, e.get("pid"), e.get("tid"), e.get("ph"), e.get("name"), e.get("ts"), dur,
                    e.get("args")))
    return out


def query(db, sql, args):
    """The rows of sql, or the error as a string (a failed check, not a crash)."""
    try:
        return db.execute(sql, args).fetchall()
    except sqlite3.Error as e:
        return "error: %s" % e


def rows_of(db, path, opt):
    rows = query(db, "SELECT %s FROM trace_events(?, ?)" % COLS, (path, opt + ",partial=1"))
    if isinstance(rows, str):
        return rows
    return [r[:7] + ((json.loads(r[7]) if r[7] is not None else None),) for r in rows]


def default_error(db, path, opt, n):
    """Run the default (no partial) statement: its message after the file
    name when it fails after exactly n rows (LIMIT n succeeds), else None."""
    try:
        got = db.execute("SELECT count(*) FROM (SELECT rowid FROM trace_events(?, ?) LIMIT ?)",
                         (path, opt, n)).fetchone()[0]
    except sqlite3.Error:
        return None
    if got != n:
        return None
    try:
        db.execute("SELECT count(*) FROM trace_events(?, ?)", (path, opt)).fetchone()
    except sqlite3.Error as e:
        head = "trace_events: %s: " % path
        return str(e)[len(head):] if str(e).startswith(head) else None
    return None


def stop_row(db, path, opt):
    """trace_metadata's partial rows: [(value ->> '$', file)]."""
    return query(db, "SELECT value ->> '$', file FROM trace_metadata(?, ?) WHERE key = 'partial'",
                 (path, opt + ",partial=1"))


def tree_rows(events, brute):
    want = tree_rules.tree(events, brute=brute)[0]
    return sorted((r, d, p, s, st) for r, (d, p, s, st) in want.items())


def check_tree(db, label, path, events, opt, brute=True):
    """depth, parent, self_dur, stack against tree_rules.py on the complete
    events: from the tree alone (rowid and the tree's columns only) and
    with a second scan (name read too)."""
    want = tree_rows(events, brute)
    alone = query(db, "SELECT %s FROM trace_events(?, ?) WHERE depth IS NOT NULL" % TREE_COLS,
                  (path, opt + ",partial=1"))
    scan = query(db, "SELECT %s, name FROM trace_events(?, ?) WHERE depth IS NOT NULL" % TREE_COLS,
                 (path, opt + ",partial=1"))
    if isinstance(scan, list):
        scan = [r[:5] for r in scan]
    check(alone == want, "%s %s: the tree alone is tree_rules' on the complete events" % (label, opt),
          first_difference(alone, want))
    check(scan == want, "%s %s: the tree with a second scan" % (label, opt), first_difference(scan, want))


def first_difference(got, want):
    if isinstance(got, str):
        return got
    for k, (g, w) in enumerate(zip(got, want)):
        if g != w:
            return "row %d: got %r want %r" % (k, g, w)
    return "%d rows, want %d" % (len(got), len(want))


def check_cut(db, label, path, prefix, lines=False, tree=False, brute=True, source_error=None,
              options=OPTIONS):
    """Every check of one cut file; prefix: the bytes the reader sees."""
    events, whole = complete_events(prefix, lines)
    want = expected_rows(events)
    messages = set()
    for opt in options:
        got = rows_of(db, path, opt)
        check(got == want, "%s %s: partial=1 gives the %d complete events" % (label, opt, len(want)),
              first_difference(got, want))
        if whole:
            # JSON Lines cut between two lines: a whole trace, no error
            n = query(db, "SELECT count(*) FROM trace_events(?, ?)", (path, opt))
            check(n == [(len(want),)] and stop_row(db, path, opt) == [],
                  "%s %s: whole lines: no error, no partial row" % (label, opt))
            continue
        msg = default_error(db, path, opt, len(want))
        check(msg is not None, "%s %s: the default gives those %d rows, then fails" % (label, opt, len(want)))
        messages.add(msg)
        check(stop_row(db, path, opt) == [(msg, path)],
              "%s %s: trace_metadata's partial row is the default's error" % (label, opt),
              "%r vs %r" % (stop_row(db, path, opt), msg))
        if tree:
            check_tree(db, label, path, events, opt, brute)
    check(len(messages) <= 1, "%s: one message whatever the threads" % label, repr(messages))
    if source_error is not None:
        check(all(m is not None and m.startswith(source_error) for m in messages),
              "%s: stopped by %r" % (label, source_error), repr(messages))


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


def cut_points(data):
    """Where to cut: every 97th byte of the first 12 KB, and chosen places."""
    points = set(range(0, 12 * 1024, 97))
    points.update((1, 3, 9, 15, 16))                   # in {"traceEvents", just after "["
    first_end = data.index(b"},", 16)
    points.update((first_end + 1, first_end + 2))      # after an event's "}", after its ","
    name_at = data.index(b'"name":"', 16) + 10
    points.add(name_at)                                # in a string
    ts_at = data.index(b'"ts":', 16) + 7
    points.add(ts_at)                                  # in a number
    return sorted(points)


def deep_cuts(data):
    n = len(data)
    return [n // 2 + 13, n - 40]


def test_object(db, tmp, data):
    points = cut_points(data)
    for k, c in enumerate(points):
        path = write(os.path.join(tmp, "cut.json"), data[:c])
        check_cut(db, "tiny-v0.json[:%d]" % c, path, data[:c], tree=(k % 4 == 0))
    for c in deep_cuts(data):
        path = write(os.path.join(tmp, "deep.json"), data[:c])
        check_cut(db, "tiny-v0.json[:%d]" % c, path, data[:c], tree=True, brute=False, options=DEEP_OPTIONS)


def test_lines(db, tmp, data):
    points = sorted(set(range(0, 6 * 1024, 97)) | {data.index(b"}\n") + 1, data.index(b"}\n") + 2})
    for k, c in enumerate(points):
        path = write(os.path.join(tmp, "cut.jsonl"), data[:c])
        check_cut(db, "tiny-v0.jsonl[:%d]" % c, path, data[:c], lines=True, tree=(k % 4 == 0))
    c = len(data) // 2 + 7
    path = write(os.path.join(tmp, "deep.jsonl"), data[:c])
    check_cut(db, "tiny-v0.jsonl[:%d]" % c, path, data[:c], lines=True, tree=True, brute=False,
              options=DEEP_OPTIONS)


def test_gzip(db, tmp, data):
    # a gzip file of a cut: the reader stops where the JSON does
    for c in cut_points(data)[::5]:
        path = write(os.path.join(tmp, "cut.json.gz"), gzip.compress(data[:c]))
        check_cut(db, "gzip(tiny-v0.json[:%d])" % c, path, data[:c])
    # a cut of a gzip file: the stream stops, after what it inflated so far
    whole = gzip.compress(data)
    for c in (100, 4000, 30000, len(whole) - 9):
        inflated = zlib.decompressobj(wbits=31).decompress(whole[:c])
        path = write(os.path.join(tmp, "gzcut.json.gz"), whole[:c])
        check_cut(db, "tiny-v0.json.gz[:%d]" % c, path, inflated,
                  source_error="gzip: compressed data ends early")


def test_damaged(db, tmp, data):
    """A byte made invalid in the middle ends the file at the event it is in."""
    for at, byte, why in ((5000, b"\xff", "invalid UTF-8 in string"), (9001, b"\x01", "")):
        # put the bad byte inside a string value, so that it is an error there
        i = data.index(b'"name":"', at) + 9
        bad = data[:i] + byte + data[i + 1:]
        path = write(os.path.join(tmp, "damaged.json"), bad)
        label = "tiny-v0.json with %r at %d" % (byte, i)
        check_cut(db, label, path, data[:i], tree=True)
        if why:
            stop = stop_row(db, path, "threads=1")
            check(isinstance(stop, list) and len(stop) == 1 and stop[0][0].endswith(why), "%s: %s" % (label, why))
    i = data.index(b'":', 7000) + 1
    path = write(os.path.join(tmp, "damaged.json"), data[:i] + b";" + data[i + 1:])
    check_cut(db, "tiny-v0.json with ';' for ':' at %d" % i, path, data[:i], tree=True)


def test_glob(db, tmp, data):
    """A folder of a complete file and a cut one: a.json whole, then b.json's
    complete events; trace_metadata names only b.json."""
    folder = os.path.join(tmp, "dir")
    os.mkdir(folder)
    whole = data[:data.index(b"},", 20000) + 1] + b"]}"
    a = write(os.path.join(folder, "a.json"), whole)
    b = write(os.path.join(folder, "b.json"), data[:7777])
    want_a = expected_rows(complete_events(whole)[0])
    want_b = expected_rows(complete_events(data[:7777])[0])
    for opt in OPTIONS:
        for arg in (folder, os.path.join(folder, "*.json")):
            rows = query(db, "SELECT rowid >> 32, rowid & 0xffffffff, file FROM trace_events(?, ?)",
                         (arg, opt + ",partial=1"))
            want = [(0, r[0], a) for r in want_a] + [(1, r[0], b) for r in want_b]
            check(rows == want, "glob %s %s: all of a.json (%d), then b.json's complete events (%d)"
                  % (arg, opt, len(want_a), len(want_b)), first_difference(rows, want))
            meta = query(db, "SELECT file FROM trace_metadata(?, ?) WHERE key = 'partial'",
                         (arg, opt + ",partial=1"))
            check(meta == [(b,)], "glob %s %s: trace_metadata names b.json alone" % (arg, opt), repr(meta))
            try:
                db.execute("SELECT count(*) FROM trace_events(?, ?)", (arg, opt)).fetchone()
                check(False, "glob %s %s: the default fails" % (arg, opt))
            except sqlite3.Error as e:
                check(str(e).startswith("trace_events: %s: byte 7777: " % b), "glob: the default names b.json", str(e))


def test_still_errors(db, tmp):
    """partial=1 ends a file on what its bytes hold, nothing else."""
    for sql, args, want in (
            ("SELECT count(*) FROM trace_events(?, 'partial=1')", (os.path.join(tmp, "missing.json"),),
             "cannot open: No such file or directory"),
            ("SELECT count(*) FROM trace_events(?, 'partial=2')", (os.path.join(tmp, "cut.json"),),
             "option partial=2: must be 0 or 1"),
            ("SELECT count(*) FROM trace_metadata(?, 'partial=')", (os.path.join(tmp, "cut.json"),),
             "option partial=: must be 0 or 1")):
        try:
            db.execute(sql, args).fetchone()
            check(False, "%s: an error" % sql)
        except sqlite3.Error as e:
            check(str(e).endswith(want), "%s: %s" % (sql, want), str(e))


def main():
    db = connect()
    tmp = tempfile.mkdtemp(prefix="tt-partial-")
    try:
        with open(os.path.join(DATA, "tiny-v0.json"), "rb") as f:
            data = f.read()
        with open(os.path.join(DATA, "tiny-v0.jsonl"), "rb") as f:
            lines = f.read()
        test_object(db, tmp, data)
        test_lines(db, tmp, lines)
        test_gzip(db, tmp, data)
        test_damaged(db, tmp, data)
        test_glob(db, tmp, data)
        test_still_errors(db, tmp)
    finally:
        shutil.rmtree(tmp)
    return report()


if __name__ == "__main__":
    sys.exit(main())
