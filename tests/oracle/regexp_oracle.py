#!/usr/bin/python3
"""regexp_oracle.py: regexp(PATTERN, TEXT) against Python's re, across locales,
and within its time bound.

- parity: for a table of ordinary patterns (where PCRE2's syntax and
  Python's agree) against real demangled names and texts with non-ASCII
  letters, digits and newlines, regexp() is 1 exactly when re.search()
  finds a match in the str;
- locale: the same table through the sqlite3 shell under LC_ALL=C and
  through a Python client under LC_ALL=C.UTF-8 gives the same answers (the
  issue: '^.$' on 'é' was 1 in one and 0 in the other), and an index on
  regexp() built under one passes PRAGMA integrity_check under the other;
- time: the issue's attacks, (a*)*\\1b on 500 and 2,000 'a's, and 1 MB
  texts on which PCRE2's per-position limit alone runs for hours, end
  within TIME_BOUND seconds of CPU with the limit's error or the answer.
Prints "N passed, M failed".
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

from checks import EXT, DATA, check, connect, report

# CPU seconds a call may take: "well under a second"; the sanitizer build
# is a few times slower.
TIME_BOUND = 3.0 if os.environ.get("TT_ASAN") == "1" else 1.0

PATTERNS = [
    "::", "^core::", "^<", "new$", r"::new$", r"^(core::ptr::drop_in_place::<)?<*web_http_server::photos::(init|PhotosState>::new)",
    r"(serde|tokio)::.*::new$", r"<[a-z_]+::", r"\[[0-9a-f]{16}\]", r"\bfmt\b", r"\d+", r"^\w+$", r"\w+::\w+", r"[A-Z][a-z]+<",
    r"a.*b.*c", r"(?i)VEC", r"(?i)^é", r"^.$", r"^..$", r"^.{3}$", r"\s", r"^\S+$", r"[^\x00-\x7f]", r"[à-ÿ]", r"λ|Ж",
    r"(\w)\1", r"(?P<w>\w{2})(?P=w)", r"(?=.*ptr)(?=.*drop)", r"(?<=::)new", r"(?<!::)new", r"x*?y", r"^(?:a|ab)+$",
    r"end$", r"^start", r"a\nb", r"^line2", r"(?m)^line2", r".$", r"^$", r"u8|u16|u32", r"&'?\w*\s*mut", r"\(\)$",
    r"[a-z]+[0-9]", r"[^\W\d_]{3}", r"\W", r"^\D+$", r"é+", r"(?i)ÉTÉ", r"\bété\b",
]

TEXTS = [
    "", "é", "été", "Été", "λ", "Жук", "٣", "x٣y", "中文", "naïve café", "line1\nline2", "line1\nline2\n", "end\n", "start",
    "a\nb", "aab", "abab", "ababab", "xxxy", "core::fmt::Formatter::new", "<alloc::vec::Vec<u8>>::len", "Vec<u32>",
    "fn(&'a mut T)", "drop()", "abc", "abc123", "ÉTÉ chaud", "été chaud", "mot-clé",
]


def names(limit=400):
    """Demangled names of real Rust symbols: every 300th of rust_symbols.tsv."""
    out = []
    with open(os.path.join(DATA, "rust_symbols.tsv"), encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 300 == 0:
                out.append(line.rstrip("\n").split("\t")[1])
            if len(out) >= limit:
                break
    return out


def python_answers(pairs):
    return [1 if re.search(p, t) else 0 for p, t in pairs]


def test_parity(db, pairs):
    want = python_answers(pairs)
    got = [db.execute("SELECT regexp(?, ?)", (p, t)).fetchone()[0] for p, t in pairs]
    bad = [(p, t, g, w) for (p, t), g, w in zip(pairs, got, want) if g != w]
    check(not bad, "regexp() agrees with Python's re on %d pattern/text pairs (%d matches)"
          % (len(pairs), sum(want)), "; ".join("%r on %r: %r, re %r" % b for b in bad[:10]))


def sql_literal(s):
    return "'" + s.replace("'", "''") + "'"


def shell_answers(pairs, lc_all):
    """The answers of the sqlite3 shell run under LC_ALL=lc_all."""
    sql = ".load %s\n" % EXT + "".join("SELECT regexp(%s, %s);\n" % (sql_literal(p), sql_literal(t))
                                       for p, t in pairs)
    env = dict(os.environ, LC_ALL=lc_all)
    proc = subprocess.run(["sqlite3", "-batch", ":memory:"], input=sql.encode(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    return [int(x) for x in proc.stdout.decode().split()], proc.stderr.decode()


CLIENT = r"""
import json, sqlite3, sys, locale
locale.setlocale(locale.LC_ALL, "")
pairs = json.load(sys.stdin)
db = sqlite3.connect(":memory:")
db.enable_load_extension(True)
db.load_extension(sys.argv[1])
print(json.dumps([db.execute("SELECT regexp(?, ?)", p).fetchone()[0] for p in pairs]))
"""


def client_answers(pairs, lc_all):
    """The answers of a Python client run under LC_ALL=lc_all (it sets its
    locale from the environment, as most programs do)."""
    env = dict(os.environ, LC_ALL=lc_all)
    proc = subprocess.run([sys.executable, "-c", CLIENT, EXT], input=json.dumps(pairs).encode(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        return json.loads(proc.stdout.decode()), proc.stderr.decode()
    except ValueError:
        return None, proc.stderr.decode()


def test_locales(pairs):
    c_shell, err1 = shell_answers(pairs, "C")
    utf8_client, err2 = client_answers(pairs, "C.UTF-8")
    utf8_shell, err3 = shell_answers(pairs, "C.UTF-8")
    check(len(c_shell) == len(pairs), "the shell under LC_ALL=C answers every pair", err1[:300])
    check(utf8_client is not None, "the Python client under LC_ALL=C.UTF-8 answers every pair", err2[:300])
    check(c_shell == utf8_client, "same answers under LC_ALL=C (shell) and C.UTF-8 (Python client)",
          [p for p, a, b in zip(pairs, c_shell, utf8_client or []) if a != b][:10])
    check(c_shell == utf8_shell, "same answers from the shell under LC_ALL=C and C.UTF-8", err3[:300])
    check(c_shell == python_answers(pairs), "and they are Python re's answers")


def test_index_across_locales():
    """An index on regexp() made under LC_ALL=C is intact under C.UTF-8."""
    tmp = tempfile.mkdtemp(prefix="tt-regexp-")
    path = os.path.join(tmp, "idx.db")
    sql = ("CREATE TABLE t(x TEXT); CREATE INDEX t_one ON t(regexp('^.$', x));"
           "INSERT INTO t VALUES ('é'), ('ab'), ('λ'), ('x');")
    proc = subprocess.run(["sqlite3", "-batch", path, ".load " + EXT, sql], stderr=subprocess.PIPE,
                          env=dict(os.environ, LC_ALL="C"))
    check(proc.returncode == 0, "index on regexp() built under LC_ALL=C", proc.stderr.decode()[:300])
    client = ("import sqlite3, sys, locale\nlocale.setlocale(locale.LC_ALL, '')\n"
              "db = sqlite3.connect(sys.argv[2]); db.enable_load_extension(True); db.load_extension(sys.argv[1])\n"
              "print(db.execute('PRAGMA integrity_check').fetchone()[0])\n"
              "print(db.execute(\"SELECT count(*) FROM t WHERE regexp('^.$', x) = 1\").fetchone()[0])\n")
    proc = subprocess.run([sys.executable, "-c", client, EXT, path], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=dict(os.environ, LC_ALL="C.UTF-8"))
    out = proc.stdout.decode().split()
    check(out == ["ok", "3"], "PRAGMA integrity_check under LC_ALL=C.UTF-8: ok, and 3 one-character rows",
          (out, proc.stderr.decode()[:300]))


def timed(db, pattern, text):
    """(result or error message, CPU seconds) of regexp(pattern, text)."""
    t0 = time.process_time()
    try:
        r = db.execute("SELECT regexp(?, ?)", (pattern, text)).fetchone()[0]
    except Exception as e:  # noqa: BLE001 - the message is the result
        r = str(e)
    return r, time.process_time() - t0


LIMIT_MSG = "match limit exceeded: more than 10000000 steps"


def test_time(db):
    runs20 = ("a" * 20 + "c") * 47620 + "b"          # 1 MB
    cases = [
        ("(a*)*\\1b", "a" * 500, 0),
        ("(a*)*\\1b", "a" * 2000, 0),
        ("(a*)*\\1b", "a" * 500 + "cb", LIMIT_MSG),
        ("(a*)*\\1b", "a" * 2000 + "cb", LIMIT_MSG),
        ("(a*)*\\1b", runs20, LIMIT_MSG),
        ("(a|aa)+$", "a" * 40 + "!", LIMIT_MSG),
        ("(x+x+)+y", "x" * 5000, 0),
        ("(x+x+)+y", "x" * 5000 + "z" + "y", LIMIT_MSG),
        ("[a-z]*-X", "a" * 1000000 + "-YX", LIMIT_MSG),
        ("a{65535}", ("a" * 65534 + "b") * 16, LIMIT_MSG),
        ("^(?:a|b)*$", "a" * 1000000, "depth limit exceeded"),
        ("web_http_server::photos", "x" * 1000000 + "web_http_server::photos", 1),
    ]
    for pattern, text, want in cases:
        r, t = timed(db, pattern, text)
        ok_result = r == want if isinstance(want, int) else (isinstance(r, str) and want in r
                                                              and ("'%s'" % pattern) in r)
        check(ok_result, "%s on %d bytes: %r" % (pattern, len(text), want), "got %r" % (r,))
        check(t < TIME_BOUND, "%s on %d bytes within %.0f s of CPU" % (pattern, len(text), TIME_BOUND),
              "took %.2f s" % t)


def main():
    db = connect()
    pairs = [(p, t) for p in PATTERNS for t in TEXTS + names(60)]
    test_parity(db, pairs)
    test_parity(db, [(p, t) for p in PATTERNS[:16] for t in names(400)])
    test_locales([(p, t) for p in PATTERNS for t in TEXTS])
    test_index_across_locales()
    test_time(db)
    return report()


if __name__ == "__main__":
    sys.exit(main())
