#!/usr/bin/python3
"""rebuild_test.py: the mtime column, the since=TIME option, sql/build-files.sql.

A rebuild leaves the old build's traces beside the new ones (cargo names
them by crate and a new hash), and whole-build queries used to add them
together silently.  Checked here on a copy of the real cargo build of
tests/data/build-v0 with, for some units, an older trace from "the
previous build" (another hash, older modification time, other content):
  - mtime is the file's modification time as os.stat gives it, in UTC,
    in SQLite's time format (so datetime() and julianday() read it);
  - since=TIME reads exactly the files modified at or after TIME, every
    event of them (Python's json counts them); files left out have no
    rows, and the rowids of the others are those of the whole list (a
    join on parent still finds every parent);
  - sql/build-units.sql and build-hot-generics.sql with :options
    'since=...' on the mixed folder give the rows they give on the new
    build alone (checked against Python in build_sql_test.py), and without
    it the old files are counted (files 2);
  - the evidence against keeping "the newest file of each unit": the real
    build has two traces for libc and for phf, written by one build;
    sql/build-files.sql shows them (files_of_unit 2) and since= keeps both.
Prints "N passed, M failed".
"""
import datetime
import glob
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import EXT, check, connect, report  # noqa: E402
from tree_rules import events_of  # noqa: E402

BUILD = "tests/data/build-v0/deps"
DAY = 86400


def sql_file(path, params):
    args = ["sqlite3", "-batch", ":memory:", ".load " + EXT, ".parameter set :limit -1"]
    for k, v in params.items():
        args.append(".parameter set :%s '%s'" % (k, v))
    args.append(".read " + path)
    out = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    check(out.returncode == 0 and not out.stderr, "%s runs" % path, out.stderr)
    return out.stdout.splitlines()


def sqlite_time(path):
    ns = os.stat(path).st_mtime_ns
    t = datetime.datetime.fromtimestamp(ns // 10**9, datetime.timezone.utc)
    return t.strftime("%Y-%m-%d %H:%M:%S") + ".%03d" % (ns // 10**6 % 1000)


def make_folders(tmp):
    """new/: the build; mixed/: the build plus older traces of 6 units."""
    new, mixed = os.path.join(tmp, "new"), os.path.join(tmp, "mixed")
    os.makedirs(new)
    os.makedirs(mixed)
    files = sorted(glob.glob(os.path.join(BUILD, "*.llvm_timings.json.gz")))
    now = 1_790_000_000.123456
    for f in files:
        for d in (new, mixed):
            dst = os.path.join(d, os.path.basename(f))
            shutil.copy(f, dst)
            os.utime(dst, (now, now))
    old = []
    for i, f in enumerate(files[:6]):
        crate = os.path.basename(f).split("-")[0]
        # the previous build: same crate, another hash, another file's content, a day older
        dst = os.path.join(mixed, "%s-%016x.llvm_timings.json.gz" % (crate, 0xf00 + i))
        shutil.copy(files[-1 - i], dst)
        os.utime(dst, (now - DAY, now - DAY))
        old.append(dst)
    return new, mixed, old


def check_replaced(db, tmp):
    """A trace replaced while a statement reads it twice: the dur of B
    events comes from a second read of the file (matching B with E), made
    when the first B arrives; the replacement (a rebuild) has other times.
    An error, never durations from the other file."""
    def trace(scale):
        ev = [dict(ph="X", pid=1, tid=1, ts=i, dur=1, name="x%d" % i) for i in range(50)]
        for i in range(20):
            ev.append(dict(ph="B", pid=1, tid=2, ts=100 + 10 * i, name="b%d" % i))
            ev.append(dict(ph="E", pid=1, tid=2, ts=100 + 10 * i + scale))
        return json.dumps(dict(traceEvents=ev))
    path = os.path.join(tmp, "replaced.json")
    with open(path, "w") as f:
        f.write(trace(3))
    cur = db.execute("SELECT rowid, dur FROM trace_events(?)", (path,))
    first = cur.fetchmany(10)
    other = os.path.join(tmp, "other.json")
    with open(other, "w") as f:
        f.write(trace(7))
    os.replace(other, path)
    try:
        rest = cur.fetchall()
        msg = ""
    except sqlite3.Error as e:
        rest, msg = [], str(e)
    durs = sorted({d for _, d in rest if d is not None and d != 1})
    check(len(first) == 10 and "changed between the two reads" in msg and path in msg,
          "a trace replaced between the rows and the matching of its B/E events is an error",
          msg or "(durations %r)" % durs)


def main():
    db = connect()
    with tempfile.TemporaryDirectory() as tmp:
        new, mixed, old = make_folders(tmp)
        # mtime
        rows = db.execute("SELECT file, mtime, count(*) FROM trace_events(?) GROUP BY file", (mixed,)).fetchall()
        bad = [r for r in rows if r[1] != sqlite_time(r[0])]
        check(len(rows) == len(os.listdir(mixed)) and not bad, "mtime of %d files is os.stat's, in UTC" % len(rows),
              str(bad[:2]))
        r = db.execute("SELECT datetime(mtime), julianday(mtime) IS NOT NULL FROM trace_events(?) LIMIT 1",
                       (old[0],)).fetchone()
        check(r == (sqlite_time(old[0])[:19], 1), "SQLite's date functions read mtime", str(r))
        with open(old[0], "rb") as f:
            out = subprocess.run(["sqlite3", ":memory:", ".load " + EXT,
                                  "SELECT DISTINCT typeof(mtime) FROM trace_events('-')"],
                                 stdin=f, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        check(out.stdout == "null\n", "mtime of standard input is NULL", out.stdout + out.stderr)
        # since=TIME
        since = sqlite_time(os.path.join(new, os.listdir(new)[0]))[:19]
        rows = db.execute("SELECT file, count(*) FROM trace_events(?, ?) GROUP BY file",
                          (mixed, "since=" + since)).fetchall()
        got = {os.path.basename(f): n for f, n in rows}
        want = {os.path.basename(f): len(events_of(f)) for f in glob.glob(os.path.join(new, "*"))}
        check(got == want, "since=TIME reads exactly the files written since, every event of them",
              "(%d files, want %d; extra %s)" % (len(got), len(want), sorted(set(got) - set(want))[:3]))
        n_all = db.execute("SELECT count(DISTINCT file) FROM trace_events(?)", (mixed,)).fetchone()[0]
        check(n_all == len(want) + len(old), "without it every file is read (%d)" % (len(want) + len(old)))
        for form in (since[:10], since[:16], since, since + ".000", since.replace(" ", "T")):
            n = db.execute("SELECT count(DISTINCT file) FROM trace_events(?, ?)", (mixed, "since=" + form)).fetchone()[0]
            check(n == len(want), "since=%s" % form, str(n))
        opt = db.execute("SELECT options FROM trace_events(?, ?) LIMIT 1", (mixed, "threads=1,since=" + since)).fetchone()
        check(opt == ("threads=1,since=%s" % since,), "the options column is the argument as given", str(opt))
        for bad in ("since=yesterday", "since=2026-12-5", "since=2026-12-05 9:30", "since=", "since=2026-12-05 09:30:00.1234"):
            try:
                db.execute("SELECT count(*) FROM trace_events(?, ?)", (mixed, bad)).fetchall()
                msg = ""
            except sqlite3.Error as e:
                msg = str(e)
            check(("option " + bad) in msg and "YYYY-MM-DD HH:MM" in msg, "%s is an error saying the format" % bad, msg)
        j = db.execute("SELECT count(*), count(p.name) FROM trace_events(:t, :o) c "
                       "JOIN trace_events(:t, :o) p ON p.rowid = c.parent", dict(t=mixed, o="since=" + since)).fetchone()
        c = db.execute("SELECT count(parent) FROM trace_events(:t, :o)", dict(t=mixed, o="since=" + since)).fetchone()[0]
        check(j == (c, c) and c > 1000, "a join on parent with since= finds every parent (%d)" % c, str(j))
        skipped = db.execute("SELECT min(rowid) FROM trace_events(?) WHERE file = ?", (mixed, old[0])).fetchone()[0]
        n = db.execute("SELECT count(*) FROM trace_events(?, ?) WHERE rowid = ?",
                       (mixed, "since=" + since, skipped)).fetchone()[0]
        check(n == 0, "a rowid of a file since= leaves out is no row")
        check_replaced(db, tmp)
        # the whole-build reports
        for report_sql in ("sql/build-units.sql", "sql/build-hot-generics.sql"):
            clean = sql_file(report_sql, dict(trace=new))
            kept = sql_file(report_sql, dict(trace=mixed, options="since=" + since))
            check(len(clean) > 5 and kept == clean, "%s with since= on a rebuilt folder = on the new build" % report_sql,
                  "(%d rows, %d)" % (len(kept), len(clean)))
        both = sql_file("sql/build-units.sql", dict(trace=mixed))
        twice = [line.split("|")[0] for line in both if line.split("|")[1] == "2"]
        check(len(twice) == len(old) + 2, "without it the %d rebuilt units show two files (and libc, phf)" % len(old),
              str(twice))
        # the evidence: one build, two traces of one unit
        files = sql_file("sql/build-files.sql", dict(trace=BUILD))
        two = sorted({line.split("|")[1] for line in files if line.split("|")[2] == "2"})
        check(two == ["libc", "phf"], "build-files.sql: libc and phf have two traces in one real build", str(two))
        check(len(files) == len(os.listdir(BUILD)) and all(line.split("|")[0] == sqlite_time(line.split("|")[4])
                                                             for line in files),
              "build-files.sql lists every file with its time")
    return report()


if __name__ == "__main__":
    sys.exit(main())
