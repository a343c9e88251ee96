#!/usr/bin/python3
"""interrupt_test.py: sqlite3_interrupt() stops every long statement.

Each case starts one statement that does its work inside a single call
into the extension (a filter that matches nothing, building the call tree,
building the rowid index, one huge string, a gzip of whitespace, a FIFO
nobody writes to, a self-profile's call tree and grouped scan), interrupts
the connection from another thread once the statement has read a part of
its file (Python's conn.interrupt(), which is sqlite3_interrupt), or DELAY
seconds after the start where the bytes read do not tell (a gzip file, a
FIFO), and checks that:
  - the statement fails with "interrupted" (sqlite3.OperationalError),
  - within LIMIT seconds of the interrupt (more under ASan),
  - the connection answers a small query correctly afterwards,
  - no thread is left behind (/proc/self/task as before the statement).
The inputs are made in a temporary directory and are big enough that,
without the checks in the extension, each statement runs well past the
interrupt (the FIFO one forever: a watchdog opens it for writing after
a few seconds so that the test ends and reports the failure).
Prints "N passed, M failed".
"""
import os
import shutil
import sqlite3
import struct
import sys
import tempfile
import threading
import time
import zlib

from checks import DATA, check, connect, report
import mm_reader

ASAN = os.environ.get("TT_ASAN") == "1"
DELAY = 0.2                       # interrupt this long after the start
LIMIT = 0.5 if ASAN else 0.1      # ... and the statement must end within this
WATCHDOG = 5.0                    # FIFO case: unblock a reader that ignored it


def bytes_read():
    with open("/proc/self/io") as f:
        return int([l for l in f if l.startswith("rchar:")][0].split()[1])


def tasks():
    return len(os.listdir("/proc/self/task"))


def resident_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class Grew:
    """An interrupt condition: measure() (a count of bytes of this process)
    is nbytes more than when the statement started.  Conditions on the
    statement's own progress, where a fixed delay raced with its speed:

    - bytes_read: the file read so far.  Once the scan got faster, a filter
      over 450 MB ended in 0.18 s, before a timer of 0.2 s fired.
    - resident_bytes: while one event's huge string is read, the reader
      holds it back from yajl in memory that grows with what it has read;
      the last step (yajl lexes the string, it is copied) comes after all
      of it.  A fixed delay raced with the read, which takes 0.05 to 0.5 s
      here (less under ASan than without it) and was sometimes over before
      the timer fired: the interrupt then met the last step, which cannot
      stop."""

    def __init__(self, measure, nbytes):
        self.measure = measure
        self.nbytes = nbytes
        self.base = None

    def start(self):
        self.base = self.measure()

    def __call__(self):
        return self.measure() - self.base >= self.nbytes


def make_big(path, size):
    """Copies of tiny-v0's events, each copy with pids of its own, in the
    object format, until the file is about size bytes."""
    with open(os.path.join(DATA, "tiny-v0.json"), "rb") as f:
        text = f.read()
    start = text.index(b"[") + 1
    end = text.rindex(b"]")
    body = text[start:end]
    with open(path, "wb") as out:
        out.write(text[:start])
        n = 0
        k = 0
        while n < size:
            part = body.replace(b'"pid":19251', b'"pid":%d' % (20000 + k))
            if k:
                out.write(b",")
            out.write(part)
            n += len(part) + 1
            k += 1
        out.write(text[end:])


def make_long_string(path, size):
    """One X event whose name is a string of size bytes."""
    chunk = b"abcdefgh" * (1 << 17)
    with open(path, "wb") as out:
        out.write(b'{"traceEvents":[{"pid":1,"tid":1,"ph":"X","ts":1,"dur":2,"name":"')
        n = 0
        while n < size:
            out.write(chunk)
            n += len(chunk)
        out.write(b'"}]}')


def make_gzip_spaces(path, nmb):
    """A gzip file of {"traceEvents":[, nmb MB of spaces and ]}.  Deflate
    blocks after a full flush do not depend on what came before, so one
    block of 1 MB of spaces is written nmb times (a second or so instead
    of compressing a gigabyte)."""
    pre, post, spaces = b'{"traceEvents":[', b"]}", b" " * (1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = c.compress(pre) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(spaces) + c.flush(zlib.Z_FULL_FLUSH)
    assert block == c.compress(spaces) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.compress(post) + c.flush(zlib.Z_FINISH)
    crc = zlib.crc32(pre)
    for _ in range(nmb):
        crc = zlib.crc32(spaces, crc)
    crc = zlib.crc32(post, crc)
    total = len(pre) + nmb * len(spaces) + len(post)
    with open(path, "wb") as out:
        out.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff")
        out.write(head)
        out.write(block * (nmb - 1))
        out.write(block)
        out.write(tail)
        out.write(struct.pack("<II", crc & 0xffffffff, total & 0xffffffff))


def unblock_fifo(path, done):
    """Watchdog of the FIFO case: if the statement is still waiting after
    WATCHDOG seconds, be the writer it waits for and leave at once."""
    if done.wait(WATCHDOG):
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
    except OSError:
        pass


def make_big_profile(path, copies):
    """A rustc self-profile with the events of a shipped one (version 9)
    repeated `copies` times, each copy later than the one before by the
    profile's span, so the threads stay in end order, as rustc writes them
    (the same strings): a statement that reads it does its work in one call
    (the call tree, a grouped scan)."""
    with open(os.path.join(DATA, "selfprofile-args-threads2.mm_profdata"), "rb") as f:
        body = f.read()
    pages, events, pos = [], bytearray(), 8
    while pos < len(body):
        tag, size = body[pos], int.from_bytes(body[pos + 1:pos + 5], "little")
        if tag == 0:
            events += body[pos + 5:pos + 5 + size]
        else:
            pages.append(body[pos:pos + 5 + size])
        pos += 5 + size
    fmt = "<QQIIII"                                  # version 9: 8-byte string ids
    recs = [list(struct.unpack_from(fmt, events, off)) for off in range(8, len(events), 32)]
    def times(r):
        return r[3] | ((r[5] >> 16) << 32), r[4] | ((r[5] & 0xFFFF) << 32)
    span = 1 + max(max(v1, v2 if v2 < mm_reader.INTEGER else v1)
                   for v1, v2 in map(times, recs) if v2 != mm_reader.INTEGER)
    out = bytearray(events[:8])                      # the stream's header once
    for c in range(copies + 1):
        for r in recs:
            v1, v2 = times(r)
            if v2 != mm_reader.INTEGER:
                v1 += c * span
                if v2 != mm_reader.INSTANT:
                    v2 += c * span
            out += struct.pack(fmt, r[0], r[1], r[2], v1 & 0xFFFFFFFF, v2 & 0xFFFFFFFF,
                               ((v1 >> 32) << 16) | (v2 >> 32))
    with open(path, "wb") as f:
        f.write(body[:8])
        for page in pages:
            f.write(page)
        for at in range(0, len(out), 256 << 10):
            chunk = out[at:at + (256 << 10)]
            f.write(bytes([0]) + len(chunk).to_bytes(4, "little") + chunk)


def case(label, sql, args, small, fifo=None, when=None):
    """Run sql, interrupted DELAY seconds after the start or, with when
    (a condition with start()), as soon as when() is true (asked every
    millisecond)."""
    db = connect()
    db.execute("SELECT 1").fetchall()
    before = tasks()
    fired = []

    def fire():
        fired.append(time.monotonic())
        db.interrupt()

    done = threading.Event()
    if when is None:
        timer = threading.Timer(DELAY, fire)
    else:
        def watch():
            while not done.wait(0.001):
                if when():
                    fire()
                    return
        when.start()
        timer = threading.Thread(target=watch)
    watchdog = None
    if fifo:
        watchdog = threading.Thread(target=unblock_fifo, args=(fifo, done))
        watchdog.start()
    err = None
    t0 = time.monotonic()
    timer.start()
    try:
        db.execute(sql, args).fetchall()
    except sqlite3.Error as e:
        err = e
    t1 = time.monotonic()
    done.set()
    if when is None:
        timer.cancel()
    timer.join()
    if watchdog:
        watchdog.join()
    if not fired:
        check(False, label + ": the statement ended before the interrupt",
              "(%.2f s, error %r): make the input bigger" % (t1 - t0, err))
        db.close()
        return
    late = t1 - fired[0]
    print("%-28s interrupted after %.3f s, ended %.1f ms later: %r"
          % (label, fired[0] - t0, late * 1000, err))
    check(isinstance(err, sqlite3.OperationalError) and "interrupted" in str(err),
          label + ": the statement fails with 'interrupted'",
          "(got %r after %.2f s)" % (err, t1 - t0))
    check(late <= LIMIT, label + ": it ends within %d ms of the interrupt" % (LIMIT * 1000),
          "(%.1f ms)" % (late * 1000))
    # the connection works afterwards
    try:
        got = db.execute("SELECT count(*), sum(dur) FROM trace_events(?)", (small,)).fetchall()
    except sqlite3.Error as e:
        got = e
    check(got == [(2, 7)], label + ": the connection works afterwards", repr(got))
    # no thread left behind (a joined thread may take a moment to vanish)
    deadline = time.monotonic() + 1.0
    while tasks() != before and time.monotonic() < deadline:
        time.sleep(0.01)
    check(tasks() == before, label + ": no thread left", "(%d threads, %d before)" % (tasks(), before))
    db.close()


def main():
    if not os.path.exists("/proc/self/task"):
        print("no /proc/self/task")
        return 1
    tmp = tempfile.mkdtemp(prefix="tt-interrupt-")
    try:
        small = os.path.join(tmp, "small.json")
        with open(small, "w") as f:
            f.write('[{"ph":"X","name":"a","ts":1,"dur":3,"pid":1,"tid":1},'
                    '{"ph":"X","name":"b","ts":5,"dur":4,"pid":1,"tid":1}]')
        big = os.path.join(tmp, "big.json")
        make_big(big, 450 << 20)
        # 1: a pushed-down filter that drops every row (parallel, then one reader)
        # (each interrupted once 64 MB of its 450 are read)
        case("filter matches nothing", "SELECT count(*) FROM trace_events(?) WHERE name = 'nothing-matches'",
             (big,), small, when=Grew(bytes_read, 64 << 20))
        case("filter, threads=1", "SELECT count(*) FROM trace_events(?, 'threads=1') WHERE name = 'nothing-matches'",
             (big,), small, when=Grew(bytes_read, 64 << 20))
        # 2: building the call tree
        case("call tree", "SELECT max(depth) FROM trace_events(?)", (big,), small,
             when=Grew(bytes_read, 64 << 20))
        # 3: building the event index of a lookup by rowid
        case("rowid lookup index", "SELECT name FROM trace_events(?) WHERE rowid = 5", (big,), small,
             when=Grew(bytes_read, 64 << 20))
        os.unlink(big)
        # 4: one event with a 300 MB string, interrupted while it is read,
        # once 64 MB of it are held (not in its last step, when yajl lexes
        # it and it is copied, which cannot stop: README "Errors")
        longstr = os.path.join(tmp, "long.json")
        make_long_string(longstr, 300 << 20)
        case("300 MB string", "SELECT length(name) FROM trace_events(?)", (longstr,), small,
             when=Grew(resident_bytes, 64 << 20))
        os.unlink(longstr)
        # 5: a gzip file of 1 GB of whitespace (about 1 MB compressed)
        gz = os.path.join(tmp, "spaces.json.gz")
        make_gzip_spaces(gz, 1024)
        case("gzip of whitespace", "SELECT count(*) FROM trace_events(?)", (gz,), small)
        case("gzip lookup index", "SELECT name FROM trace_events(?) WHERE rowid = 1", (gz,), small)
        # 6: a rustc self-profile of 4 M events: its call tree, and a
        # GROUP BY it hands SQLite grouped, which reads the whole scan first
        prof = os.path.join(tmp, "big.mm_profdata")
        make_big_profile(prof, 300)
        # (each interrupted once 16 MB of its 130 are read)
        case("self_profile call tree", "SELECT max(depth) FROM self_profile(?, 'threads=1')", (prof,), small,
             when=Grew(bytes_read, 16 << 20))
        case("self_profile GROUP BY", "SELECT label, count(*), max(args) FROM self_profile(?) GROUP BY label",
             (prof,), small, when=Grew(bytes_read, 16 << 20))
        os.unlink(prof)
        # 7: a FIFO nobody opens for writing
        fifo = os.path.join(tmp, "fifo")
        os.mkfifo(fifo)
        case("FIFO with no writer", "SELECT count(*) FROM trace_events(?)", (fifo,), small, fifo=fifo)
        # the tree and fields of a file read only once: a worker thread waits for it
        case("FIFO, tree and fields", "SELECT count(*), sum(depth), max(name) FROM trace_events(?)", (fifo,), small,
             fifo=fifo)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return report()


if __name__ == "__main__":
    sys.exit(main())
