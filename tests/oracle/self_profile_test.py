#!/usr/bin/python3
"""self_profile_test.py: the self_profile and self_profile_metadata tables
and sql/self-profile-summarize.sql, against outside evidence.

- Rows: every event of the four shipped profiles (versions 9 and 8) as
  mm_reader.py (an independent reader written from measureme's
  documentation) reads it: rowid, kind, label, args, thread, start, end,
  duration, value; and the metadata rows.
- The call tree: depth, parent, self_ns, stack and nested_same_name of
  every interval against measureme's own rule, written again here from
  analyzeme's analysis.rs: events taken in reverse file order, a stack per
  thread, an event's parent the innermost event on the stack that contains
  it, self time its duration minus its direct children's.
- sql/self-profile-folded.sql against measureme's stack_collapse output
  of the same profiles (tests/data/measureme-stack-collapse-*.folded),
  line for line; flamegraph() of the stacks.
- sql/self-profile-summarize.sql against the tables measureme's own
  `summarize summarize` printed for the three version-9 profiles
  (tests/data/measureme-summarize-*.txt): every row, every column it shows,
  the total time and the artifact sizes, as text.
- duration_text() against Rust's Duration debug text of 4,039 values
  (tests/data/rust-duration-debug.tsv, printed by rustc's std).
- Arguments: a folder, recursive=1, a glob, a gzip copy (the same rows),
  and errors that name the file and the reason (no file, not a profile, a
  cut profile, an unknown option, no argument, a folder without profiles).
Prints "N passed, M failed" last.
"""
import gzip
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import DATA, check, connect, report  # noqa: E402
import mm_reader  # noqa: E402
from sql_clients_test import statements  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROFILES = ["selfprofile-small", "selfprofile-args-threads2", "selfprofile-incr", "selfprofile-incr-v8"]
ASAN = os.environ.get("TT_ASAN") == "1"


def path_of(name):
    return os.path.join(DATA, name + ".mm_profdata")


def oracle_rows(events):
    """The table's columns of every event as mm_reader reads it."""
    out = []
    for e in events:
        args = None if e["args"] is None else "[" + ",".join(
            '"%s"' % a.replace("\\", "\\\\").replace('"', '\\"') for a in e["args"]) + "]"
        start = e.get("start")
        end = e.get("end")
        out.append((e["seq"], e["kind"], e["label"], args, e["thread"], start, end,
                    None if end is None else end - start, e.get("value")))
    return out


def measureme_tree(events):
    """rowid -> (depth, parent rowid or None, self ns, stack, nested) by
    measureme's rule (analysis.rs), for every interval."""
    stacks, tree, kids = {}, {}, {}
    for e in reversed(events):
        if e["type"] != "interval":
            continue
        stack = stacks.setdefault(e["thread"], [])
        while stack and not (stack[-1]["start"] <= e["start"] and e["end"] <= stack[-1]["end"]):
            stack.pop()
        parent = stack[-1] if stack else None
        dur = e["end"] - e["start"]
        if parent is not None:
            kids[parent["seq"]] = kids.get(parent["seq"], 0) + dur
        labels = [s["label"] for s in stack]
        tree[e["seq"]] = [len(stack), parent["seq"] if parent else None, dur,
                          ";".join(labels + [e["label"]]), int(e["label"] in labels)]
        stack.append(e)
    for seq, k in kids.items():
        tree[seq][2] -= k
    return {k: tuple(v) for k, v in tree.items()}


def test_rows(db):
    for name in PROFILES:
        events = list(mm_reader.read(path_of(name)))
        got = db.execute("SELECT rowid, kind, label, args, thread_id, start_ns, end_ns, dur_ns, value "
                         "FROM self_profile(?)", (path_of(name),)).fetchall()
        want = oracle_rows(events)
        bad = [(g, w) for g, w in zip(got, want) if g != w]
        check(len(got) == len(want) and not bad, "%s: %d rows as mm_reader reads them" % (name, len(want)),
              "(%d rows; first difference %r)" % (len(got), bad[:1]))
        # threads=N (the strings resolved on N threads): the same rows, in the same order
        for opt in ("threads=1", "threads=4"):
            got_n = db.execute("SELECT rowid, kind, label, args, thread_id, start_ns, end_ns, dur_ns, value "
                               "FROM self_profile(?, ?)", (path_of(name), opt)).fetchall()
            check(got_n == got, "%s: %s gives the same rows" % (name, opt))
            got_n = db.execute("SELECT rowid, label, args FROM self_profile(?, ?) WHERE kind = 'Query'",
                               (path_of(name), opt)).fetchall()
            want_n = [(r[0], r[2], r[3]) for r in want if r[1] == "Query"]
            check(got_n == want_n, "%s: %s, kind = 'Query' pushed down: %d rows" % (name, opt, len(want_n)))
            got_n = db.execute("SELECT rowid, depth, stack FROM self_profile(?, ?) WHERE depth IS NOT NULL",
                               (path_of(name), opt)).fetchall()
            got_1 = db.execute("SELECT rowid, depth, stack FROM self_profile(?) WHERE depth IS NOT NULL",
                               (path_of(name),)).fetchall()
            check(got_n == got_1, "%s: %s, the same call tree and stacks" % (name, opt))
        tree = measureme_tree(events)
        got = db.execute("SELECT rowid, depth, parent, self_ns, stack, nested_same_name FROM self_profile(?) "
                         "WHERE depth IS NOT NULL", (path_of(name),)).fetchall()
        got = {r[0]: tuple(r[1:]) for r in got}
        bad = [(k, got.get(k), v) for k, v in tree.items() if got.get(k) != v]
        check(len(got) == len(tree) and not bad, "%s: the call tree of %d intervals by measureme's rule" %
              (name, len(tree)), "(%d slices; first difference %r)" % (len(got), bad[:1]))
        n = db.execute("SELECT count(*) FROM self_profile(?) WHERE dur_ns IS NULL AND depth IS NOT NULL",
                       (path_of(name),)).fetchone()[0]
        check(n == 0, "%s: instants and integers have no place in the tree" % name)
        # the tree alone, the tree with one column, the rows alone: the same
        one = db.execute("SELECT sum(self_ns), max(depth) FROM self_profile(?)", (path_of(name),)).fetchone()
        check(one == (sum(v[2] for v in tree.values()), max(v[0] for v in tree.values())),
              "%s: sum(self_ns), max(depth) alone" % name)
        meta = mm_reader.read(path_of(name))._metadata()
        rows = dict(db.execute("SELECT key, value FROM self_profile_metadata(?)", (path_of(name),)).fetchall())
        want = {"version": str(8 if name.endswith("v8") else 9), "start_time": str(meta["start_time"]),
                "process_id": str(meta["pid"])}
        check(all(rows.get(k) == v for k, v in want.items()), "%s: metadata version, start, pid" % name,
              "(%r)" % rows)
        check(db.execute("SELECT ? ->> '$'", (rows.get("cmd"),)).fetchone()[0] == meta["cmd"],
              "%s: metadata cmd, a JSON string" % name)
        check(json.loads(rows.get("counter", "null")) == meta["counter"], "%s: metadata counter" % name)
        unit = db.execute("SELECT DISTINCT unit FROM self_profile(?)", (path_of(name),)).fetchall()
        check(unit == [(name,)], "%s: a plain rustc's unit is the file's name" % name, "(%r)" % unit)


def test_pushdown(db):
    """kind = 'text' is passed to the reader (other kinds skipped before
    their strings are read); statements without strings skip the string
    pages: the same rows as the whole scan filtered in Python."""
    for name in ("selfprofile-args-threads2", "selfprofile-incr-v8"):
        events = list(mm_reader.read(path_of(name)))
        for kind in ("ArtifactSize", "Query", "QueryCacheHit", "NoSuchKind"):
            want = [(e["seq"], e["label"]) for e in events if e["kind"] == kind]
            got = db.execute("SELECT rowid, label FROM self_profile(?) WHERE kind = ?", (path_of(name), kind)).fetchall()
            check(got == want, "%s: kind = '%s' gives its %d events, rowids as in the file" % (name, kind, len(want)),
                  "(%d rows)" % len(got))
        got = db.execute("SELECT count(*) FROM self_profile(?) WHERE kind = 'artifactsize' COLLATE NOCASE",
                         (path_of(name),)).fetchone()[0]
        check(got == sum(e["kind"] == "ArtifactSize" for e in events), "%s: kind = ... COLLATE NOCASE" % name)
        got = db.execute("SELECT count(*) FROM self_profile(?) WHERE kind = 5 OR kind = x'5175657279'",
                         (path_of(name),)).fetchone()[0]
        check(got == 0, "%s: kind compared with a number or a blob: SQLite's rules (no row)" % name)
        got = db.execute("SELECT count(*), sum(dur_ns), min(start_ns), max(end_ns), sum(value), "
                         "count(DISTINCT thread_id) FROM self_profile(?)", (path_of(name),)).fetchone()
        ivals = [e for e in events if e["type"] == "interval"]
        want = (len(events), sum(e["end"] - e["start"] for e in ivals),
                min(e["start"] for e in events if "start" in e), max(e["end"] for e in ivals),
                sum(e.get("value") or 0 for e in events) or None, len(set(e["thread"] for e in events)))
        check(got == want, "%s: a scan without strings (the string pages skipped)" % name, "(%r, want %r)" % (got, want))


def table_of(text):
    """measureme's prettytable: the header cells and the rows' cells of
    each table, and the "Total cpu time" line."""
    tables, cur, total = [], None, None
    for line in text.split("\n"):
        if line.startswith("+"):
            continue
        if line.startswith("Total cpu time: "):
            total = line[len("Total cpu time: "):]
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if cur is None or (cells[0] == "Item" and cur["rows"]):
                cur = {"head": cells, "rows": []}
                tables.append(cur)
            elif cells[0] == "Item":
                cur["head"] = cells
            else:
                cells[0] = re.sub(r" \.*$", "", cells[0])         # the padding of Item
                cur["rows"].append(cells)
    return tables, total


def run_sql_file(path, params):
    """[(column names, rows)] of each statement of a sql/ file."""
    db = connect()
    results = []
    for sql in statements(open(path, encoding="utf-8").read()):
        cur = db.execute(sql, params)
        results.append(([d[0] for d in cur.description], cur.fetchall()))
    return results


def test_summarize():
    for name in PROFILES[:3]:
        with open(os.path.join(DATA, "measureme-summarize-%s.txt" % name), encoding="utf-8") as f:
            tables, total = table_of(f.read())
        main, sizes = tables[0], tables[1]
        res = run_sql_file(os.path.join(ROOT, "sql", "self-profile-summarize.sql"),
                           {"profile": path_of(name), "limit": -1})
        head, rows = res[0]
        ours = {r[0]: dict(zip(head, [str(v) for v in r])) for r in rows}
        bad = []
        for cells in main["rows"]:
            mine = ours.get(cells[0])
            theirs = dict(zip(main["head"], cells))
            if mine is None or any(mine.get(k) != v for k, v in theirs.items()):
                bad.append((theirs, mine))
        check(not bad and len(ours) == len(main["rows"]),
              "%s: summarize.sql gives measureme's %d rows, every column it shows (%s)" %
              (name, len(main["rows"]), ", ".join(main["head"][1:])),
              "(%d rows; first difference %r)" % (len(ours), bad[:1]))
        order = [r[0] for r in rows]
        selfs = [ours[k]["Self time"] for k in order]
        check([c[1] for c in main["rows"]] == selfs, "%s: rows in measureme's order of self time" % name)
        check(res[1][1][0][0] == total, "%s: Total cpu time %s" % (name, total), "(%r)" % (res[1][1],))
        check([list(map(str, r)) for r in res[2][1]] == sizes["rows"],
              "%s: the %d artifact sizes" % (name, len(sizes["rows"])), "(%r)" % (res[2][1][:2],))


def test_diff():
    with open(os.path.join(DATA, "measureme-diff-small-incr.txt"), encoding="utf-8") as f:
        tables, total = table_of(f.read())
    main, sizes = tables[0], tables[1]
    res = run_sql_file(os.path.join(ROOT, "sql", "self-profile-diff.sql"),
                       {"before": path_of("selfprofile-small"), "after": path_of("selfprofile-incr"), "limit": -1})
    head, rows = res[0]
    check(head == main["head"], "diff.sql: measureme's columns", "(%r)" % head)
    ours = {r[0]: [str(v) for v in r] for r in rows}
    bad = [(c, ours.get(c[0])) for c in main["rows"] if ours.get(c[0]) != c]
    check(not bad and len(ours) == len(main["rows"]),
          "diff.sql gives measureme's %d rows of small -> incr, every column" % len(main["rows"]),
          "(%d rows; %d differ; first %r)" % (len(ours), len(bad), bad[:2]))
    # ties come in measureme's hash order: compare the column that orders
    check([c[1][1:] for c in main["rows"]] == [r[1][1:] for r in rows],
          "diff.sql: rows in measureme's order (by the size of the self time's change)")
    check(res[1][1][0][0] == total, "diff.sql: Total cpu time %s" % total, "(%r)" % (res[1][1],))
    check(sorted(map(tuple, sizes["rows"])) == sorted(tuple(map(str, r)) for r in res[2][1]),
          "diff.sql: the %d artifact size changes" % len(sizes["rows"]), "(%r)" % (res[2][1][:3],))
    check([int(r[1].split()[0]) for r in res[2][1]] == sorted((int(r[1].split()[0]) for r in res[2][1]),
                                                               reverse=True), "diff.sql: largest growth first")


def test_folded(db):
    for name in PROFILES[:3]:
        with open(os.path.join(DATA, "measureme-stack-collapse-%s.folded" % name), encoding="utf-8") as f:
            want = f.read().split("\n")[:-1]
        res = run_sql_file(os.path.join(ROOT, "sql", "self-profile-folded.sql"), {"profile": path_of(name), "limit": None})
        got = sorted((r[0] for r in res[0][1]), key=lambda t: t.encode("utf-8"))
        check(got == want, "%s: self-profile-folded.sql is measureme's stack_collapse, %d stacks" % (name, len(want)),
              "(%d lines; first difference %r)" % (len(got), [(a, b) for a, b in zip(got, want) if a != b][:1]))
        svg = db.execute("SELECT flamegraph('rustc;' || stack, self_ns) FROM self_profile(?) WHERE stack IS NOT NULL",
                         (path_of(name),)).fetchone()[0]
        top = max(want, key=lambda t: int(t.rsplit(" ", 1)[1]) if t.count(";") else -1).rsplit(" ", 1)[0]
        check(svg.startswith("<?xml") and top.split(";")[-1] in svg,
              "%s: flamegraph() of the self-profile draws its costliest stack's frame" % name)


def test_duration_text(db):
    bad, n = [], 0
    with open(os.path.join(DATA, "rust-duration-debug.tsv"), encoding="utf-8") as f:
        for i, line in enumerate(f):
            if ASAN and i % 8:
                continue
            cells = line.rstrip("\n").split("\t")
            ns = int(cells[0])
            got = db.execute("SELECT duration_text(?1, 'exact'), duration_text(?1, 0), duration_text(?1, 1), "
                             "duration_text(?1), duration_text(?1, 3), duration_text(?1, 9)", (ns,)).fetchone()
            n += 1
            if list(got) != cells[1:]:
                bad.append((cells, got))
    check(not bad, "duration_text: Rust's Duration text of %d values, 6 precisions" % n, "(%r)" % bad[:2])
    got = db.execute("SELECT duration_text(-1500000000), duration_text(1499.6), duration_text(NULL), "
                     "duration_text(5, NULL), duration_text('66925000')").fetchone()
    check(got == ("-1.50s", "1.50µs", None, None, "66.92ms"), "duration_text: negative, real, NULL, text",
          "(%r)" % (got,))
    for sql, msg in (("duration_text('x')", "NS must be a number"), ("duration_text(1, 10)", "DECIMALS must be"),
                     ("duration_text(1, 'all')", "DECIMALS must be"), ("duration_text(1e300)", "out of range")):
        try:
            db.execute("SELECT " + sql).fetchall()
            check(False, "%s is an error" % sql)
        except sqlite3.Error as e:
            check(msg in str(e), "%s: %s" % (sql, msg), "(%s)" % e)


def error_of(db, sql, args=()):
    try:
        db.execute(sql, args).fetchall()
        return None
    except sqlite3.Error as e:
        return str(e)


def test_arguments(db):
    small = path_of(PROFILES[0])
    want = db.execute("SELECT count(*), sum(dur_ns), sum(self_ns) FROM self_profile(?)", (small,)).fetchone()
    with tempfile.TemporaryDirectory() as tmp:
        sub = os.path.join(tmp, "a", "b")
        os.makedirs(sub)
        shutil.copy(small, os.path.join(tmp, "one-1.mm_profdata"))
        with open(small, "rb") as f, gzip.open(os.path.join(sub, "two-2.mm_profdata.gz"), "wb") as g:
            g.write(f.read())
        open(os.path.join(tmp, "note.json"), "w").write("{}")
        q = "SELECT count(*), sum(dur_ns), sum(self_ns) FROM self_profile(?%s)"
        got = db.execute(q % "", (tmp,)).fetchone()
        check(got == want, "a folder: its profiles, not its JSON", "(%r, want %r)" % (got, want))
        got = db.execute(q % ", 'recursive=1'", (tmp,)).fetchone()
        check(got == tuple(2 * x for x in want), "recursive=1: a gzip profile below, the same rows",
              "(%r)" % (got,))
        files = db.execute("SELECT DISTINCT file, unit FROM self_profile(?, 'recursive=1') ORDER BY 1",
                           (tmp,)).fetchall()
        check([u for _, u in files] == ["two", "one"] or [u for _, u in files] == ["one", "two"],
              "units of <crate>-<pid>.mm_profdata are the crate", "(%r)" % files)
        rowids = db.execute("SELECT min(rowid) >> 32, max(rowid) >> 32, max(parent) >> 32 "
                            "FROM self_profile(?, 'recursive=1')", (tmp,)).fetchone()
        check(rowids == (0, 1, 1), "rowids and parents carry the file's index", "(%r)" % (rowids,))
        got = db.execute(q % "", (os.path.join(tmp, "*.mm_profdata"),)).fetchone()
        check(got == want, "a glob")
        cut = os.path.join(tmp, "cut.mm_profdata")
        with open(small, "rb") as f:
            data = f.read()
        with open(cut, "wb") as g:
            g.write(data[:len(data) // 2])
        for sql, args, parts in (
                ("SELECT * FROM self_profile(?)", (os.path.join(tmp, "none.mm_profdata"),),
                 ["self_profile: ", "none.mm_profdata", "No such file"]),
                ("SELECT * FROM self_profile(?)", (os.path.join(tmp, "note.json"),),
                 ["self_profile: ", "note.json", "too short for a .mm_profdata header"]),
                ("SELECT count(*) FROM self_profile(?)", (cut,), ["self_profile: ", "cut.mm_profdata: byte "]),
                ("SELECT count(depth) FROM self_profile(?)", (cut,), ["self_profile: ", "cut.mm_profdata: byte "]),
                ("SELECT * FROM self_profile(?, 'recursive=2')", (small,),
                 ["unknown option 'recursive=2'", "threads=N (N from 1 to 64", "recursive=0|1"]),
                ("SELECT * FROM self_profile(?, 'threads=0')", (small,),
                 ["self_profile: option threads=0: must be a whole number from 1 to 64"]),
                ("SELECT * FROM self_profile(?, 'threads=65')", (small,),
                 ["option threads=65: must be a whole number from 1 to 64"]),
                ("SELECT * FROM self_profile(?, 'threads=4294967298')", (small,),
                 ["option threads=4294967298: must be a whole number"]),
                ("SELECT * FROM self_profile(?, 'threads=-1')", (small,), ["option threads=-1: must be"]),
                ("SELECT * FROM self_profile(?, 'threads=')", (small,), ["option threads=: must be"]),
                ("SELECT * FROM self_profile", (), ["self_profile: the file is missing"]),
                ("SELECT * FROM self_profile(NULL)", (), ["self_profile: the file is NULL"]),
                ("SELECT * FROM self_profile(?)", (sub + "/..",), ["no *.mm_profdata or *.mm_profdata.gz file"]),
                ("SELECT * FROM self_profile_metadata(?)", (cut + "x",), ["self_profile_metadata: "]),
                ("CREATE VIRTUAL TABLE temp.t USING self_profile(?)", (small,), [""])):
            e = error_of(db, sql, args)
            check(e is not None and all(p in e for p in parts), "%s %r: an error with %r" % (sql, args, parts),
                  "(%s)" % e)
    # direct-only: a view in someone's database cannot make us read a file
    with tempfile.TemporaryDirectory() as tmp:
        other = sqlite3.connect(os.path.join(tmp, "their.db"))
        other.execute("CREATE VIEW v AS SELECT count(*) FROM self_profile('%s')" % small)
        other.execute("CREATE VIEW m AS SELECT count(*) FROM self_profile_metadata('%s')" % small)
        other.commit()
        other.close()
        mine = connect()
        mine.execute("ATTACH ? AS their", (os.path.join(tmp, "their.db"),))
        for view in ("their.v", "their.m"):
            e = error_of(mine, "SELECT * FROM %s" % view)
            check(e is not None and "unsafe use of" in e, "%s: a view cannot read a profile (direct-only)" % view,
                  "(%s)" % e)
        mine.close()
    # the file's own reader errors reach SQL with the file named
    e = error_of(db, "SELECT * FROM self_profile(?)", (os.path.join(DATA, "tiny-v0.json"),))
    check(e is not None and "tiny-v0.json" in e, "a JSON trace is not a profile", "(%s)" % e)


def main():
    db = connect()
    test_rows(db)
    test_pushdown(db)
    test_summarize()
    test_diff()
    test_folded(db)
    test_duration_text(db)
    test_arguments(db)
    return report()


if __name__ == "__main__":
    sys.exit(main())
