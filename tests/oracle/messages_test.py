#!/usr/bin/python3
"""messages_test.py: an error message that quotes what the user gave (an
argument, an option, a path) is text whatever the user gave: valid UTF-8
(a byte that is not UTF-8 shows as \\xHH, a control character is escaped
too), at most a few hundred bytes (a long text is cut after a fixed number
of characters, never inside one, with "..."), and still names the bad
argument.  Python's sqlite3 decides: it decodes the message as UTF-8, so a
bad byte in it raised UnicodeDecodeError instead of OperationalError.

Every function, table option and path that an error message quotes is
given: a byte 0xFF, a character cut at the bound (an ASCII prefix of 0 to
3 bytes, then 3-byte characters: a cut by bytes splits one of them),
control characters and a 100 KB text; and a folder whose file has a 0xFF
byte in its name (Linux allows it), which the tables name when the file
is not a trace.  Prints "N passed, M failed".
"""
import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, connect, report  # noqa: E402

# The longest message allowed: the quoted text is cut after at most 200
# characters (a path; an argument after 40 to 80) and in at most 512 bytes.
MAX_BYTES = 800

# The inputs: (label, bytes, what the message must show of them).
BIG = b"q" * 100000
INPUTS = [("a 0xFF byte", b"\xff", "\\xFF"),
          ("a cut 0xE2 sequence", b"z\xe2\x82", "z\\xE2\\x82"),
          ("control characters", b"\x01\n\x1b(1m\x7f\xc2\x85", "\\x01\\x0A\\x1B(1m\\x7F\\u0085"),
          ("a 100 KB text", BIG, "q" * 40 + "...")]
for k in range(4):
    INPUTS.append(("%d ASCII bytes then 3-byte characters" % k, b"a" * k + "\u20ac".encode() * 200,
                   "a" * k + "\u20ac" * 10))
INPUTS.append(("39 'a' then 'e acute' (the bug hunt's)", b"a" * 39 + "\u00e9".encode(), "a" * 39 + "\u00e9"))


def is_text(msg):
    """No control character (C0, DEL, C1) and no U+FFFD in the message."""
    return not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c == "\ufffd" for c in msg)


def error_of(db, sql, params=()):
    """The exception a statement raises (None when it raises none)."""
    try:
        db.execute(sql, params).fetchall()
    except Exception as e:  # noqa: BLE001 - the type is what is checked
        return e
    return None


def check_message(db, what, sql, params, want_start, want_show):
    """sql raises OperationalError whose message starts with want_start,
    shows want_show, is text and is short."""
    e = error_of(db, sql, params)
    check(isinstance(e, sqlite3.OperationalError), what + ": OperationalError", repr(e)[:300])
    if not isinstance(e, sqlite3.OperationalError):
        return
    msg = str(e)
    check(len(msg.encode()) <= MAX_BYTES, what + ": at most %d bytes" % MAX_BYTES, "%d bytes" % len(msg.encode()))
    check(is_text(msg), what + ": no control character", repr(msg[:300]))
    check(msg.startswith(want_start), what + ": names the function and what is wrong", repr(msg[:300]))
    check(want_show in msg, what + ": shows the argument", "%r not in %r" % (want_show, msg[:300]))


# (what, SQL with one parameter, the start of the message, the message's
# text after the argument, or None); the parameter is the bytes as TEXT.
ARG = "CAST(? AS TEXT)"
CALLS = [
    ("crate_of's mode", "SELECT crate_of('x', %s)" % ARG, "crate_of: unknown mode '", "': the modes are"),
    ("flamegraph's minwidth", "SELECT flamegraph('a', 1, NULL, %s)" % ARG, "flamegraph: minwidth '", "' is not a width"),
    ("flamegraph_diff's minwidth", "SELECT flamegraph_diff('a', 1, 1, NULL, %s)" % ARG,
     "flamegraph_diff: minwidth '", "' is not a width"),
    ("flamegraph's stack (negative)", "SELECT flamegraph(%s, -1)" % ARG, "flamegraph: stack '", "' has the negative weight"),
    ("flamegraph's stack (infinite)", "SELECT flamegraph(%s, 1e999)" % ARG, "flamegraph: stack '", "' has the weight"),
    ("flamegraph's stack (not a number)", "SELECT flamegraph(%s, 'x')" % ARG, "flamegraph: stack '",
     "' has a weight that is not a number"),
    ("flamegraph_diff's stack", "SELECT flamegraph_diff(%s, 'x', 1)" % ARG, "flamegraph_diff: stack '",
     "' has a before weight that is not a number"),
    ("regexp's pattern", "SELECT regexp(%s || '(', 'a')" % ARG, "regexp: invalid pattern '", None),
    ("trace_events' path", "SELECT * FROM trace_events('/nonexistent/' || %s)" % ARG,
     "trace_events: /nonexistent/", ": cannot open"),
    ("trace_metadata's path", "SELECT * FROM trace_metadata('/nonexistent/' || %s)" % ARG,
     "trace_metadata: /nonexistent/", ": cannot open"),
    ("trace_events' pattern", "SELECT * FROM trace_events('/nonexistent/*' || %s)" % ARG,
     "trace_events: /nonexistent/*", None),
    ("trace_events' option", "SELECT * FROM trace_events('x.json', 'z' || %s)" % ARG,
     "trace_events: option 'z", "': unknown: the options are"),
    ("trace_events' threads=", "SELECT * FROM trace_events('x.json', 'threads=' || %s)" % ARG,
     "trace_events: option threads=", ": must be a whole number"),
    ("trace_events' since=", "SELECT * FROM trace_events('x.json', 'since=' || %s)" % ARG,
     "trace_events: option since=", ": must be a time"),
    ("trace_metadata's option", "SELECT * FROM trace_metadata('x.json', 'lexer=' || %s)" % ARG,
     "trace_metadata: option lexer=", ": must be fast or yajl"),
    ("cargo_timings' path", "SELECT * FROM cargo_timings('/nonexistent/' || %s)" % ARG,
     "cargo_timings: /nonexistent/", ": cannot open"),
    ("self_profile's path", "SELECT * FROM self_profile('/nonexistent/' || %s)" % ARG,
     "self_profile: /nonexistent/", ": cannot open"),
    ("self_profile_metadata's path", "SELECT * FROM self_profile_metadata('/nonexistent/' || %s)" % ARG,
     "self_profile_metadata: /nonexistent/", ": cannot open"),
    ("self_profile's option", "SELECT * FROM self_profile('x', 'z' || %s)" % ARG,
     "self_profile: unknown option 'z", "': the options are"),
    ("self_profile's threads=", "SELECT * FROM self_profile('x', 'threads=' || %s)" % ARG,
     "self_profile: option threads=", ": must be a whole number"),
]


def check_calls(db):
    for what, sql, start, after in CALLS:
        for label, raw, want in INPUTS:
            check_message(db, "%s, %s" % (what, label), sql, (raw,), start, want)
            if after is not None and len(raw) < 30:
                # a short argument is shown whole: the text after it follows at once
                e = error_of(db, sql, (raw,))
                check(isinstance(e, sqlite3.OperationalError) and (want + after) in str(e),
                      "%s, %s: shown whole" % (what, label), repr(str(e))[:300])


def check_folder_files(db):
    """Files with a 0xFF byte in their names, found in a folder: the
    message names the file (in the reader's words) as text."""
    with tempfile.TemporaryDirectory() as d:
        db_dir = os.fsencode(d)
        for sub, name, data in ((b"t", b"bad\xff.json", b"{not json"),
                                (b"c", b"cargo-timing-\xff.html", b"<html>no data</html>"),
                                (b"s", b"x\xff.mm_profdata", b"not a profile at all, not at all")):
            os.mkdir(os.path.join(db_dir, sub))
            with open(os.path.join(db_dir, sub, name), "wb") as f:
                f.write(data)
        for what, sql, sub, start in (("trace_events in a folder", "SELECT * FROM trace_events(?)", "t", "trace_events: "),
                                      ("cargo_timings in a folder", "SELECT * FROM cargo_timings(?)", "c", "cargo_timings: "),
                                      ("self_profile in a folder", "SELECT * FROM self_profile(?)", "s", "self_profile: ")):
            check_message(db, what, sql, (os.path.join(d, sub),), start, "\\xFF")
        # the bug hunt's: a missing file with a 0xFF byte in its name
        check_message(db, "trace_events('/tmp/\\xff.json')",
                      "SELECT * FROM trace_events(CAST(x'2f746d702fff2e6a736f6e' AS TEXT))", (),
                      "trace_events: /tmp/\\xFF.json: ", "cannot open")


def main():
    db = connect()
    check_calls(db)
    check_folder_files(db)
    # an ordinary message is as it was
    e = error_of(db, "SELECT crate_of('x', 'outermost')")
    check(str(e).startswith("crate_of: unknown mode 'outermost': the modes are 'outer'"), "ordinary crate_of", str(e))
    e = error_of(db, "SELECT flamegraph('a;b', 'x')")
    check(str(e) == "flamegraph: stack 'a;b' has a weight that is not a number: weights must be numbers",
          "ordinary flamegraph", str(e))
    return report()


if __name__ == "__main__":
    sys.exit(main())
