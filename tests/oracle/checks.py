"""checks.py: what the Python oracle tests share.

check(ok, what[, detail]) counts a result and prints the failures;
report() prints the closing line "N passed, M failed" that tests/run.sh
adds up and returns the exit status; connect() is a sqlite3 connection
with the extension ($TT_EXT) loaded.
"""
import os
import sqlite3

EXT = os.environ.get("TT_EXT", "build/timetrace")
DATA = os.environ.get("TT_DATA", "build/testdata")
_count = {"passed": 0, "failed": 0}


def check(ok, what, detail=""):
    if ok:
        _count["passed"] += 1
    else:
        _count["failed"] += 1
        print("FAIL:", what, detail)


def report():
    print("%d passed, %d failed" % (_count["passed"], _count["failed"]))
    return 1 if _count["failed"] else 0


def connect():
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(EXT)
    return db
