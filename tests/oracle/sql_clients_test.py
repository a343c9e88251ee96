#!/usr/bin/python3
"""sql_clients_test.py: every sql/ file in three clients, each with its own
SQLite: the sqlite3 shell, Python's sqlite3 module and Node's better-sqlite3
(which bundles a newer SQLite, whose planner keeps fewer CTEs in temporary
tables and so read a whole build once per group of build-hot-generics.sql).

For every statement of every file:
- it reads each trace it names once: the bytes the client read while it ran
  (rchar of /proc/self/io) over the traces' size is what one scan of those
  columns reads, 1, or 2 when it reads the call tree and other columns of
  the events (README "The call tree"), but 1 when that scan is grouped by
  fields of the events (kept as the tree is built) and the statement's
  other trace_events are rowid lookups, which may read half the trace
  more (export-hot.sql: lookup_slack); in Node and Python per statement,
  in the shell per file (a child's reads count for its parent once reaped).
  Each client keeps its temporary tables in memory (PRAGMA temp_store):
  a sort that spills to a temporary file counts in rchar too;
- Node's rows with :limit unset (NULL) are Python's with :limit -1 (every
  row) cut to the default: 50, and every row for folded.sql (numbers equal
  to the last decimal they show: SQLite 3.43 changed how round() treats a
  decimal half that a double cannot hold, so 3.40 and 3.53 can differ by
  one in that decimal);
- the shell, with :limit never set, prints as many rows (as many lines as
  their text has: export-hot.sql's one row is a trace, one event a line);
- every statement that orders a list takes :limit with the default 50
  (LIMIT coalesce(:limit, 50), or, for a statement of several lists,
  "k <= coalesce(:limit, 50)" on each list's rank: then Node's rows with
  :limit unset are Python's with :limit 50).
And Node runs each file in at most 3 times the shell's time plus 1 s, CPU
time (user and system, all threads): the machine is shared, and the wall
clock of two runs can differ more than that.
build-overview.sql reads tests/data/cargo-build (a cargo build's timings
page, self-profiles and traces): as many bytes as the three sources read
alone, added up.
The self-profile-*.sql files read tests/data's rustc self-profiles
(selfprofile-incr; selfprofile-small before it), once per statement
scan, twice when the scan reads the call tree.
clang-build-analyzer.sql reads the CMake build of tests/data/cmake-clang19
through a pattern.  The whole-build files read 4 copies of tests/data/build-v0 (388 files), on
which the earlier build-hot-generics.sql, reading the build once per group
in Node, took 10 times the shell's CPU time.
In the sanitizer pass (TT_ASAN=1) only Python runs the statements: that
pass checks the extension's memory, not the clients.
Prints "N passed, M failed".
"""
import glob
import gzip
import json
import os
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import bytes_read, check, connect, report  # noqa: E402
import mm_reader  # noqa: E402

EXT = os.environ.get("TT_EXT", "build/timetrace")
ASAN = os.environ.get("TT_ASAN") == "1"
DATA = os.environ.get("TT_DATA", "build/testdata")
BUILD = "tests/data/build-v0"
DEFAULT_LIMIT = 50
TREE = {"depth", "parent", "self_dur", "stack"}
FIELDS = {"pid", "tid", "ph", "name", "cat", "ts", "dur", "detail", "args", "id", "extra"}
FOLDED = ("folded.sql", "self-profile-folded.sql")     # every row unless :limit is set
PROFILE_TREE = {"depth", "parent", "self_ns", "stack", "nested_same_name"}


def statements(text):
    """The statements of a sql/ file: each ends at a line ending in ';'
    (the rule of the examples' reports)."""
    stmt = []
    for line in text.split("\n"):
        if line.lstrip().startswith("--"):
            continue
        stmt.append(line)
        if line.rstrip().endswith(";"):
            yield "\n".join(stmt).strip()
            stmt = []


def scans_of_file(sql, pairs=(), big=False):
    """How many times one scan reads its file: when the statement reads
    the call tree and a field of the events, 2 for a file over 64 MB (big)
    and 1 for a smaller one (its rows kept as its tree is built); else 2
    for dur or extra of a trace whose events of the names in pairs come in
    B/E or b/e pairs and the statement does not filter them out by name
    (README "The call tree"), else 1."""
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", re.sub(r"'[^']*'", "", sql)))
    paired = pairs and (not re.search(r"\bname\s*(=|IN\b)", sql) or any("'%s'" % n in sql for n in pairs))
    if grouped_in_one_pass(sql, words):
        return 1
    if words & TREE and words & FIELDS:
        return 2 if big else 1      # the tree gives the pairs' dur and extra then
    return 2 if paired and words & {"dur", "extra"} else 1


def grouped_in_one_pass(sql, words):
    """README "GROUP BY and DISTINCT without SQLite's sorter": one scan
    grouped by fields of the events (not dur, not extra) keeps its rows as
    each file's tree is built, so a statement that also reads the tree's
    columns reads the file once."""
    m = re.search(r"\bGROUP BY\s+(.*?)\s*(?:\bORDER BY\b|\bHAVING\b|\bLIMIT\b|\)|;|$)", sql, re.S)
    if m and lookups_in(sql):
        # the other trace_events are lookups: what the grouped scan reads
        # is its own SELECT's
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", sql[sql.rfind("SELECT", 0, m.start()):m.start()]))
    if not m or sql.count("trace_events(") - lookups_in(sql) != 1 or "extra" in words:
        return False
    keys = [k.strip() for k in m.group(1).split(",")]
    return all(k in (FIELDS | {"unit", "file", "mtime"}) - {"dur", "extra"} for k in keys)


def lookups_in(sql):
    """The trace_events of a statement that are rowid lookups (a join
    `trace_events(:trace) a ON a.rowid = ...`), not scans."""
    return len(re.findall(r"trace_events\(:\w+\)\s+\w+\s+ON\s+\w+\.rowid\s*=", sql))


def lookup_slack(sql, params):
    """Bytes that rowid lookups beside a scan grouped in one pass may read
    besides the scan: each reads the 32 KB around the event it looks up
    (README "Looking events up by rowid"), so at most half the trace here
    (export-hot.sql's 190 events of tiny-v0, one pass and lookups, read
    1.43 times its size), and the whole stays below two scans."""
    if not lookups_in(sql) or not grouped_in_one_pass(sql, set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", sql))):
        return 0
    return sum(trace_bytes(params[k]) // 2 for k in ("trace", "before", "after") if ":" + k in sql)


def trace_files(path):
    """The files a trace argument names (a file, a folder, or a pattern
    with one {a,b} group)."""
    if os.path.isdir(path):
        return glob.glob(os.path.join(path, "*.json*"))
    if "{" in path:
        head, rest = path.split("{", 1)
        alts, tail = rest.split("}", 1)
        return [f for a in alts.split(",") for f in trace_files(head + a + tail)]
    if re.search(r"[*?[]", path):
        return glob.glob(path)
    return [path]


def has_pairs(path):
    """The names of the B/E and b/e events of a trace argument's files."""
    names = set()
    for f in trace_files(path):
        with (gzip.open if f.endswith(".gz") else open)(f, "rt", encoding="utf-8") as fh:
            text = fh.read()
        if re.search(r'"ph": ?"[BEbe]"', text):
            data = json.loads(text)
            events = data["traceEvents"] if isinstance(data, dict) else data
            names |= set(e.get("name") for e in events if e.get("ph") in ("B", "E", "b", "e"))
    return names


def has_big(path):
    """Does a trace argument name a file over 64 MB (read twice for the
    tree and the events' fields)?"""
    return any(os.path.getsize(f) > (64 << 20) for f in trace_files(path))


def trace_bytes(path):
    """Bytes of the files a trace argument names."""
    return sum(os.path.getsize(f) for f in trace_files(path))


def scans_of_profile(sql):
    """self_profile reads a file once, twice when the statement reads the
    call tree (README "rustc's self-profile files")."""
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", re.sub(r"'[^']*'", "", sql)))
    return 2 if words & PROFILE_TREE else 1


def profile_read(sql, path):
    """The bytes self_profile reads of the profile at path for a statement:
    the whole file for a pass that reads strings (kind, label, args, unit,
    or stack in the tree), only its event pages for a pass that does not
    (README: the string pages are skipped)."""
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", re.sub(r"'[^']*'", "", sql)))
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        events = len(mm_reader.split_pages(f.read())[0])
    rows = size if words & {"kind", "label", "args", "unit"} else events
    tree = 0 if not words & PROFILE_TREE else size if words & {"stack", "nested_same_name"} else events
    return rows + tree


def build_reads(build):
    """The bytes each source of a build folder takes to read alone, added
    up: a statement of build-overview.sql reads each one once."""
    db = connect()
    total = 0
    for q in ("SELECT count(*) FROM cargo_timings(?1)",
              "SELECT count(depth), count(label), count(unit) FROM self_profile(?1, 'recursive=1')",
              "SELECT count(detail), count(unit) FROM trace_events(?1, 'recursive=1,skip=nontrace') "
              "WHERE name = 'OptFunction'"):
        r0 = bytes_read()
        db.execute(q, (build,)).fetchall()
        total += bytes_read() - r0
    db.close()
    return total


def expected_read(sql, params):
    if ":build" in sql:
        return build_reads(params["build"])
    if "self_profile(" in sql:
        return sum(profile_read(part, params[k])
                   for part in re.split(r"\bUNION ALL\b", sql)
                   for k in ("profile", "before", "after") if ":" + k in part)
    return sum(scans_of_file(sql, has_pairs(params[k]), has_big(params[k])) * trace_bytes(params[k])
               for k in ("trace", "before", "after") if ":" + k in sql)


def close_to(read, want, slack=0):
    """Reads of one scan and not of two: within 10% and 64 KB (the shell
    reads the extension's headers and the .sql file too), and up to slack
    more (lookup_slack)."""
    return -(0.1 * want + 65536) <= read - want <= 0.1 * want + 65536 + slack


def decimals(x):
    text = repr(x)
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def same_rows(a, b):
    """Equal rows; floats may differ by one in the last decimal they show."""
    def same(x, y):
        if isinstance(x, float) or isinstance(y, float):
            return isinstance(x, (int, float)) and isinstance(y, (int, float)) and \
                abs(x - y) <= 1.01 * 10 ** -max(decimals(x), decimals(y), 1)
        return x == y
    return len(a) == len(b) and all(len(r) == len(s) and all(map(same, r, s)) for r, s in zip(a, b))


def run_python(db, sql, params):
    """Every row (:limit -1) and the bytes read."""
    r0 = bytes_read()
    rows = [list(r) for r in db.execute(sql, dict(params, limit=-1)).fetchall()]
    return rows, bytes_read() - r0


def run_node(path, params):
    out = subprocess.run(["node", "tests/oracle/sql_clients.mjs", EXT, path, json.dumps(dict(params, limit=None))],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if out.returncode != 0:
        raise SystemExit("node on %s failed: %s" % (path, out.stderr))
    return json.loads(out.stdout)


def run_shell(path, params):
    """Lines printed, CPU seconds and bytes read by the sqlite3 shell
    running the file with .read, :limit never set."""
    args = ["sqlite3", "-batch", ":memory:", ".load " + EXT, "PRAGMA temp_store = MEMORY"]
    for k, v in params.items():
        args.append(".parameter set :%s '%s'" % (k, v.replace("'", "''")))
    args.append(".read " + path)
    r0, c0 = bytes_read(), resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = c1.ru_utime + c1.ru_stime - c0.ru_utime - c0.ru_stime
    # this process read the shell's output from its pipes: not the shell's reads
    read = bytes_read() - r0 - len(out.stdout) - len(out.stderr)
    if out.returncode != 0 or out.stderr:
        raise SystemExit("sqlite3 on %s failed: %s" % (path, out.stderr.decode()))
    return out.stdout.count(b"\n"), seconds, read


def params_for(name, text, inputs):
    """The parameters a file takes, from its name (build-*, clang-*) and the
    names it uses; a new kind of parameter needs a line here."""
    params = {}
    if ":trace" in text:
        params["trace"] = inputs["build"] if name.startswith("build-") else \
            inputs["cmake"] if name == "clang-build-analyzer.sql" else \
            inputs["clang"] if name.startswith("clang-") else inputs["tiny"]
    if ":before" in text:
        params["before"], params["after"] = (inputs["profile_before"], inputs["profile"]) \
            if name.startswith("self-profile-") else (inputs["tiny"], inputs["legacy"])
    if ":profile" in text:
        params["profile"] = inputs["profile"]
    if ":build" in text:
        params["build"] = inputs["cargo_build"]     # build-overview.sql: timings, profiles and traces
    if ":options" in text:
        params["options"] = "since=2000-01-01"      # every file of the test build: the same rows
    if ":before_options" in text:                   # diff.sql: each side's own
        params["before_options"] = params["after_options"] = "since=2000-01-01"
    if ":pattern" in text:
        params["pattern"] = "^(core::ptr::drop_in_place::<)?<*tiny::"
    if ":min_us" in text:
        params["min_us"] = "200"         # export-hot.sql: 190 of tiny-v0's 18,693 events
    unknown = set(re.findall(r":([A-Za-z_]\w*)", re.sub(r"'[^']*'", "", re.sub(r"--[^\n]*", "", text)))) \
        - set(params) - {"limit"}
    check(not unknown, "%s: parameters this test knows (%s unknown)" % (name, ", ".join(sorted(unknown))))
    return params


def test_file(db, path, inputs):
    name = os.path.basename(path)
    text = open(path, encoding="utf-8").read()
    stmts = list(statements(text))
    params = params_for(name, text, inputs)
    if ASAN:
        # The sanitizer pass is for the extension's memory: one client runs
        # every statement (the clients' answers are compared in the other pass).
        for i, sql in enumerate(stmts, 1):
            full, py_read = run_python(db, sql, params)
            check(close_to(py_read, expected_read(sql, params), lookup_slack(sql, params)),
                  "%s, statement %d: Python reads each trace once (%d rows)" % (name, i, len(full)))
        return
    node = run_node(path, params)
    check(len(node["statements"]) == len(stmts), "%s: Node ran %d statements" % (name, len(stmts)))
    shell_lines, shell_s, shell_read = run_shell(path, params)
    want_lines = 0
    for i, (sql, ran) in enumerate(zip(stmts, node["statements"]), 1):
        what = "%s, statement %d" % (name, i)
        want = expected_read(sql, params)
        scans = (1 if ":build" in sql else scans_of_profile(sql) if "self_profile(" in sql else
                 max(scans_of_file(sql, has_pairs(params[k]), has_big(params[k])) for k in ("trace", "before", "after")
                     if ":" + k in sql)) if ":" in sql else 1
        full, py_read = run_python(db, sql, params)
        slack = lookup_slack(sql, params)
        check(close_to(ran["read"], want, slack), "%s: Node (SQLite %s) reads each trace once" % (what, node["version"]),
              "(%.2f times, want %d)" % (ran["read"] / (want / scans), scans))
        check(close_to(py_read, want, slack), "%s: Python (SQLite %s) reads each trace once" % (what, sqlite3.sqlite_version),
              "(%.2f times, want %d)" % (py_read / (want / scans), scans))
        per_list = re.search(r"<= coalesce\(:limit, %d\)" % DEFAULT_LIMIT, sql) is not None
        if per_list:                    # several lists, :limit rows each: Python's rows with :limit 50
            cut = [list(r) for r in db.execute(sql, dict(params, limit=DEFAULT_LIMIT)).fetchall()]
        else:
            cut = full if name in FOLDED or ":limit" not in sql else full[:DEFAULT_LIMIT]
        # the shell prints a row's text as it is: a trace (export-hot.sql) is many lines
        want_lines += sum(1 + sum(str(v).count("\n") for v in r) for r in cut)
        check(same_rows(ran["rows"], cut), "%s: Node with :limit NULL gives Python's first %d of %d rows" %
              (what, len(cut), len(full)), "\n  node   %r\n  python %r" % (ran["rows"][:2], cut[:2]))
        if re.search(r"^\s*ORDER BY", sql, re.M) and name not in FOLDED:
            check(per_list or re.search(r"^\s*LIMIT coalesce\(:limit, %d\);$" % DEFAULT_LIMIT, sql, re.M) is not None,
                  "%s: a list takes :limit, default %d" % (what, DEFAULT_LIMIT))
    check(shell_lines == want_lines, "%s: the shell prints %d rows with :limit not set" % (name, want_lines),
          "(it printed %d)" % shell_lines)
    want = sum(expected_read(sql, params) for sql in stmts)
    check(close_to(shell_read, want, sum(lookup_slack(sql, params) for sql in stmts)), "%s: the shell reads each trace once per statement" % name,
          "(%d bytes, want %d)" % (shell_read, want))
    node_s = sum(s["cpu"] for s in node["statements"])
    check(node_s <= 3 * shell_s + 1, "%s: Node within 3x the shell + 1 s" % name,
          "(%.2f s, shell %.2f s)" % (node_s, shell_s))
    print("%-32s CPU seconds: shell %6.2f  node %6.2f" % (name, shell_s, node_s))


def build_copies(tmp, copies):
    """A folder of links to every file of tests/data/build-v0, `copies` times."""
    folder = os.path.join(tmp, "build")
    os.makedirs(folder)
    files = sorted(glob.glob(BUILD + "/deps/*.json.gz") + glob.glob(BUILD + "/build/*/*.json.gz") +
                   glob.glob(BUILD + "/build/*/out/*.json.gz"))
    for k in range(copies):
        for f in files:
            flat = os.path.relpath(f, BUILD).replace("/", "_")
            os.symlink(os.path.abspath(f), os.path.join(folder, "%d_%s" % (k, flat)))
    return folder


def main():
    db = connect()
    db.execute("PRAGMA temp_store = MEMORY")
    with tempfile.TemporaryDirectory() as tmp:
        clang = os.path.join(tmp, "clang")
        os.makedirs(clang)
        for f in glob.glob(os.path.join(DATA, "clang-*.json")):
            os.symlink(os.path.abspath(f), os.path.join(clang, os.path.basename(f)))
        inputs = dict(tiny=os.path.join(DATA, "tiny-v0.json"), legacy=os.path.join(DATA, "tiny-legacy.json"),
                      build=build_copies(tmp, 4), clang=clang,
                      profile=os.path.join(DATA, "selfprofile-incr.mm_profdata"),
                      cargo_build="tests/data/cargo-build",
                      profile_before=os.path.join(DATA, "selfprofile-small.mm_profdata"),
                      cmake="tests/data/cmake-clang19/CMakeFiles/{*/*,*/*/*}.json.gz")
        files = sorted(glob.glob("sql/*.sql"))
        check(len(files) >= 15, "%d sql/ files" % len(files))
        for path in files:
            test_file(db, path, inputs)
        same_text_everywhere(db)
    return report()


def same_text_everywhere(db):
    """summarize.sql prints its numbers as text: the same text in every
    client, to the character.  printf('%.2f') of a double that is a decimal
    half (0.045) printed 0.05 in SQLite 3.40 and 0.04 in 3.53:
    ReassociatePass in clang-json_catalog.json did."""
    with open("sql/summarize.sql") as f:
        sql = f.read()
    for trace in sorted(glob.glob(os.path.join(DATA, "clang*-*.json"))) + [os.path.join(DATA, "tiny-v0.json")]:
        if not os.path.isfile(trace):
            continue
        params = {"trace": trace}
        py = [list(r) for r in db.execute(sql, dict(params, limit=None)).fetchall()]
        node = run_node("sql/summarize.sql", params)["statements"][0]["rows"]
        check(py == node, "summarize.sql on %s: the same text in Python (SQLite %s) and Node" %
              (os.path.basename(trace), sqlite3.sqlite_version),
              next(("\n  %r\n  %r" % p for p in zip(py, node) if p[0] != p[1]), ""))


if __name__ == "__main__":
    sys.exit(main())
