"""checks.py: what the Python oracle tests share.

check(ok, what[, detail]) counts a result and prints the failures;
report() prints the closing line "N passed, M failed" that tests/run.sh
adds up and returns the exit status; connect() is a sqlite3 connection
with the extension ($TT_EXT) loaded; bytes_read() what this process has
read so far; peak_memory(fn) how far fn() raised this process's resident
memory at its highest.
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


def bytes_read():
    """Bytes this process has read so far (rchar of /proc/self/io): the
    extension reads traces in the process that loaded it."""
    with open("/proc/self/io") as f:
        for line in f:
            if line.startswith("rchar:"):
                return int(line.split()[1])
    raise RuntimeError("no rchar in /proc/self/io")


def peak_memory(fn):
    """(fn(), bytes the resident set rose to at most above where it was
    while fn ran), the peak None where it cannot be measured (Linux only:
    writing 5 to /proc/self/clear_refs resets VmHWM, the peak, to now).
    An exception of fn() is returned in place of its result.  Peaks are
    only meaningful in the normal pass: ASan keeps freed memory aside."""
    def status(key):
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
        raise RuntimeError("no %s in /proc/self/status" % key)
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        before = status("VmRSS")
    except (OSError, RuntimeError):
        before = None
    try:
        out = fn()
    except Exception as e:  # noqa: BLE001 (the caller checks it)
        out = e
    return out, (None if before is None else status("VmHWM") - before)
