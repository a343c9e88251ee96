#!/usr/bin/python3
"""pipes.py: pipes (/dev/fd/N), FIFOs and devices are read once, as
standard input is.

A statement that needs a file twice (the call tree with other columns, dur
of B and E events, two scans of it) used to open such a file again: a pipe
was then at its end ("byte 0: empty file") and a FIFO whose writer had
gone blocked forever.  Now one pass works, the call tree with other columns
too (the rows are kept as the tree is built: README "Files read once"),
and a second scan is an error that names the file.  Python's json module
counts the events of the one-pass reads and names their rows, tree_rules.py
gives their depths; every sqlite3 run has a timeout, so a hang fails its
check instead of hanging the suite.
"""
import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import DATA, EXT, check, connect, report  # noqa: E402
import tree_rules  # noqa: E402

TIMEOUT = int(os.environ.get("TT_PIPE_TIMEOUT", "30"))   # seconds per sqlite3 run
ONE_PASS_SQL = "SELECT count(*), sum(length(name)) FROM trace_events('%s')"
AGAIN_SAYS = b"was already read by an earlier scan in this process"


def environment():
    env = dict(os.environ)
    if env.get("TT_ASAN") != "1":
        env.pop("ASAN_OPTIONS", None)
    return env


def sqlite(sqls, pass_fds=()):
    """Run the sqlite3 shell on the statements; (stdout, stderr), or None on a timeout."""
    args = ["sqlite3", "-batch", ":memory:", ".load " + EXT] + list(sqls)
    try:
        out = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment(),
                             pass_fds=pass_fds, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None
    return out.stdout, out.stderr


def want_one_pass(path):
    """What ONE_PASS_SQL must print for the trace file at path, from Python's json."""
    with open(path, "rb") as f:
        events = json.load(f)["traceEvents"]
    return ("%d|%d\n" % (len(events), sum(len(e["name"]) for e in events if isinstance(e.get("name"), str)))).encode()


def through_pipe(trace, sqls):
    """Run the statements ("%s" stands for the path) on trace read from /dev/fd/N,
    a pipe that `cat` writes."""
    r, w = os.pipe()
    writer = subprocess.Popen(["cat", trace], stdout=w, env=environment())
    os.close(w)
    path = "/dev/fd/%d" % r
    try:
        return path, sqlite([s.replace("%s", path) for s in sqls], pass_fds=(r,))
    finally:
        os.close(r)
        writer.kill()
        writer.wait()


def through_fifo(trace, fifo, sqls):
    """The same through a FIFO with one writer (left blocked if nobody opens it)."""
    writer = subprocess.Popen(["sh", "-c", 'exec cat "$1" > "$2"', "sh", trace, fifo], env=environment())
    try:
        return sqlite([s.replace("%s", fifo) for s in sqls])
    finally:
        writer.kill()
        writer.wait()


def failed_saying(out, path, words):
    """Did a run end in an error that names path and says words?"""
    return out is not None and path.encode() in out[1] and words in out[1]


TREE_SQL = "SELECT rowid, name, depth FROM trace_events('%s') WHERE depth IS NOT NULL"


def want_tree(path):
    """What TREE_SQL must print for the trace at path: the names by Python's
    json, the depths by the tree's rules written apart (tree_rules.py)."""
    events = tree_rules.events_of(path)
    slices = tree_rules.tree(events, brute=False)[0]
    return "".join("%d|%s|%d\n" % (r, events[r - 1]["name"], slices[r][0]) for r in sorted(slices)).encode()


def pipes(trace, want):
    path, out = through_pipe(trace, [ONE_PASS_SQL])
    check(out is not None and out[0] == want, "/dev/fd/N: one pass reads every event", repr(out))
    path, out = through_pipe(trace, [TREE_SQL])
    check(out is not None and out[1] == b"" and out[0] == want_tree(trace),
          "/dev/fd/N: the call tree with other columns: read once, its rows kept as the tree is built",
          repr(out)[:300])
    path, out = through_pipe(trace, ["SELECT count(depth) FROM trace_events('%s')"])
    check(out is not None and out[1] == b"" and out[0].strip().isdigit(),
          "/dev/fd/N: the call tree's columns alone: one pass", repr(out))
    path, out = through_pipe(trace, ["SELECT (SELECT count(*) FROM trace_events('%s')), "
                                     "(SELECT count(*) FROM trace_events('%s'))"])
    check(failed_saying(out, path, AGAIN_SAYS), "/dev/fd/N: two scans in one statement: an error", repr(out))
    path, out = through_pipe(trace, [ONE_PASS_SQL, ONE_PASS_SQL])
    check(out is not None and out[0] == want and failed_saying(out, path, AGAIN_SAYS),
          "/dev/fd/N: a second statement: the first reads it, the second is an error", repr(out))


def bash_process_substitution(tmp, trace, want):
    """<(gzip -dc trace.gz): what a shell user writes."""
    gz = os.path.join(tmp, "trace.json.gz")
    with open(trace, "rb") as f, gzip.open(gz, "wb") as g:
        shutil.copyfileobj(f, g)
    script = 'run() { sqlite3 -batch :memory: ".load $EXT" "$(printf "$SQL" "$1")"; }; run <(gzip -dc "$GZ")'
    env = dict(environment(), EXT=EXT, GZ=gz, SQL=ONE_PASS_SQL)
    try:
        out = subprocess.run(["bash", "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=env, timeout=TIMEOUT)
        out = (out.stdout, out.stderr)
    except subprocess.TimeoutExpired:
        out = None
    check(out is not None and out[0] == want, "bash <(gzip -dc trace.json.gz): one pass reads every event", repr(out))


def fifos(tmp, trace, want):
    fifo = os.path.join(tmp, "trace.fifo")
    os.mkfifo(fifo)
    out = through_fifo(trace, fifo, [ONE_PASS_SQL])
    check(out is not None and out[0] == want, "FIFO: one pass reads every event", repr(out))
    out = through_fifo(trace, fifo, [TREE_SQL])
    check(out is not None and out[1] == b"" and out[0] == want_tree(trace),
          "FIFO: the call tree with other columns: read once, no hang", repr(out)[:300])
    out = through_fifo(trace, fifo, [ONE_PASS_SQL, ONE_PASS_SQL])
    check(out is not None and out[0] == want and failed_saying(out, fifo, AGAIN_SAYS),
          "FIFO: a second statement after the writer left: an error, no hang", repr(out))


def devices():
    out = sqlite(["SELECT name, depth FROM trace_events('/dev/null')"])
    check(failed_saying(out, "/dev/null", b"empty file"),
          "/dev/null: the call tree with other columns: read once, an empty file", repr(out))
    # in this process (the shell stops at the first error)
    db = connect()
    errors = []
    for _ in range(2):
        try:
            db.execute("SELECT count(*) FROM trace_events('/dev/null')").fetchall()
            errors.append(None)
        except sqlite3.OperationalError as e:
            errors.append(str(e))
    check(errors[0] == "trace_events: /dev/null: byte 0: empty file" and errors[1] is not None
          and AGAIN_SAYS.decode() in errors[1], "/dev/null: empty the first time, already read the second", repr(errors))


def main():
    trace = os.path.join(DATA, "tiny-v0.json")
    want = want_one_pass(trace)
    with tempfile.TemporaryDirectory() as tmp:
        pipes(trace, want)
        bash_process_substitution(tmp, trace, want)
        fifos(tmp, trace, want)
    devices()
    return report()


if __name__ == "__main__":
    sys.exit(main())
