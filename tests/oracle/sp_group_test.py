#!/usr/bin/python3
"""sp_group_test.py: the GROUP BY and DISTINCT self_profile consumes
(ext/sp_group.c), against Python's own grouping of the rows mm_reader.py
(an independent reader of the format) reads, and against SQLite's sorter
on the same statement with the grouping turned off (`+column`).

- Every shipped profile and a folder of them, grouped by one to three of
  the columns: texts (kind, label, args: long, NULL), integers (thread_id,
  start_ns, end_ns and value: NULL for some kinds), the tree's columns
  (depth, parent, self_ns, stack, nested_same_name), file and unit; the
  held columns of every kind, rowid among them.  The groups' rows are
  Python's (count, sums, min and max, the concatenation of each group's
  rowids in file order) and the rows, in order, SQLite's with `+column`.
- The plan says "(grouped by ...; held: ...)" with no temporary B-tree
  for the GROUP BY where it applies, and where it must not (ORDER BY,
  DISTINCT, NOCASE, expressions, the rowid) the rows are SQLite's own, as
  are those of a join grouped by both tables.
- Damaged profiles: the grouped statement fails with the plain scan's
  message, or gives its rows.
- sql/self-profile-summarize.sql, every row, the same with the grouping
  turned off.
Prints "N passed, M failed" last.
"""
import os
import random
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import DATA, check, connect, report  # noqa: E402
import mm_reader  # noqa: E402
from self_profile_test import PROFILES, oracle_rows, path_of, run_sql_file  # noqa: E402
from sql_clients_test import statements  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# mm_reader's row: (seq, kind, label, args, thread, start, end, dur, value)
COL = {"kind": 1, "label": 2, "args": 3, "thread_id": 4, "start_ns": 5, "end_ns": 6, "value": 8}


def plan(db, sql, params):
    return " ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, params))


def order_key(v):
    """SQLite's order of NULL, integers and texts (BINARY)."""
    if v is None:
        return (0, 0)
    if isinstance(v, int):
        return (1, v)
    return (2, v.encode())


def python_groups(rows, keys):
    """(key..., count, sum(dur), min(start), max(end), rowids) per group of
    mm_reader's rows, in SQLite's order of the keys."""
    groups = {}
    for r in rows:
        k = tuple(r[COL[c]] for c in keys)
        g = groups.setdefault(k, [0, None, None, None, []])
        g[0] += 1
        if r[7] is not None:
            g[1] = (g[1] or 0) + r[7]
        if r[5] is not None:
            g[2] = r[5] if g[2] is None else min(g[2], r[5])
        if r[6] is not None:
            g[3] = r[6] if g[3] is None else max(g[3], r[6])
        g[4].append(r[0])
    out = []
    for k in sorted(groups, key=lambda k: tuple(order_key(v) for v in k)):
        g = groups[k]
        out.append(k + (g[0], g[1], g[2], g[3], ",".join(map(str, g[4]))))
    return out


def grouped_sql(keys, plus=False):
    cols = ", ".join(keys)
    by = ", ".join(("+" if plus else "") + k for k in keys)
    return ("SELECT %s, count(*), sum(dur_ns), min(start_ns), max(end_ns), group_concat(rowid & 0xffffffff) "
            "FROM self_profile(:p) GROUP BY %s" % (cols, by))


def check_against_python(db, name, path):
    rows = oracle_rows(list(mm_reader.read(path)))
    for keys in (["label"], ["kind"], ["thread_id", "label"], ["kind", "label", "thread_id"], ["args"],
                 ["end_ns"], ["value", "kind"], ["label", "start_ns"]):
        sql = grouped_sql(keys)
        p = plan(db, sql, {"p": path})
        check("(grouped by %s;" % ", ".join(keys) in p and "TEMP B-TREE" not in p,
              "%s, GROUP BY %s: grouped by the table" % (name, ", ".join(keys)), p)
        got = db.execute(sql, {"p": path}).fetchall()
        want = python_groups(rows, keys)
        check(got == want, "%s, GROUP BY %s: %d groups as Python groups mm_reader's rows"
              % (name, ", ".join(keys), len(want)), "%r vs %r" % (got[:2], want[:2]))
        plain = db.execute(grouped_sql(keys, plus=True), {"p": path}).fetchall()
        check(got == plain, "%s, GROUP BY %s: the rows, in order, of SQLite's sorter" % (name, ", ".join(keys)))


# Statements whose grouped rows must equal SQLite's own: (label, sql with
# {g} where the GROUP BY's columns go, the columns).
SAME_AS_SQLITE = [
    ("tree columns held", "SELECT label, sum(self_ns), max(depth), count(parent), sum(nested_same_name), "
     "max(stack), min(rowid) FROM self_profile(:p) GROUP BY {g}", ["label"]),
    ("by tree columns", "SELECT depth, nested_same_name, count(*), sum(self_ns), max(label) "
     "FROM self_profile(:p) GROUP BY {g}", ["depth", "nested_same_name"]),
    ("by stack", "SELECT stack, count(*), sum(self_ns) FROM self_profile(:p) GROUP BY {g}", ["stack"]),
    ("by parent", "SELECT parent, count(*), group_concat(label) FROM self_profile(:p) GROUP BY {g}", ["parent"]),
    ("file, unit, path and options held", "SELECT label, max(file), max(unit), max(path), max(options), "
     "count(*) FROM self_profile(:p, 'threads=2') GROUP BY {g}", ["label"]),
    ("by file and unit", "SELECT file, unit, count(*), sum(dur_ns), max(args) FROM self_profile(:p) GROUP BY {g}",
     ["file", "unit"]),
    ("by unit, label", "SELECT unit, label, count(*), max(file) FROM self_profile(:p) GROUP BY {g}",
     ["unit", "label"]),
    ("by path", "SELECT path, count(*) FROM self_profile(:p) GROUP BY {g}", ["path"]),
    ("HAVING", "SELECT label, count(*) FROM self_profile(:p) GROUP BY {g} HAVING count(*) > 3", ["label"]),
    ("ORDER BY an aggregate", "SELECT kind, label, sum(dur_ns) FROM self_profile(:p) GROUP BY {g} "
     "ORDER BY 3 DESC, 1, 2", ["kind", "label"]),
    ("ORDER BY the key, descending", "SELECT thread_id, label, count(*) FROM self_profile(:p) GROUP BY {g} "
     "ORDER BY thread_id DESC, label DESC", ["thread_id", "label"]),
    ("the rows of each group in file order", "SELECT kind, group_concat(rowid) FROM self_profile(:p) GROUP BY {g}",
     ["kind"]),
]


def check_same_as_sqlite(db, name, path):
    for label, sql, keys in SAME_AS_SQLITE:
        on = sql.format(g=", ".join(keys))
        off = sql.format(g=", ".join("+" + k for k in keys))
        p = plan(db, on, {"p": path})
        check("(grouped by %s" % keys[0] in p and "TEMP B-TREE FOR GROUP BY" not in p,
              "%s, %s: grouped by the table" % (name, label), p)
        check("grouped" not in plan(db, off, {"p": path}), "%s, %s: +column turns it off" % (name, label))
        got = db.execute(on, {"p": path}).fetchall()
        want = db.execute(off, {"p": path}).fetchall()
        check(got == want and len(got) > 0, "%s, %s: %d rows, in order, as SQLite's sorter gives them"
              % (name, label, len(want)), "%r vs %r" % (got[:2], want[:2]))


# Statements the table must leave to SQLite (they want sorted rows, or a
# collation or expression the table does not compare by).
NOT_GROUPED = [
    ("ORDER BY", "SELECT label, rowid FROM self_profile(:p) ORDER BY label, rowid"),
    # SQLite keeps its B-tree for DISTINCT over grouped rows: nothing to gain
    ("DISTINCT", "SELECT DISTINCT label FROM self_profile(:p)"),
    ("DISTINCT of two columns", "SELECT DISTINCT kind, thread_id, end_ns FROM self_profile(:p)"),
    ("DISTINCT with ORDER BY", "SELECT DISTINCT label FROM self_profile(:p) ORDER BY label DESC"),
    ("NOCASE", "SELECT label COLLATE NOCASE, count(*) FROM self_profile(:p) GROUP BY label COLLATE NOCASE"),
    ("an expression", "SELECT lower(label), count(*) FROM self_profile(:p) GROUP BY lower(label)"),
    ("rowid", "SELECT rowid, count(*) FROM self_profile(:p) GROUP BY rowid ORDER BY rowid LIMIT 50"),
]


def check_not_grouped(db, name, path):
    for label, sql in NOT_GROUPED:
        p = plan(db, sql, {"p": path})
        check("grouped" not in p, "%s, %s: left to SQLite" % (name, label), p)
        got = db.execute(sql, {"p": path}).fetchall()
        db.execute("DROP TABLE IF EXISTS copy")
        db.execute("CREATE TEMP TABLE copy AS SELECT rowid AS rid, * FROM self_profile(:p)", {"p": path})
        want = db.execute(sql.replace("self_profile(:p)", "copy").replace("rowid", "rid")).fetchall()
        check(got == want, "%s, %s: the rows of an ordinary table" % (name, label))


def check_join(db, path):
    """In a join, the grouping the outer loop asks for is the outer loop's;
    self_profile in the inner loop gives its rows as they come."""
    db.execute("DROP TABLE IF EXISTS k")
    db.execute("CREATE TEMP TABLE k(kind TEXT)")
    db.execute("INSERT INTO k VALUES ('Query'), ('GenericActivity'), ('Nothing')")
    sql = ("SELECT k.kind, s.label, count(*) FROM k JOIN self_profile(:p) AS s ON s.kind = k.kind "
           "GROUP BY k.kind, s.label")
    got = db.execute(sql, {"p": path}).fetchall()
    want = db.execute(sql.replace("GROUP BY k.kind, s.label", "GROUP BY +k.kind, +s.label"), {"p": path}).fetchall()
    check(got == want and len(got) > 0, "a join grouped by both tables: the rows of SQLite's sorter",
          plan(db, sql, {"p": path}))


def outcome(db, sql, path):
    try:
        return ("rows", db.execute(sql, {"p": path}).fetchall())
    except sqlite3.Error as e:
        return ("error", str(e))


def check_damaged(db, tmp):
    """Damaged copies (bytes changed at random, cut short): the grouped
    statement fails with the plain scan's message, or gives its rows."""
    with open(path_of("selfprofile-args-threads2"), "rb") as f:
        body = f.read()
    rnd = random.Random(19)
    path = os.path.join(tmp, "damaged.mm_profdata")
    on = "SELECT label, count(*), sum(dur_ns), max(args) FROM self_profile(:p) GROUP BY label"
    off = on.replace("GROUP BY label", "GROUP BY +label")
    errors = same = 0
    for k in range(60):
        b = bytearray(body[:len(body) - rnd.randrange(len(body) // 2)] if k % 4 == 0 else body)
        for _ in range(3):
            at = rnd.randrange(len(b))
            b[at] = rnd.choice([0, 0xFE, 0xFF, b[at] ^ 0x80, rnd.randrange(256)])
        with open(path, "wb") as f:
            f.write(b)
        got, want = outcome(db, on, path), outcome(db, off, path)
        same += got == want
        errors += got[0] == "error"
    check(same == 60 and errors > 10, "60 damaged profiles: the grouped statement fails as the plain scan "
          "does, with its message, or gives its rows (%d errors)" % errors, "%d of 60 the same" % same)


def check_summarize(name, path):
    on = run_sql_file(os.path.join(ROOT, "sql", "self-profile-summarize.sql"), {"profile": path, "limit": -1})
    with open(os.path.join(ROOT, "sql", "self-profile-summarize.sql")) as f:
        text = f.read()
    off_text = text.replace("GROUP BY file, thread_id, label, kind", "GROUP BY +file, +thread_id, +label, +kind")
    check(off_text != text, "self-profile-summarize.sql groups by file, thread_id, label, kind")
    db = connect()
    first_on, first_off = next(statements(text)), next(statements(off_text))
    check("(grouped by file, thread_id, label, kind;" in plan(db, first_on, {"profile": path, "limit": -1})
          and "grouped" not in plan(db, first_off, {"profile": path, "limit": -1}),
          "%s: self-profile-summarize.sql grouped by the table, and not with +column" % name)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as t:
        t.write(off_text)
    try:
        off = run_sql_file(t.name, {"profile": path, "limit": -1})
    finally:
        os.unlink(t.name)
    check(on == off and len(on[0][1]) > 10, "%s: sql/self-profile-summarize.sql, every row, the same without the "
          "table's grouping" % name)


def main():
    db = connect()
    for name in PROFILES:
        path = path_of(name)
        check_against_python(db, name, path)
        check_same_as_sqlite(db, name, path)
        check_not_grouped(db, name, path)
        check_summarize(name, path)
    check_join(db, path_of("selfprofile-small"))
    with tempfile.TemporaryDirectory() as d:
        for name in PROFILES:
            shutil.copy(path_of(name), os.path.join(d, name + ".mm_profdata"))
        check_same_as_sqlite(db, "a folder of 4 profiles", d)
        check_summarize("a folder of 4 profiles", d)
    with tempfile.TemporaryDirectory() as d:
        check_damaged(db, d)
    return report()


if __name__ == "__main__":
    sys.exit(main())
