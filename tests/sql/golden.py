#!/usr/bin/python3
"""golden.py FILE.test: run golden SQL tests through the real sqlite3 shell.

Format of a .test file (blocks separated by blank lines):

    # a comment line
    @file NAME = b'...'          writes a file into $TMP (a Python bytes literal);
                                 NAME may start with folders (d/x.json): they are made
    @file NAME <<END             writes the lines up to END into $TMP/NAME
    ...
    END
    SELECT ...;                  SQL, one or more lines, up to a line "----"
    ----
    expected output              up to the next blank line (may be empty)

Each SQL block runs in a fresh `sqlite3 -batch :memory:` that first loads
the extension ($TT_EXT) and shows NULL as "NULL" (.nullvalue NULL).  In the SQL and the expected output, $DATA is the
test data folder ($TT_DATA) and $TMP the folder of the @file files.  Shell
error lines ("Runtime error near line 3: ...", "Parse error ...") are
compared as "Error: <message>", after all of the standard output.  Prints "N passed, M failed".
"""
import ast
import os
import re
import subprocess
import sys
import tempfile

SQLITE3 = os.environ.get("TT_SQLITE3", "sqlite3")
EXT = os.environ.get("TT_EXT", "build/timetrace")
DATA = os.environ.get("TT_DATA", "build/testdata")


def parse_blocks(text):
    """Yield ('file', name, bytes) and ('sql', lineno, sql, expected) items."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.startswith("#"):
            i += 1
            continue
        if line.startswith("@file "):
            m = re.match(r"@file (\S+) = (.*)$", line)
            if m:
                yield ("file", m.group(1), ast.literal_eval(m.group(2)))
                i += 1
                continue
            m = re.match(r"@file (\S+) <<(\S+)$", line)
            if not m:
                raise SystemExit("line %d: bad @file line" % (i + 1))
            name, end = m.group(1), m.group(2)
            body = []
            i += 1
            while i < len(lines) and lines[i] != end:
                body.append(lines[i])
                i += 1
            i += 1
            yield ("file", name, ("\n".join(body) + "\n").encode())
            continue
        start = i
        sql = []
        while i < len(lines) and lines[i] != "----":
            sql.append(lines[i])
            i += 1
        if i >= len(lines):
            raise SystemExit("line %d: SQL without a ---- line" % (start + 1))
        i += 1
        expected = []
        while i < len(lines) and lines[i].strip() != "":
            expected.append(lines[i])
            i += 1
        yield ("sql", start + 1, "\n".join(sql), expected)


def normalize(output):
    out = []
    for line in output.rstrip("\n").split("\n") if output.strip() else []:
        line = re.sub(r"^(Runtime|Parse) error near line \d+: ", "Error: ", line)
        line = re.sub(r"^Error: (stepping|in prepare), ", "Error: ", line)
        out.append(line)
    # the shell repeats the failing SQL after a parse error: keep only the message
    return [l for l in out if not re.match(r"^\s+\^--- error here$", l)]


def main():
    path = sys.argv[1]
    text = open(path, encoding="utf-8").read()
    tmp = tempfile.mkdtemp(prefix="tt-golden-")
    env = dict(os.environ)
    if env.get("TT_ASAN") == "1":
        env["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=1"
    passed = failed = 0
    for item in parse_blocks(text):
        if item[0] == "file":
            os.makedirs(os.path.dirname(os.path.join(tmp, item[1])), exist_ok=True)
            with open(os.path.join(tmp, item[1]), "wb") as f:
                f.write(item[2])
            continue
        _, lineno, sql, expected = item
        sql_run = sql.replace("$DATA", DATA).replace("$TMP", tmp)
        expected = [e.replace("$DATA", DATA).replace("$TMP", tmp) for e in expected]
        script = ".load %s\n.nullvalue NULL\n%s\n" % (EXT, sql_run)
        proc = subprocess.run([SQLITE3, "-batch", ":memory:"], input=script.encode(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        # standard output first, then standard error: the order of a pipe's
        # buffered output and the unbuffered error stream is not reliable
        got = normalize(proc.stdout.decode("utf-8", "replace")) + \
            normalize(proc.stderr.decode("utf-8", "replace"))
        # a failing SQL statement repeats in the parse-error output; drop echo lines
        got = [g for g in got if g.strip() not in [s.strip() for s in sql_run.split("\n")]]
        if got == expected:
            passed += 1
        else:
            failed += 1
            print("%s:%d: FAIL\n  sql:      %s\n  expected: %r\n  got:      %r"
                  % (path, lineno, sql.replace("\n", "\n            "), expected, got))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
