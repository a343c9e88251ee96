#!/usr/bin/python3
"""mm_profdata_test.py: the C reader of rustc's self-profile files
(ext/mm_*.c, API in mm_profdata.h) against mm_reader.py, an independent
reader written from measureme's documentation.

For every shipped profile (tests/data/*.mm_profdata.xz, decompressed into
$TT_DATA; the version-8 one made from selfprofile-incr by
tests/data/mm_to_v8.py, which must still make it byte for byte), for
version-8 files made from the other two by mm_to_v8.convert (pages of
64 KB, so events straddle pages) and for a gzip copy, build/unit/test_mm_profdata PATH prints the metadata and every event
as JSON lines (tests/unit/mm_dump.h); each must equal what mm_reader
reads: version, start time, pid, command line, counter, then per event
its type, thread, start/end or value, kind, label and arguments (the C
reader's JSON text must also be exactly json.dumps' compact form).

Then damage: each file cut at 30 places and with 30 single bytes changed
(the same places every run).  Both readers must agree: the same events up
to where either stops, and an error from both or from neither (the C
reader may stop on an error where mm_reader stops too, never elsewhere).
Every read is also made with the strings resolved on several threads
(mm_profdata_threads; `--threads N`, default 3; 1: no threaded reads):
its output must be the one-thread output byte for byte, the error and
the event it stops at included.

Prints "N passed, M failed" last; exits non-zero on a failure.
"""
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "data"))
import mm_reader  # noqa: E402
import mm_to_v8  # noqa: E402

DATA = os.environ.get("TT_DATA", os.path.join(ROOT, "build", "testdata"))
ASAN = os.environ.get("TT_ASAN") == "1"
BIN = os.path.join(ROOT, "build", "asan" if ASAN else "", "unit", "test_mm_profdata")
FILES = ["selfprofile-small.mm_profdata", "selfprofile-args-threads2.mm_profdata",
         "selfprofile-incr.mm_profdata", "selfprofile-incr-v8.mm_profdata"]

THREADS = 3
if "--threads" in sys.argv:
    THREADS = int(sys.argv[sys.argv.index("--threads") + 1])

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def c_read(path):
    """(metadata line or None, [event dicts], error or None) from the C reader."""
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
    out = subprocess.run([BIN, path], stdout=subprocess.PIPE, env=env, timeout=600)
    if THREADS > 1:
        outn = subprocess.run([BIN, path, str(THREADS)], stdout=subprocess.PIPE, env=env, timeout=600)
        check(outn.stdout == out.stdout and outn.returncode == out.returncode,
              "%s: %d threads give what one gives" % (path, THREADS))
    meta, events, err = None, [], None
    for line in out.stdout.decode("utf-8").splitlines():
        d = json.loads(line)
        if "error" in d:
            err = d["error"]
        elif "version" in d:
            meta = d
        else:
            events.append(d)
    if out.returncode not in (0, 1) or (out.returncode == 1) != (err is not None):
        raise RuntimeError("%s: exit %d" % (path, out.returncode))
    return meta, events, err


def py_read(body):
    """(Profile or None, [events], error or None) from mm_reader."""
    events = []
    try:
        p = mm_reader.Profile(body)
        for ev in p:
            events.append(ev)
    except (mm_reader.MmError, ValueError, KeyError) as e:
        return None, events, str(e) or type(e).__name__
    return p, events, None


def same_event(c, py):
    want = dict(py)
    args = want.pop("args")
    got = {k: v for k, v in c.items() if k not in ("byte", "args")}
    if got != want:
        return False
    if args is None:
        return c["args"] is None
    return c["args"] == json.dumps(args, ensure_ascii=False, separators=(",", ":"))


def compare_full(name, path, body):
    meta, cev, cerr = c_read(path)
    p, pev, perr = py_read(body)
    check(cerr is None and perr is None, "%s: both read it (C: %s, Python: %s)" % (name, cerr, perr))
    if p is None or meta is None:
        return
    check(meta["version"] == p.version, "%s: version" % name)
    pm = p.metadata
    check(pm is not None and meta["metadata"], "%s: metadata present" % name)
    if pm is not None:
        check(meta["text"] == pm["text"], "%s: metadata text" % name)
        check(meta["start_time"] == pm["start_time"] and meta["pid"] == pm["pid"],
              "%s: start_time %s pid %s" % (name, meta["start_time"], meta["pid"]))
        check(meta["cmd"] == pm["cmd"], "%s: cmd %r vs %r" % (name, meta["cmd"], pm["cmd"]))
        check(meta["counter"] is not None and json.loads(meta["counter"]) == pm["counter"],
              "%s: counter" % name)
    check(len(cev) == len(pev), "%s: %d events from C, %d from Python" % (name, len(cev), len(pev)))
    bad = [i for i, (c, py) in enumerate(zip(cev, pev)) if not same_event(c, py)]
    check(not bad, "%s: %d events differ, first %s" % (
        name, len(bad), bad and (cev[bad[0]], pev[bad[0]])))
    bytes_ok = all(c["byte"] >= 8 for c in cev) and all(
        a["byte"] < b["byte"] for a, b in zip(cev, cev[1:]))
    check(bytes_ok, "%s: event offsets increase" % name)
    print("%s: version %d, %d events, %d with arguments, kinds %s" % (
        name, p.version, len(pev), sum(e["args"] is not None for e in pev),
        sorted({e["kind"] for e in pev})))


# The sanitizer pass checks memory, not answers: fewer damaged copies
# there (every kind of damage still: the first cuts, random cuts, bytes)
DAMAGED = 12 if ASAN else 30


def compare_damaged(name, body, tmp):
    rnd = random.Random(name)
    cases = []
    for k in range(DAMAGED):
        cut = 1 + rnd.randrange(len(body) - 1) if k >= 8 else k * 3
        cases.append(("cut at %d" % cut, body[:cut]))
    for k in range(DAMAGED):
        at = rnd.randrange(len(body))
        b = bytearray(body)
        b[at] = rnd.choice([0, 1, 2, 0xFE, 0xFF, 0x1E, b[at] ^ 0x80, rnd.randrange(256)])
        cases.append(("byte %d set to %d" % (at, b[at]), bytes(b)))
    path = os.path.join(tmp, "damaged.mm_profdata")
    for what, data in cases:
        with open(path, "wb") as f:
            f.write(data)
        meta, cev, cerr = c_read(path)
        p, pev, perr = py_read(data)
        n = min(len(cev), len(pev))
        ok = all(same_event(c, py) for c, py in zip(cev[:n], pev[:n]))
        ok = ok and (cerr is None) == (perr is None) and len(cev) == len(pev)
        check(ok, "%s, %s: C %d events, error %s; Python %d events, error %s" % (
            name, what, len(cev), cerr, len(pev), perr))


def main():
    if not os.path.exists(BIN):
        print("missing %s (make %s)" % (BIN, os.path.relpath(BIN, ROOT)))
        print("0 passed, 1 failed")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        for name in FILES:
            path = os.path.join(DATA, name)
            with open(path, "rb") as f:
                body = f.read()
            compare_full(name, path, body)
            compare_damaged(name, body, tmp)
        bodies = {}
        for name in FILES[:3]:
            with open(os.path.join(DATA, name), "rb") as f:
                bodies[name] = f.read()
        with open(os.path.join(DATA, FILES[3]), "rb") as f:
            check(f.read() == mm_to_v8.convert(bodies[FILES[2]]),
                  "%s is what tests/data/mm_to_v8.py makes of %s" % (FILES[3], FILES[2]))
        for name in FILES[:2]:
            v8 = mm_to_v8.convert(bodies[name])
            path = os.path.join(tmp, "made-v8.mm_profdata")
            with open(path, "wb") as f:
                f.write(v8)
            compare_full("%s as version 8" % name, path, v8)
            if name == FILES[0]:
                compare_damaged("%s as version 8" % name, v8, tmp)
        body = bodies[FILES[0]]
        path = os.path.join(tmp, "gz.mm_profdata.gz")
        with open(path, "wb") as f:
            f.write(gzip.compress(body))
        compare_full("%s, gzip" % FILES[0], path, body)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
