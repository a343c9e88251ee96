#!/usr/bin/python3
"""strings_oracle.py: which strings trace_events takes, decided by Python.

A string is valid exactly when Python decodes it: its bytes by
bytes.decode('utf-8') and the whole string by json.loads, whose result must
encode to UTF-8 again (json.loads lets a lone surrogate escape through as a
lone surrogate, which no UTF-8 holds).  Strings are made of pieces: ASCII,
every edge of UTF-8 raw and as \\u escapes, surrogate pairs, and every kind
of bad byte and unpaired surrogate escape; each piece alone and 400 random
sequences of pieces (fixed seed).  Each string is put in the name of one
event among plain ones, in the array, object and JSON Lines formats, and
read with one thread, with two threads in small pieces, with lexer=yajl
and gzipped.  A valid string must come back as the bytes Python makes of
it; a bad one must end the scan, after the rows before it, with
"invalid UTF-8 in string" at the first byte of the first bad character
(Python's UnicodeDecodeError.start) or "invalid \\u escape: unpaired
surrogate" at the "\\" of the first unpaired surrogate escape, whichever
comes first.  Prints "N passed, M failed".
"""
import gzip
import json
import os
import random
import re
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, connect, report  # noqa: E402

GOOD = [b"a", b"Run Pass", b"\x7f", b"\xc2\x80", b"\xdf\xbf", b"\xe0\xa0\x80", b"\xed\x9f\xbf",
        b"\xee\x80\x80", b"\xef\xbf\xbf", b"\xf0\x90\x80\x80", b"\xf4\x8f\xbf\xbf", b"\xc3\xa9",
        b"\\u007f", b"\\u0080", b"\\u07ff", b"\\u0800", b"\\ud7ff", b"\\ue000", b"\\uFFFF",
        b"\\ud800\\udc00", b"\\uDBFF\\uDFFF", b"\\ud83d\\ude00", b"\\\\", b"\\\\ud800", b"\\n", b"\\\""]
BAD = [b"\xc0\x80", b"\xc1\xbf", b"\xe0\x80\x80", b"\xe0\x9f\xbf", b"\xf0\x80\x80\x80",
       b"\xf0\x8f\xbf\xbf", b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xf4\x90\x80\x80", b"\xf5\x80\x80\x80",
       b"\xf8", b"\xfe", b"\xff", b"\x80", b"\xbf", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98",
       b"\\ud800", b"\\uDBFF", b"\\udc00", b"\\uDFFF", b"\\ud800\\u0041", b"\\ud800\\ud800"]
PLAIN = b'{"ph":"X","pid":1,"tid":2,"ts":%d,"dur":1,"name":"plain event %d"}'
NBEFORE = 30   # plain events before the one with the string: a late piece


def python_says(body):
    """The UTF-8 Python makes of a JSON string body, or None when it cannot."""
    try:
        return json.loads(b'"' + body + b'"').encode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError, json.JSONDecodeError):
        return None


def first_bad(body):
    """(offset in body, message) of the first bad character or escape."""
    best = None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as e:
        best = (e.start, "invalid UTF-8 in string")
    escapes = list(re.finditer(rb"\\(?:u([0-9a-fA-F]{4})|.)", body, re.S))
    k = 0
    while k < len(escapes):
        m = escapes[k]
        cp = int(m.group(1), 16) if m.group(1) else None
        if cp is not None and 0xD800 <= cp <= 0xDBFF:
            nxt = escapes[k + 1] if k + 1 < len(escapes) else None
            if nxt and nxt.start() == m.end() and nxt.group(1) and 0xDC00 <= int(nxt.group(1), 16) <= 0xDFFF:
                k += 2
                continue
        if cp is not None and 0xD800 <= cp <= 0xDFFF:
            if best is None or m.start() < best[0]:
                best = (m.start(), "invalid \\u escape: unpaired surrogate")
            break
        k += 1
    return best


def trace(body, fmt):
    """A trace with the string in the name of event NBEFORE+1, and the offset of the string."""
    events = [PLAIN % (i, i) for i in range(NBEFORE)]
    odd = b'{"ph":"X","ts":99,"name":"'
    if fmt == "array":
        head, sep, tail = b"[", b",", b"]"
    elif fmt == "object":
        head, sep, tail = b'{"traceEvents":[', b",", b'],"beginningOfTime":1}'
    else:
        head, sep, tail = b"", b"\n", b"\n"
    text = head + sep.join(events) + sep
    at = len(text) + len(odd)
    text += odd + body + b'"}' + sep + (PLAIN % (100, 100)) + tail
    return text, at


def scan(db, path, options):
    """The names, then the error message or None."""
    names, err = [], None
    try:
        for (name,) in db.execute("SELECT hex(name) FROM trace_events(?, ?)", (path, options)):
            names.append(name)
    except sqlite3.Error as e:
        err = str(e)
    return names, err


def main():
    rng = random.Random(20240611)
    bodies = GOOD + BAD
    for _ in range(400):
        n = rng.randint(1, 4)
        bodies.append(b"".join(rng.choice(GOOD if rng.random() < 0.7 else BAD) for _ in range(n)))
    db = connect()
    tmp = tempfile.mkdtemp()
    plain_hex = [(b"plain event %d" % i).hex().upper() for i in range(NBEFORE)]
    for k, body in enumerate(bodies):
        want_text = python_says(body)
        bad = first_bad(body)
        check((want_text is None) == (bad is not None), "Python and the rule agree on %r" % body)
        for fmt in ("array", "object", "lines"):
            text, at = trace(body, fmt)
            path = os.path.join(tmp, "s%d.%s.json" % (k, fmt))
            with open(path, "wb") as f:
                f.write(text)
            runs = [(path, "threads=1"), (path, "threads=2,piece=97"), (path, "lexer=yajl")]
            if k % 10 == 0:
                gz = path + ".gz"
                with gzip.open(gz, "wb") as f:
                    f.write(text)
                runs.append((gz, ""))
            for p, options in runs:
                names, err = scan(db, p, options)
                what = "%r (%s, %s)" % (body, fmt, options or "gzip")
                if want_text is not None:
                    check(err is None and names == plain_hex + [want_text.hex().upper(), (b"plain event 100").hex().upper()],
                          what + ": read as Python reads it", "%s %s" % (names[NBEFORE:], err))
                else:
                    want_err = "trace_events: %s: byte %d: %s" % (p, at + bad[0], bad[1])
                    # Python's cursor steps one row ahead and drops the row
                    # before an error: the last plain row is not seen here
                    # (tests/sql/trace_events.test and the unit tests see it).
                    check(names == plain_hex[:-1] and err == want_err, what + ": rows, then the error",
                          "%d rows, %s, want %s" % (len(names), err, want_err))
            for p in set(p for p, _ in runs):
                os.unlink(p)
    os.rmdir(tmp)
    return report()


if __name__ == "__main__":
    sys.exit(main())
