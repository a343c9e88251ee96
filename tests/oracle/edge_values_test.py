#!/usr/bin/python3
"""edge_values_test.py: values and ends of traces that were once wrong.

Each case is checked against Python's json (or, for a pushed-down filter,
against SQLite evaluating the same comparison itself):
  - texts as functions read them (length, hex, LIKE, instr, substr) at
    every length around the 512 bytes under which a text is handed to
    SQLite NUL-terminated, with NULs at the ends and inside, in a scan and
    in lookups;
  - empty strings are '' (TEXT), never NULL: in a scan that reads only
    empty fields, in every rowid lookup, in the first event of every piece
    of a parallel scan (threads=2,piece=16), and in WHERE cat = '';
  - a pushed-down text filter (name = ?, ph = ?, cat = ?, name IN (...))
    keeps exactly the rows SQLite's own comparison keeps: "name":false is
    the INTEGER 0, which the column's TEXT affinity compares as '0'
    (name IS '0', which is never pushed down, says so);
  - a file cut inside a token (after a backslash, inside \\u, a number
    without its digit, a literal) is "unexpected end of input inside
    event N (truncated trace?)", in the three formats, with both lexers,
    and with partial=1 the rows before it are Python's complete events;
  - statements an ordinary table answers, found by a differential fuzzer
    (every statement run on the table and on a copy in a table), in
    Python's SQLite and in Node's newer one: a true in a text column is
    the TEXT '1' (as an INTEGER, an IN list of 1 and '1' gave rows twice,
    and name = 1.0 held in 3.53 only); the options column is the argument
    as given (SQLite 3.53 checks it again in an OR plan, and the options
    as read back dropped every row).
Prints "N passed, M failed".
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

from checks import DATA, EXT, bytes_read, check, connect, report


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def error_of(db, sql, params):
    """The error message sql gives, or "no error"."""
    try:
        db.execute(sql, params).fetchall()
        return "no error"
    except sqlite3.Error as e:
        return str(e)


def sql_text(v):
    """The text a TEXT column's value compares as (None: NULL)."""
    if v is None:
        return None
    if v is True:
        return "1"
    if v is False:
        return "0"
    if isinstance(v, str):
        return v
    return json.dumps(v, separators=(",", ":"))


def empty_strings(db, tmp):
    events = [{"ph": "X", "cat": "", "name": "", "ts": k, "dur": 1, "pid": 1, "tid": 1,
               "args": {"detail": ""}} if k % 3 else {"ph": "", "name": "a%d" % k, "cat": "c"}
              for k in range(200)]
    path = write(os.path.join(tmp, "empty.json"), json.dumps(events, separators=(",", ":")))
    want = [(e.get("ph"), e.get("cat"), e.get("name"), e.get("args", {}).get("detail")) for e in events]
    for opts in ("threads=1", "threads=2,piece=16", "threads=2,piece=64"):
        got = db.execute("SELECT ph, cat, name, detail FROM trace_events(?, ?) ORDER BY rowid",
                         (path, opts)).fetchall()
        check(got == want, "empty strings are '' in a scan (%s)" % opts,
              "(first difference: %r)" % (next(((a, b) for a, b in zip(got, want) if a != b), None),))
        got = db.execute("SELECT cat FROM trace_events(?, ?) ORDER BY rowid", (path, opts)).fetchall()
        check(got == [(w[1],) for w in want], "... reading only cat (%s)" % opts)
    bad = []
    for k in range(1, len(events) + 1, 7):
        got = db.execute("SELECT ph, cat, name, detail FROM trace_events(?) WHERE rowid = ?", (path, k)).fetchall()
        if got != [want[k - 1]]:
            bad.append((k, got, want[k - 1]))
    check(not bad, "empty strings are '' in rowid lookups", repr(bad[:3]))
    n = db.execute("SELECT count(*) FROM trace_events(?) WHERE cat = ''", (path,)).fetchone()[0]
    check(n == sum(1 for e in events if e.get("cat") == ""), "WHERE cat = '' counts them", "(%d)" % n)
    # one event, only empty strings: the reader never stored a byte
    one = write(os.path.join(tmp, "one.json"), '[{"ph":"","cat":""}]')
    got = db.execute("SELECT quote(ph), quote(cat), quote(name) FROM trace_events(?)", (one,)).fetchall()
    check(got == [("''", "''", "NULL")], "an event of empty strings alone", repr(got))


def text_functions(db, tmp):
    """Texts as functions and clients read them, at the edges of the copy
    that hands SQLite before 3.45 a NUL-terminated text (under 512 bytes,
    no NUL inside): every length around 512, a NUL at the start, inside
    and at the end, multi-byte characters, the empty string, in a scan
    (one thread and pieces) and in rowid lookups.  The values against
    Python's json (the text and its bytes); what SQLite's functions make
    of them (length and LIKE stop at a NUL) against the same functions
    over a copy of the rows in an ordinary table."""
    names = ["", "a", "\u00e9\u4e2d\U0001F600", "x\u0000", "\u0000y", "p\u0000q" * 3]
    for n in (255, 510, 511, 512, 513, 600):
        names.append(("n%d" % n).ljust(n, "z"))
        names.append(("n%d" % n).ljust(n - 2, "z") + "\u00e9")          # n bytes, one of 2 bytes
        names.append("\u0000" + ("m%d" % n).ljust(n - 1, "z"))
    events = [{"ph": "X", "name": nm, "ts": k, "dur": 1, "pid": 1, "tid": 1, "cat": nm[:3],
               "args": {"detail": nm[::-1]}} for k, nm in enumerate(names)]
    path = write(os.path.join(tmp, "texts.json"), json.dumps({"traceEvents": events}))
    funcs = ("name, hex(name), length(name), name LIKE '%z%', instr(name, 'z'), substr(name, 2, 3), "
             "substr(name, -3), detail, hex(detail), length(detail), cat, upper(cat)")
    db.execute("DROP TABLE IF EXISTS temp.texts")
    db.execute("CREATE TEMP TABLE texts AS SELECT rowid AS id, name, detail, cat FROM trace_events(?)", (path,))
    stored = db.execute("SELECT name, hex(name), detail, cat FROM temp.texts ORDER BY id").fetchall()
    check(stored == [(nm, nm.encode().hex().upper(), nm[::-1], nm[:3]) for nm in names],
          "texts with NULs, multi-byte characters and every length around 512 are Python's")
    wants = db.execute("SELECT %s FROM temp.texts ORDER BY id" % funcs).fetchall()
    for opts in ("threads=1", "threads=2,piece=64"):
        got = db.execute("SELECT %s FROM trace_events(?, ?) ORDER BY rowid" % funcs, (path, opts)).fetchall()
        check(got == wants, "SQLite's functions read them as they read a table's (%s)" % opts,
              "(first difference: %r)" % (next(((a, b) for a, b in zip(got, wants) if a != b), None),))
    bad = []
    for k in range(1, len(names) + 1):
        got = db.execute("SELECT %s FROM trace_events(?) WHERE rowid = ?" % funcs, (path, k)).fetchall()
        if got != [wants[k - 1]]:
            bad.append((k, got, wants[k - 1]))
    check(not bad, "... and in rowid lookups", repr(bad[:2]))
    db.execute("DROP TABLE temp.texts")


def text_pushdown(db, tmp):
    values = [False, True, 0, 1, "0", "1", "", "1.5", 1.5, None, {"a": 1}, [1, 2], "true", "false"]
    events = []
    for v in values:
        events.append({"ph": "X", "name": v, "cat": v, "ts": 1, "dur": 1, "pid": 1, "tid": 1})
        events.append({"ph": v, "name": "n", "ts": 1, "pid": 1, "tid": 1})
    path = write(os.path.join(tmp, "kinds.json"), json.dumps(events, separators=(",", ":")))
    for col in ("name", "cat", "ph"):
        for probe in ("0", "1", "", "1.5", '{"a":1}', "[1,2]", "true", "false"):
            pushed = db.execute("SELECT rowid FROM trace_events(?) WHERE %s = ? ORDER BY rowid" % col,
                                (path, probe)).fetchall()
            sqlite_alone = db.execute("SELECT rowid FROM trace_events(?) WHERE %s IS ? ORDER BY rowid" % col,
                                      (path, probe)).fetchall()
            python = [(i + 1,) for i, e in enumerate(events) if sql_text(e.get(col)) == probe]
            check(pushed == sqlite_alone == python, "%s = %r: pushed down, SQLite alone, Python" % (col, probe),
                  "(%r, %r, %r)" % (pushed, sqlite_alone, python))
    plan = " ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN SELECT rowid FROM trace_events(?) WHERE name = ?",
                                             (path, "0")))
    check("INDEX" in plan, "name = ? is pushed down (the plan has an index number)", plan)
    got = db.execute("SELECT rowid FROM trace_events(?) WHERE name IN ('0', '1.5') ORDER BY rowid", (path,)).fetchall()
    want = [(i + 1,) for i, e in enumerate(events) if sql_text(e.get("name")) in ("0", "1.5")]
    check(got == want, "name IN ('0', '1.5')", "(%r, want %r)" % (got, want))


CUTS = ['"b\\', '"\\u', '"\\u12', '"\\ud83d', '"\\ud83d\\ude0', '"\xc3', "1.", "1e", "1e+", "-", "-0.", "t", "tr",
        "tru", "f", "fals", "n", "nul"]


def truncated(db, tmp):
    head = [{"ph": "X", "name": "a", "ts": 1, "dur": 2, "pid": 1, "tid": 1},
            {"ph": "X", "name": "b\\c", "ts": 4, "dur": 1, "pid": 1, "tid": 1}]
    body = ",".join(json.dumps(e, separators=(",", ":")) for e in head)
    for fmt in ("array", "object", "lines"):
        for cut in CUTS:
            if fmt == "array":
                text = "[" + body + ',{"ph":"X","dur":' + cut
            elif fmt == "object":
                text = '{"traceEvents":[' + body + ',{"ph":"X","dur":' + cut
            else:
                text = "\n".join(json.dumps(e, separators=(",", ":")) for e in head) + '\n{"ph":"X","dur":' + cut
            try:
                json.loads(text)
                whole = True
            except ValueError:
                whole = False
            path = os.path.join(tmp, "cut.json")
            with open(path, "wb") as f:
                f.write(text.encode("utf-8", "surrogateescape") if "\xc3" not in cut
                        else text.replace("\xc3", "").encode() + b"\xc3")
            msgs = [error_of(db, "SELECT count(*) FROM trace_events(?, ?)", (path, opts))
                    for opts in ("threads=1", "threads=1,lexer=yajl", "threads=2,piece=16")]
            ok = all("unexpected end of input inside event 3 (truncated trace?)" in m for m in msgs)
            check(not whole and ok, "%s cut after %r: truncated inside event 3" % (fmt, cut), repr(msgs))
            got = db.execute("SELECT name, ts, dur FROM trace_events(?, 'partial=1')", (path,)).fetchall()
            check(got == [(e["name"], e["ts"], e["dur"]) for e in head],
                  "%s cut after %r: partial=1 gives the complete events" % (fmt, cut), repr(got))
    # a cut inside an element of the array that is not an object
    path = write(os.path.join(tmp, "cut2.json"), '[{"ph":"X"},tru')
    msg = error_of(db, "SELECT count(*) FROM trace_events(?)", (path,))
    check("unexpected end of input inside event 2 (truncated trace?)" in msg,
          "a cut element that is not an object is truncated too", msg)
    # a token that is wrong, not cut, keeps yajl's message
    path = write(os.path.join(tmp, "bad.json"), '[{"ph":"X","dur":1.x}]')
    msg = error_of(db, "SELECT count(*) FROM trace_events(?)", (path,))
    check("invalid JSON" in msg and "truncated" not in msg, "1.x is invalid JSON, not a cut", msg)


def threads(db, tmp):
    """A thread is (pid, tid) as SQL values (tree_rules.sql_value_key): B, X
    and E on tid 1, 1.0, 1e0 and true nest and match; 0 and -0 match;
    a missing tid and null match; "1" and 1 do not.  A B without ts keeps
    its thread out of end order.  Against tree_rules.py's brute force."""
    import tree_rules
    cases = {
        "1, 1.0, 1e0": '[{"ph":"B","pid":1,"tid":1,"ts":0,"name":"b"},{"ph":"X","pid":1,"tid":1.0,"ts":1,'
                       '"dur":1,"name":"x"},{"ph":"X","pid":1,"tid":true,"ts":2,"dur":1,"name":"y"},'
                       '{"ph":"E","pid":1,"tid":1e0,"ts":5}]',
        "0 and -0": '[{"ph":"B","pid":2,"tid":0,"ts":0,"name":"b"},{"ph":"E","pid":2,"tid":-0,"ts":5}]',
        "absent and null": '[{"ph":"B","pid":2,"ts":0,"name":"b"},{"ph":"E","pid":2,"tid":null,"ts":5}]',
        "\"1\" and 1": '[{"ph":"B","pid":2,"tid":"1","ts":0,"name":"b"},{"ph":"E","pid":2,"tid":1,"ts":5}]',
        "2^63 and 9.223372036854775808e18": '[{"ph":"B","pid":3,"tid":9223372036854775808,"ts":0,"name":"b"},'
                                            '{"ph":"E","pid":3,"tid":9.223372036854775808e18,"ts":5}]',
        "B without ts": '[{"ph":"X","pid":1,"tid":1,"ts":5,"dur":1,"name":"C"},{"ph":"X","pid":1,"tid":1,'
                        '"ts":5,"dur":1,"name":"P"},{"ph":"B","pid":1,"tid":1,"name":"nots"}]',
    }
    for label, text in cases.items():
        path = write(os.path.join(tmp, "threads.json"), text)
        events = json.loads(text)
        tree, _, bdur, unmatched, _ = tree_rules.tree(events, brute=True)
        want = []
        for i, e in enumerate(events, 1):
            t = tree.get(i)
            want.append((i, t[0] if t else None, t[1] if t else None,
                         bdur.get(i) if e.get("ph") == "B" and i not in unmatched else e.get("dur"),
                         1 if i in unmatched else None))
        got = db.execute("SELECT rowid, depth, parent, dur, extra ->> 'unmatched' FROM trace_events(?)",
                         (path,)).fetchall()
        check(got == want, "threads: %s, as tree_rules.py" % label, "(%r, want %r)" % (got, want))


def thread_key_is_sqlites(db, tmp):
    """tree_rules.sql_value_key restates the rule the tree implements, so it
    is checked here against SQLite itself: events grouped by that key are
    the groups SQLite's sorter makes of GROUP BY +pid, +tid (its own
    equality of the columns' values), over pid and tid values of every kind."""
    import itertools
    import random
    import tree_rules
    kinds = [1, 1.0, 1e0, True, False, 0, -0.0, "1", None, "absent", 2**63, 9.223372036854775808e18,
             2**63 - 1, -2**63, [1], {"a": 1}, "[1]", "x", 1.5]
    rng = random.Random(7)
    events = []
    for pid, tid in itertools.product(kinds[:6] + ["absent"], kinds):
        for _ in range(rng.randint(1, 2)):
            e = {"ph": "X", "name": "n", "ts": 0, "dur": 1}
            if pid != "absent":
                e["pid"] = pid
            if tid != "absent":
                e["tid"] = tid
            events.append(e)
    rng.shuffle(events)
    path = write(os.path.join(tmp, "kinds-threads.json"), json.dumps(events))
    python = {}
    for i, e in enumerate(events, 1):
        key = (tree_rules.sql_value_key(e.get("pid")), tree_rules.sql_value_key(e.get("tid")))
        python.setdefault(key, []).append(i)
    sqlite_groups = db.execute("SELECT group_concat(rowid) FROM (SELECT rowid, pid, tid FROM trace_events(?) "
                               "ORDER BY rowid) GROUP BY +pid, +tid", (path,)).fetchall()
    got = sorted(sorted(int(x) for x in g[0].split(",")) for g in sqlite_groups)
    want = sorted(python.values())
    check(got == want, "tree_rules' thread key groups %d events as SQLite's GROUP BY +pid, +tid does (%d groups)"
          % (len(events), len(want)), "(%d groups, SQLite %d)" % (len(want), len(got)))


def gzip_padding(db, tmp):
    """A gzip file padded with zero bytes (to a block: tar, some writers)
    reads as Python's gzip reads it; other bytes after the last member are
    an error (Python's gzip refuses them too)."""
    import gzip
    events = [{"ph": "X", "name": "e%d" % k, "ts": k, "dur": 1, "pid": 1, "tid": 1} for k in range(50)]
    data = gzip.compress(json.dumps(events).encode())
    for n in (1, 100, 100000):
        path = os.path.join(tmp, "pad.json.gz")
        with open(path, "wb") as f:
            f.write(data + b"\0" * n + (data + b"\0" * n if n == 100 else b""))
        with open(path, "rb") as f:
            text = gzip.decompress(f.read())
        want = [(e["name"], e["ts"]) for e in json.loads(text)] if n != 100 else None
        try:
            got = db.execute("SELECT name, ts FROM trace_events(?)", (path,)).fetchall()
        except sqlite3.Error as e:
            got = str(e)
        if n == 100:
            # zeros between two members: Python's gzip reads both members,
            # and so two traces one after the other: not one trace
            check(isinstance(got, str) and "after the end of the trace" in got,
                  "gzip: two members with zeros between them are read as one stream", repr(got)[:200])
        else:
            check(got == want, "gzip padded with %d zero bytes: Python's gzip and json" % n, repr(got)[:200])
    path = os.path.join(tmp, "garbage.json.gz")
    with open(path, "wb") as f:
        f.write(data + b"\0\0xyz")
    try:
        gzip.decompress(open(path, "rb").read())
        py_ok = True
    except (OSError, EOFError):
        py_ok = False
    msg = error_of(db, "SELECT count(*) FROM trace_events(?)", (path,))
    check(not py_ok and "gzip: corrupt compressed data" in msg, "gzip: bytes after the padding are an error", msg)


def nesting(db, tmp):
    """JSON nesting: 1000 levels in one event (its own object the first),
    in each format; 1001 is an error (it was 999 in the array format and
    998 in the object format: the limit counted from the file's top)."""
    for fmt in ("lines", "array", "object"):
        for levels in (1000, 1001):
            ev = '{"ph":"X","name":"a","args":' + "[" * (levels - 1) + "]" * (levels - 1) + "}"
            text = {"lines": ev + "\n", "array": "[" + ev + "]", "object": '{"traceEvents":[' + ev + "]}"}[fmt]
            path = write(os.path.join(tmp, "deep.json"), text)
            try:
                got = db.execute("SELECT count(*) FROM trace_events(?)", (path,)).fetchone()[0]
            except sqlite3.Error as e:
                got = str(e)
            if levels == 1000:
                check(got == 1, "%s: an event of 1000 levels is read" % fmt, repr(got))
            else:
                check("nesting deeper than 1000 levels" in str(got), "%s: 1001 levels are an error" % fmt, repr(got))


def typed_table(db, path, name):
    """A temp table with trace_events' declared column types holding the
    events of path as Python's json reads them (True is bound as 1); its
    rowid is the event's position.  Returns its name."""
    db.execute("DROP TABLE IF EXISTS temp.%s" % name)
    db.execute("CREATE TEMP TABLE %s(pid INTEGER, tid INTEGER, ph TEXT, name TEXT, cat TEXT, "
               "ts NUMERIC, dur NUMERIC)" % name)
    with open(path) as f:
        for ev in json.load(f):
            db.execute("INSERT INTO temp.%s VALUES (?, ?, ?, ?, ?, ?, ?)" % name,
                       [ev.get(k) for k in ("pid", "tid", "ph", "name", "cat", "ts", "dur")])
    return "temp." + name


def as_int(rows):
    """rows with the text of integers as ints (Node's rows come as JSON
    text, the wanted ones from Python)."""
    return [[int(v) if isinstance(v, str) and v.lstrip("-").isdigit() else v for v in r] for r in rows]


def in_node(cases):
    """Run the statements of cases ((sql, want) pairs) in Node's
    better-sqlite3 (tests/oracle/group_node.mjs): its SQLite version and,
    per case, (sql, want, rows with integers as ints, plan), or None when
    Node is not here or failed (checked)."""
    if not shutil.which("node") or not os.path.isdir("examples/node_modules/better-sqlite3"):
        print("skipped: Node checks (no node or better-sqlite3 in examples/node_modules)")
        return None
    out = subprocess.run(["node", "tests/oracle/group_node.mjs", EXT, json.dumps([c[0] for c in cases]), "{}"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    check(out.returncode == 0, "Node ran the statements", out.stderr[-500:])
    if out.returncode:
        return None
    res = json.loads(out.stdout)
    return res["version"], [(sql, want, as_int(st["rows"]), st["plan"])
                            for (sql, want), st in zip(cases, res["statements"])]


def as_a_table(db, tmp):
    """The fuzzer's findings, in both SQLites: each statement's rows as an
    ordinary table with the columns' types gives them (written out here)."""
    f1 = write(os.path.join(tmp, "or.json"), '[{"ph":"X","name":"a","pid":1,"tid":1,"ts":1,"dur":1},'
               '{"ph":"M","name":"thread_name","pid":1,"tid":1,"args":{"name":"main"}}]')
    f2 = write(os.path.join(tmp, "in.json"), '[{"ph":"X","name":"a","cat":true,"ts":1,"dur":1},'
               '{"ph":"X","name":"b","cat":"1","ts":2,"dur":1},{"ph":"X","name":"c","cat":"c","ts":3,"dur":1}]')
    f3 = write(os.path.join(tmp, "ph.json"), '[{"ph":true,"name":"a","ts":1},{"ph":"1","name":"b","ts":2}]')
    f4 = write(os.path.join(tmp, "true.json"), '[{"ph":"X","name":true,"ts":1,"dur":1}]')
    cases = []
    for o in ("lexer=yajl", "piece=64", "since=2020-01-01", "threads=1", "threads=2,piece=16"):
        cases.append(("SELECT rowid, name FROM trace_events('%s', '%s') WHERE name = 'a' OR ph = 'M' ORDER BY 1"
                      % (f1, o), [[1, "a"], [2, "thread_name"]]))
        cases.append(("SELECT rowid, name FROM trace_events('%s', '%s') WHERE name = 'a' OR rowid = 2 ORDER BY 1"
                      % (f1, o), [[1, "a"], [2, "thread_name"]]))
        cases.append(("SELECT DISTINCT options FROM trace_events('%s', '%s')" % (f1, o), [[o]]))
    cases.append(("SELECT DISTINCT options FROM trace_events('%s')" % f1, [[None]]))
    cases.append(("SELECT rowid, cat FROM trace_events('%s') WHERE cat IN (SELECT cat FROM trace_events('%s')) "
                  "ORDER BY 1" % (f2, f2), [[1, "1"], [2, "1"], [3, "c"]]))
    cases.append(("SELECT count(*) FROM trace_events('%s') WHERE ph IN (SELECT ph FROM trace_events('%s'))"
                  % (f3, f3), [[2]]))
    cases.append(("SELECT typeof(name), name = 1.0, name IS 1.0, name = '1', name = 1, count(*) OVER () "
                  "FROM trace_events('%s')" % f4, [["text", 0, 0, 1, 1, 1]]))
    cases.append(("SELECT name, count(*) FROM trace_events('%s') GROUP BY name ORDER BY 1" % f2,
                  [["a", 1], ["b", 1], ["c", 1]]))
    cases.append(("SELECT cat, count(*) FROM trace_events('%s') GROUP BY cat ORDER BY 1" % f2, [["1", 2], ["c", 1]]))
    # The last five wants are what SQLite itself makes of Python's json
    # values in a table with the columns' declared types (its affinity
    # decides, not this file): checked first.
    for sql, want in cases[-5:]:
        on_table = sql
        for i, f in enumerate((f2, f3, f4)):
            on_table = on_table.replace("trace_events('%s')" % f, typed_table(db, f, "typed%d" % i))
        got = [list(r) for r in db.execute(on_table).fetchall()]
        check(got == want, "a table with the declared types gives the want: %s" % on_table, repr(got))
    for sql, want in cases:
        got = [list(r) for r in db.execute(sql).fetchall()]
        check(got == want, "SQLite %s: %s" % (sqlite3.sqlite_version, sql.replace(tmp, "T")), repr(got))
    node = in_node(cases)
    if node is None:
        return
    version, runs = node
    for sql, want, got, _ in runs:
        check(got == as_int(want), "Node, SQLite %s: %s" % (version, sql.replace(tmp, "T")), repr(got))


def in_lists_read_once(db, tmp):
    """An IN list (or an OR of one column's values) on ph, cat, pid or tid
    reads the input once: it was one xFilter per value, each reading the
    file again, and standard input failed at the second ("already read by
    an earlier scan") after giving the first value's rows (found by a
    differential fuzzer, 538 statements)."""
    path = write(os.path.join(tmp, "in.json"), '[{"ph":"X","name":"a","cat":"c1","pid":1,"tid":1,"ts":0,"dur":5},'
                 '{"ph":"X","name":"b","cat":"c2","pid":1,"tid":2,"ts":1,"dur":1},'
                 '{"ph":"i","name":"c","cat":"c3","pid":2,"tid":1,"ts":2}]')
    stmts = ["SELECT rowid, name FROM trace_events(%s) WHERE cat IN ('c1', 'c2') ORDER BY 1",
             "SELECT rowid, name FROM trace_events(%s) WHERE ph IN ('X', 'B') ORDER BY 1",
             "SELECT rowid, name FROM trace_events(%s) WHERE cat = 'c1' OR cat = 'c3' ORDER BY 1",
             "SELECT rowid, name FROM trace_events(%s) WHERE tid IN (1, 2) AND pid IN (1, 3) ORDER BY 1",
             "SELECT count(*) FROM trace_events(%s) WHERE cat IN (SELECT 'c2' UNION SELECT 'c3')"]
    for sql in stmts:
        want = "\n".join("|".join(map(str, r)) for r in db.execute(sql % "?", (path,)).fetchall())
        with open(path, "rb") as f:
            p = subprocess.run(["sqlite3", "-batch", ":memory:", ".load " + EXT, sql % "'-'"],
                               stdin=f, capture_output=True, text=True)
        check(p.stdout.strip() == want and p.stderr == "" and want != "",
              "standard input: %s" % (sql % "'-'"), repr((p.stdout, p.stderr[-300:])))
    big = os.path.join(DATA, "tiny-v0.json")
    size = os.path.getsize(big)
    for sql in ("SELECT count(*) FROM trace_events(?) WHERE ph IN ('X', 'B', 'E', 'i')",
                "SELECT count(*) FROM trace_events(?) WHERE tid IN (1, 2, 3, 4, 5)"):
        r0 = bytes_read()
        db.execute(sql, (big,)).fetchall()
        n = bytes_read() - r0
        check(n < 1.5 * size, "%s: the file read once (%.2f times its size)" % (sql, n / size))


def ors_and_joins_read_once(db, tmp):
    """An OR of two columns' filters, and a join of a short list to the
    trace on name, read the trace once.  A filtered scan was priced as
    cheaper than the whole read it is (the filters only drop rows the
    reader has parsed): SQLite 3.53 answered an OR of two columns with one
    scan per branch (MULTI-INDEX OR) and put the trace in the inner loop of
    such a join, read once per outer row."""
    path = write(os.path.join(tmp, "or2.json"), '[{"ph":"X","name":"a","cat":"c1","pid":1,"tid":1,"ts":0,"dur":5},'
                 '{"ph":"X","name":"b","cat":"c2","pid":1,"tid":2,"ts":1,"dur":1},'
                 '{"ph":"M","name":"thread_name","pid":2,"tid":1,"args":{"name":"t"}},'
                 '{"ph":"i","name":"c","cat":"c3","pid":2,"tid":2,"ts":2}]')
    table = typed_table(db, path, "or2")
    stmts = ["SELECT rowid, name FROM %s WHERE ph = 'M' OR cat = 'c1' ORDER BY 1",
             "SELECT rowid, name FROM %s WHERE name = 'b' OR ph = 'M' ORDER BY 1",
             "SELECT rowid, name FROM %s WHERE (pid = 2 OR tid = 2) AND ts >= 1 ORDER BY 1",
             "SELECT rowid, name FROM %s WHERE cat = 'c3' OR pid = 1 OR name = 'x' ORDER BY 1",
             "SELECT t.rowid, t.name FROM (SELECT 'a' AS n UNION ALL SELECT 'c') o "
             "JOIN %s t ON t.name = o.n ORDER BY 1"]
    cases = []
    for sql in stmts:
        want = [list(r) for r in db.execute(sql % table).fetchall()]
        check(len(want) >= 2, "the table gives rows: %s" % (sql % table), repr(want))
        cases.append((sql % ("trace_events('%s')" % path), want))
    for sql, want in cases:
        plan = " | ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql))
        got = [list(r) for r in db.execute(sql).fetchall()]
        check(got == want and "MULTI-INDEX" not in plan, "SQLite %s: %s" % (sqlite3.sqlite_version, sql.replace(tmp, "T")),
              repr((got, plan)))
    node = in_node(cases)
    if node is None:
        return
    version, runs = node
    for sql, want, got, plan in runs:
        # one scan of the trace: no branch per OR term, and no name= probe
        # of the trace in a join's inner loop
        once = "MULTI-INDEX" not in plan and " name=" not in plan
        check(got == want and once, "Node, SQLite %s, the trace read once: %s" % (version, sql.replace(tmp, "T")),
              repr((got, plan)))


def main():
    tmp = tempfile.mkdtemp(prefix="tt-edge-")
    try:
        db = connect()
        empty_strings(db, tmp)
        text_functions(db, tmp)
        text_pushdown(db, tmp)
        truncated(db, tmp)
        threads(db, tmp)
        thread_key_is_sqlites(db, tmp)
        gzip_padding(db, tmp)
        nesting(db, tmp)
        as_a_table(db, tmp)
        in_lists_read_once(db, tmp)
        ors_and_joins_read_once(db, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return report()


if __name__ == "__main__":
    sys.exit(main())
