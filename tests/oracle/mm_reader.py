"""mm_reader.py: an independent reader of measureme's .mm_profdata files
(rustc -Zself-profile), versions 8 and 9, written from measureme's
documentation (file_header.rs, serialization.rs, raw_event.rs,
stringtable.rs, event_id.rs) for the oracle test mm_profdata_test.py.  A
module, not a test: tests/run.sh skips it.

Whole-file and plain: split the pages into three streams, map the index,
resolve each string recursively.  The rules it shares with the C reader
(ext/mm_*.c; the places where measureme leaves a choice) are spelled out
here:
- a virtual id (<= 100,000,001) with no index entry, and the invalid id
  100,000,002, read as "<unknown>"; the last index entry for an id wins;
- invalid UTF-8 in a text component becomes U+FFFD per maximal subpart
  (Python's errors="replace", Rust's from_utf8_lossy), component by component;
- label = the event id's text up to the first 0x1E, each later 0x1E starts
  an argument; no 0x1E: no arguments (None);
- a string may nest 64 references deep (the 65th is an error);
- anything else malformed raises MmError.  (The C reader also stops a
  string at 2^20 components or 16 MB; real files come nowhere near, and
  tests/unit/test_mm_profdata.c checks those limits.)

Version 8 is read from the shipped selfprofile-incr-v8.mm_profdata and
others made by tests/data/mm_to_v8.py, a writer kept apart from this
reader.
"""
import gzip
import re
import struct

MAX_VIRTUAL = 100_000_000
METADATA_ID = MAX_VIRTUAL + 1
INVALID_ID = MAX_VIRTUAL + 2
FIRST_REGULAR = MAX_VIRTUAL + 3
INSTANT = 0xFFFF_FFFF_FFFF
INTEGER = INSTANT - 1
MAX_DEPTH = 64


class MmError(Exception):
    pass


def split_pages(body, start=8):
    """{tag: bytearray} from the pages after the file header."""
    streams = {0: bytearray(), 1: bytearray(), 2: bytearray()}
    pos = start
    while pos < len(body):
        if len(body) - pos < 5:
            raise MmError("truncated page header at %d" % pos)
        tag = body[pos]
        size = int.from_bytes(body[pos + 1:pos + 5], "little")
        if tag not in streams:
            raise MmError("bad page tag %d at %d" % (tag, pos))
        if size == 0:
            raise MmError("empty page at %d" % pos)
        if pos + 5 + size > len(body):
            raise MmError("truncated page at %d" % pos)
        streams[tag] += body[pos + 5:pos + 5 + size]
        pos += 5 + size
    return streams


def check_header(stream, magic, version):
    if len(stream) < 8 or stream[:4] != magic:
        raise MmError("bad header for %r" % magic)
    v = int.from_bytes(stream[4:8], "little")
    if version is not None and v != version:
        raise MmError("stream version %d, file %d" % (v, version))
    return v


class Profile:
    def __init__(self, body):
        if body[:2] == b"\x1f\x8b":
            body = gzip.decompress(body)
        if len(body) < 8:
            raise MmError("too short")
        self.version = check_header(body, b"MMPD", None)
        if self.version not in (8, 9):
            raise MmError("format version %d" % self.version)
        self.idlen = 8 if self.version == 9 else 4
        streams = split_pages(body)
        for tag, name in ((1, "string data"), (2, "string index"), (0, "event")):
            if not streams[tag]:
                raise MmError("no %s pages" % name)
        self.data = bytes(streams[1])
        check_header(self.data, b"MMSD", self.version)
        index = bytes(streams[2])
        check_header(index, b"MMSI", self.version)
        entry = 2 * self.idlen
        if (len(index) - 8) % entry:
            raise MmError("index not whole entries")
        self.index = {}
        for off in range(8, len(index), entry):
            key = int.from_bytes(index[off:off + self.idlen], "little")
            self.index[key] = int.from_bytes(index[off + self.idlen:off + entry], "little")
        self.events = bytes(streams[0])
        check_header(self.events, b"MMES", self.version)
        self.record = 32 if self.version == 9 else 24
        if (len(self.events) - 8) % self.record:
            raise MmError("event stream ends inside an event")
        self.metadata = self._metadata()

    def addr(self, sid):
        if sid >= FIRST_REGULAR:
            return sid - FIRST_REGULAR
        if sid <= METADATA_ID:
            return self.index.get(sid)
        return None

    def string(self, sid):
        out = []
        self._walk(sid, out, 0)
        return "".join(out)

    def _walk(self, sid, out, depth):
        a = self.addr(sid)
        if a is None:
            out.append("<unknown>")
            return
        if a >= len(self.data) or a < 8:
            raise MmError("string address %d out of range" % a)
        if depth > MAX_DEPTH:
            raise MmError("references nest too deep")
        data = self.data
        while True:
            if a >= len(data):
                raise MmError("no terminator")
            b = data[a]
            if b == 0xFF:
                return
            if b == 0xFE:
                if a + 1 + self.idlen > len(data):
                    raise MmError("cut reference")
                ref = int.from_bytes(data[a + 1:a + 1 + self.idlen], "little")
                self._walk(ref, out, depth + 1)
                a += 1 + self.idlen
                continue
            m = re.compile(rb"[^\xfe\xff]*").match(data, a)
            out.append(m.group(0).decode("utf-8", "replace"))
            a = m.end()

    def _metadata(self):
        if METADATA_ID not in self.index:
            return None
        text = self.string(METADATA_ID)
        # measureme formats cmd with Rust's escape_default: make it JSON
        # (\' and \u{HEX} are not), then let Python's json read it.
        import json

        def fix(m):
            s = m.group(0)
            if s == "\\'":
                return "'"
            if s.startswith("\\u{"):
                c = int(s[3:-1], 16)
                if c > 0x10FFFF or 0xD800 <= c <= 0xDFFF:
                    c = 0xFFFD
                return json.dumps(chr(c))[1:-1]
            return s
        fixed = re.sub(r"\\u\{[0-9a-fA-F]{1,6}\}|\\'|\\.", fix, text)
        obj = json.loads(fixed)
        return {"text": text, "start_time": obj.get("start_time"), "pid": obj.get("process_id"),
                "cmd": obj.get("cmd"), "counter": obj.get("counter")}

    def __iter__(self):
        n = self.idlen
        fmt = "<" + ("Q" if n == 8 else "I") * 2 + "IIII"
        for seq, off in enumerate(range(8, len(self.events), self.record), 1):
            kind, eid, thread, lo1, lo2, hi = struct.unpack_from(fmt, self.events, off)
            v1 = lo1 | ((hi >> 16) << 32)
            v2 = lo2 | ((hi & 0xFFFF) << 32)
            ev = {"seq": seq, "thread": thread, "kind": self.string(kind)}
            if v2 == INSTANT:
                ev.update(type="instant", start=v1)
            elif v2 == INTEGER:
                ev.update(type="integer", value=v1)
            else:
                if v2 < v1:
                    raise MmError("interval ends before it starts")
                ev.update(type="interval", start=v1, end=v2)
            parts = self.string(eid).split("\x1e")
            ev["label"] = parts[0]
            ev["args"] = parts[1:] if len(parts) > 1 else None
            yield ev


def read(path):
    with open(path, "rb") as f:
        return Profile(f.read())

