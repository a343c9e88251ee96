#!/usr/bin/python3
"""locale_test.py: numbers are read the same whatever the host's locale.

A program that calls setlocale(LC_ALL, "") under de_DE.UTF-8 (as GUI
programs, R, PHP and many others do) makes C's strtod read "1.5" as 1: the
decimal point is ','.  The extension runs inside such programs, so every
number it reads from text must not depend on it: the events' ts and dur
(REAL when they are not integers), the call tree built from them, and
cargo's timings.  The same statements run in this process (the C locale)
and in a child Python that sets de_DE.UTF-8 (made here with localedef into
a temporary LOCPATH: Debian's `locales` package, installed by make deps),
and both must give:
  - ts and dur of every number of a list (decimals, exponents, the limits
    of 64-bit integers and of doubles, subnormals, halfway cases, 1000
    digits, random ones) exactly as Python's int() or float() of its text
    (float() rounds correctly), INTEGER or REAL as SQLite types them;
  - self_dur and depth of the tree built from fractional times, against
    the same numbers;
  - cargo_timings() of the test build's pages: the same rows in both.
Prints "N passed, M failed".
"""
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

from checks import check, connect, report

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAGES = os.path.join(ROOT, "tests", "data", "cargo-build", "cargo-timings")
LOCALE = "de_DE.UTF-8"

# The exact decimal value of 1 + 2**-53, halfway between 1 and the next
# double: it rounds to even (1.0); a 1 after 900 more digits tips it up.
HALF = "1.00000000000000011102230246251565404236316680908203125"

FIXED = [
    "0", "-0", "0.0", "-0.0", "1", "1.5", "-2.25", "0.1", "0.30000000000000004", "123.456e3",
    "1E-7", "1e+2", "2.5e-3", "17976931348623157e292", "1.7976931348623157e308",
    "1.7976931348623158e308", "1.7976931348623159e308", "1e309", "-1e400", "1e-400",
    "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
    "2.2250738585072011e-308", "2.2250738585072012e-308", "9007199254740993",
    "9223372036854775807", "9223372036854775808", "-9223372036854775808",
    "-9223372036854775809", "123456789012345678901234567890", "1e99999999999999999999",
    "1e-99999999999999999999", "0." + "0" * 70 + "1", "1." + "0" * 70 + "1",
    HALF, HALF + "0" * 900 + "1", HALF + "0" * 900, "-" + HALF + "0" * 900 + "1",
    "1" * 1000, "0." + "0" * 500 + "1" * 900 + "e500", "7" * 320 + "e-320",
]


def random_numbers(rng, n):
    out = []
    for _ in range(n):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 25)))
        digits = digits.lstrip("0") or "0"
        k = rng.randint(0, len(digits))
        text = digits[:k] or "0"
        if k < len(digits):
            text += "." + digits[k:]
        if rng.random() < 0.5:
            text += "e%d" % rng.randint(-330, 310)
        if rng.random() < 0.3:
            text = "-" + text
        out.append(text)
    return out


def sql_value(text):
    """The value trace_events gives a JSON number: an INTEGER when it is
    written as one and fits in 64 bits, else the nearest double."""
    if re.fullmatch(r"-?[0-9]+", text):
        v = int(text)
        if -2**63 <= v < 2**63:
            return v
    return float(text)


def same(a, b):
    """Equal, and of the same type; a REAL to the bit (but -0.0 and 0.0:
    SQLite makes no difference between them)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b if a == 0 else repr(a) == repr(b)
    return a == b


# What the child runs (and this process too): the statements' answers as JSON.
QUERIES = r'''
import json, sqlite3, sys
def answers(ext, numbers_file, tree_file, pages):
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(ext)
    out = {}
    out["numbers"] = db.execute("SELECT name, ts, dur FROM trace_events(?) ORDER BY rowid",
                                (numbers_file,)).fetchall()
    out["tree"] = db.execute("SELECT name, ts, dur, self_dur, depth FROM trace_events(?) ORDER BY rowid",
                             (tree_file,)).fetchall()
    out["cargo"] = db.execute("SELECT * FROM cargo_timings(?) ORDER BY file, i", (pages,)).fetchall()
    return out
'''


def run_child(tmp, locpath, args):
    code = (QUERIES + "\nimport locale\n"
            "locale.setlocale(locale.LC_ALL, '')\n"
            "print(json.dumps({'point': locale.localeconv()['decimal_point'], "
            "'answers': answers(*sys.argv[1:5])}))\n")
    env = dict(os.environ, LOCPATH=locpath, LC_ALL=LOCALE)
    p = subprocess.run([sys.executable, "-c", code] + args, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        return None, p.stderr[-2000:]
    return json.loads(p.stdout), ""


def write_traces(tmp, numbers):
    """numbers.json: each number as the ts of an instant and the dur of a
    complete event, each on a thread of its own.  tree.json: nested
    complete events with fractional times whose depth and self time are
    known: on thread 1, an outer slice [0.5, 10.25) holding [1.5, 3.75)
    and [3.75, 9.125), the second holding [4.0625, 4.5); on thread 2 two
    siblings, [0.1, 0.2) and one of 0.30000000000000004 from 0.25; on
    thread 3 a slice whose dur is written with 70 digits."""
    ev = []
    for k, text in enumerate(numbers):
        ev.append('{"ph":"i","s":"t","name":"ts%d","ts":%s,"pid":1,"tid":%d}' % (k, text, k + 1))
        ev.append('{"ph":"X","name":"dur%d","ts":0,"dur":%s,"pid":2,"tid":%d}' % (k, text, k + 1))
    numbers_file = os.path.join(tmp, "numbers.json")
    with open(numbers_file, "w") as f:
        f.write('{"traceEvents":[' + ",".join(ev) + "]}")
    tree = [("outer", "0.5", "9.75", 1), ("a", "1.5", "2.25", 1), ("b", "3.75", "5.375", 1),
            ("c", "4.0625", "0.4375", 1), ("p", "1e-1", "0.1", 2), ("q", "0.25", "0.30000000000000004", 2),
            ("long", "0", "0.5" + "0" * 66 + "1", 3)]
    tree_file = os.path.join(tmp, "tree.json")
    with open(tree_file, "w") as f:
        f.write("[" + ",".join('{"ph":"X","name":"%s","ts":%s,"dur":%s,"pid":1,"tid":%d}' % t
                               for t in tree) + "]")
    return numbers_file, tree_file


def tree_expected():
    """name -> (depth, self_dur) by hand from the times above."""
    return {"outer": (0, 9.75 - 2.25 - 5.375), "a": (1, 2.25), "b": (1, 5.375 - 0.4375),
            "c": (2, 0.4375), "p": (0, 0.1), "q": (0, float("0.30000000000000004")),
            "long": (0, 0.5)}


def check_answers(label, got, numbers):
    rows = got["numbers"]
    check(len(rows) == 2 * len(numbers), label + ": one row per event", "(%d rows)" % len(rows))
    bad = []
    for k, text in enumerate(numbers):
        want = sql_value(text)
        ts = rows[2 * k][1] if 2 * k < len(rows) else None
        dur = rows[2 * k + 1][2] if 2 * k + 1 < len(rows) else None
        if not (same(ts, want) and same(dur, want)):
            bad.append("%s%s: ts %r, dur %r, want %r" % (text[:40], "..." if len(text) > 40 else "", ts, dur, want))
    check(not bad, label + ": ts and dur of %d numbers as Python's int()/float()" % len(numbers),
          "; ".join(bad[:5]) + (" (%d wrong)" % len(bad) if bad else ""))
    want = tree_expected()
    got_tree = {r[0]: (r[4], r[3]) for r in got["tree"]}
    bad = ["%s: got depth, self_dur %r, want %r" % (n, got_tree.get(n), w)
           for n, w in sorted(want.items()) if got_tree.get(n) is None
           or got_tree[n][0] != w[0] or abs(got_tree[n][1] - w[1]) > 1e-12]
    check(not bad, label + ": the tree of fractional times (depth, self_dur)", "; ".join(bad))


def main():
    if shutil.which("localedef") is None:
        check(False, "localedef is installed (Debian's libc-bin)", "")
        return report()
    tmp = tempfile.mkdtemp(prefix="tt-locale-")
    try:
        locpath = os.path.join(tmp, "locales")
        os.mkdir(locpath)
        p = subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8", os.path.join(locpath, LOCALE)],
                           capture_output=True, text=True)
        made = os.path.isdir(os.path.join(locpath, LOCALE))
        check(made, "localedef makes %s (Debian's locales package: make deps)" % LOCALE,
              (p.stderr or p.stdout)[-500:])
        if not made:
            return report()
        numbers = FIXED + random_numbers(random.Random(19), 400)
        numbers_file, tree_file = write_traces(tmp, numbers)
        args = [os.path.abspath(os.environ.get("TT_EXT", "build/timetrace")), numbers_file, tree_file, PAGES]
        scope = {}
        exec(QUERIES, scope)
        here = json.loads(json.dumps(scope["answers"](*args)))
        child, err = run_child(tmp, locpath, args)
        check(child is not None, "the child under %s runs" % LOCALE, err)
        if child is None:
            return report()
        check(child["point"] == ",", "the child's decimal point is ','", repr(child["point"]))
        check_answers("C locale", here, numbers)
        check_answers(LOCALE, child["answers"], numbers)
        check(len(here["cargo"]) >= 10 and any(isinstance(v, float) and v != int(v)
                                              for r in here["cargo"] for v in r),
              "cargo_timings has rows with fractional times", "(%d rows)" % len(here["cargo"]))
        check(child["answers"]["cargo"] == here["cargo"],
              "cargo_timings: the same rows under %s as under C" % LOCALE,
              "(first difference: %r)" % (next(((a, b) for a, b in zip(child["answers"]["cargo"], here["cargo"])
                                                if a != b), None),))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return report()


if __name__ == "__main__":
    sys.exit(main())
