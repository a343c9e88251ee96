#!/usr/bin/python3
"""schema_test.py: a database file cannot make its reader read files.

The attack: a database file whose author ran `SELECT
timetrace_allow_persistent_tables(1)` and `CREATE VIRTUAL TABLE t USING
trace_events('/etc/passwd')`.  Whoever opens it (with the extension
loaded, as anyone who uses timetrace does) and selects from t would read
the file its author chose.  Checked in fresh connections: reading t is an
error that says why and what to do, also through a view; the user may
allow it for a connection of their own; the setting cannot be changed by
the database (the function is direct-only), and tables in temp and tables
without a file are unaffected.
Prints "N passed, M failed".
"""
import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import DATA, check, connect, report  # noqa: E402


def error_of(db, sql):
    try:
        db.execute(sql).fetchall()
        return ""
    except sqlite3.Error as e:
        return str(e)


def main():
    trace = os.path.join(DATA, "tiny-v0.json")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "evil.db")
        db = connect()
        db.execute("ATTACH ? AS evil", (path,))
        db.execute("SELECT timetrace_allow_persistent_tables(1)")
        db.execute("CREATE VIRTUAL TABLE evil.t USING trace_events('%s')" % trace)
        db.execute("CREATE VIEW evil.v AS SELECT count(*) FROM evil.t")
        db.execute("CREATE TABLE evil.log(x)")
        db.execute("CREATE TRIGGER evil.tr AFTER INSERT ON log BEGIN "
                   "SELECT timetrace_allow_persistent_tables(1); END")
        n = db.execute("SELECT count(*) FROM evil.t").fetchone()[0]
        check(n == 18693, "the author's own connection, allowed, reads it (%d rows)" % n)
        db.commit()
        db.close()

        victim = connect()
        victim.execute("ATTACH ? AS evil", (path,))
        msg = error_of(victim, "SELECT count(*) FROM evil.t")
        check("names a file, which only a table in the temp schema may do" in msg
              and "timetrace_allow_persistent_tables(1)" in msg, "a fresh connection: reading t is an error", msg)
        msg = error_of(victim, "SELECT * FROM evil.v")
        check(msg != "", "... also through the database's view", msg)
        msg = error_of(victim, "INSERT INTO evil.log VALUES (1)")
        check("unsafe use" in msg, "the database's trigger cannot allow it (direct-only)", msg)
        msg = error_of(victim, "SELECT count(*) FROM evil.t")
        check(msg != "", "... and after the trigger it is still refused", msg)
        victim.close()

        owner = connect()
        owner.execute("ATTACH ? AS evil", (path,))
        owner.execute("SELECT timetrace_allow_persistent_tables(1)")
        n = owner.execute("SELECT count(*) FROM evil.t").fetchone()[0]
        check(n == 18693, "a connection whose user allows it reads it")
        owner.execute("CREATE VIRTUAL TABLE temp.mine USING trace_events('%s')" % trace)
        check(owner.execute("SELECT timetrace_allow_persistent_tables(0)").fetchone()[0] == 1,
              "the function returns the previous setting")
        owner.close()

        fresh = connect()
        fresh.execute("CREATE VIRTUAL TABLE temp.mine USING trace_events('%s')" % trace)
        check(fresh.execute("SELECT count(*) FROM temp.mine").fetchone()[0] == 18693, "temp tables are unaffected")
        fresh.execute("CREATE VIRTUAL TABLE main.nofile USING trace_events")
        check(fresh.execute("SELECT count(*) FROM main.nofile WHERE path = ?", (trace,)).fetchone()[0] == 18693,
              "a table without a file, anywhere, is unaffected")
        fresh.close()
    return report()


if __name__ == "__main__":
    sys.exit(main())
