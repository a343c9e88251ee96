#!/usr/bin/python3
"""mm_to_v8.py: rewrite a version-9 rustc self-profile (measureme's
.mm_profdata, what rustc 1.95 writes) as a version-8 one, the layout
measureme wrote before 11.0, so that version 8 is tested on data made
here.

    tests/data/mm_to_v8.py IN.mm_profdata OUT.mm_profdata

Made the shipped selfprofile-incr-v8.mm_profdata.xz:
    xz -dc tests/data/selfprofile-incr.mm_profdata.xz > /tmp/v9
    tests/data/mm_to_v8.py /tmp/v9 /tmp/v8 && xz -9e -c /tmp/v8 > \\
        tests/data/selfprofile-incr-v8.mm_profdata.xz
and tests/oracle/mm_profdata_test.py imports it (convert) to check that the
shipped file is still what this script makes, and to rewrite the other
shipped profiles with it.

What changes between the versions (measureme's file_header.rs,
serialization.rs, raw_event.rs, stringtable.rs): every header's version
(the file's "MMPD", the streams' "MMES", "MMSD", "MMSI"); string ids and
string data addresses are 4 bytes instead of 8, so an index entry is
8 bytes, an event 24 (kind id, event id, thread id, then the same 12 bytes
holding two 48-bit values), and a string reference in the string data 5
(0xFE and a 4-byte id).  Strings shrink with their references, so their
addresses move: a regular string id (address + 100,000,003) is mapped to
the string's new address wherever it appears (events, references); virtual
ids (the index's keys) stay.  Text, the order of strings, events and index
entries are kept.  The pages are at most 65,536 bytes, the three streams
taking turns (events, string data, string index): 65,536 is not a multiple
of 24, so events straddle pages, which rustc never writes but the format
allows.  Written from the format alone; it reads nothing but its input.
"""
import struct
import sys

FIRST_REGULAR = 100_000_003
PAGE = 65536


def _streams(body):
    """The three streams of a version-9 file, {tag: bytes}."""
    if body[:4] != b"MMPD" or int.from_bytes(body[4:8], "little") != 9:
        raise ValueError("not a version-9 .mm_profdata file")
    streams = {0: bytearray(), 1: bytearray(), 2: bytearray()}
    pos = 8
    while pos < len(body):
        tag, size = body[pos], int.from_bytes(body[pos + 1:pos + 5], "little")
        if tag not in streams or size == 0 or pos + 5 + size > len(body):
            raise ValueError("a damaged page at byte %d" % pos)
        streams[tag] += body[pos + 5:pos + 5 + size]
        pos += 5 + size
    for tag, magic in ((0, b"MMES"), (1, b"MMSD"), (2, b"MMSI")):
        if streams[tag][:4] != magic or int.from_bytes(streams[tag][4:8], "little") != 9:
            raise ValueError("stream %d does not start with %r, version 9" % (tag, magic))
    return {tag: bytes(s) for tag, s in streams.items()}


def _header(magic):
    return magic + (8).to_bytes(4, "little")


def convert(body):
    """The bytes of a version-9 file rewritten as version 8."""
    streams = _streams(body)
    old = streams[1]
    # The string data: each string's new address, references 9 -> 5 bytes.
    moved, data, refs = {}, bytearray(_header(b"MMSD")), []
    a, start = 8, True
    while a < len(old):
        if start:
            moved[a] = len(data)
        b = old[a]
        if b == 0xFE:
            refs.append((len(data), int.from_bytes(old[a + 1:a + 9], "little")))
            data += b"\xfe\0\0\0\0"
            a += 9
            start = False
            continue
        data.append(b)
        start = b == 0xFF
        a += 1

    def new_id(sid):
        if sid >= FIRST_REGULAR:
            sid = moved[sid - FIRST_REGULAR] + FIRST_REGULAR
        if sid >= 1 << 32:
            raise ValueError("string id %d does not fit in 4 bytes" % sid)
        return sid

    for at, sid in refs:
        data[at + 1:at + 5] = new_id(sid).to_bytes(4, "little")
    index = bytearray(_header(b"MMSI"))
    for off in range(8, len(streams[2]), 16):
        sid, addr = struct.unpack_from("<QQ", streams[2], off)
        index += struct.pack("<II", sid, moved[addr])
    events = bytearray(_header(b"MMES"))
    for off in range(8, len(streams[0]), 32):
        kind, eid, rest = struct.unpack_from("<QQ16s", streams[0], off)
        events += struct.pack("<II", new_id(kind), new_id(eid)) + rest
    out = bytearray(_header(b"MMPD"))
    chunks = {tag: [bytes(s[i:i + PAGE]) for i in range(0, len(s), PAGE)]
              for tag, s in ((0, events), (1, data), (2, index))}
    while any(chunks.values()):
        for tag in (0, 1, 2):
            if chunks[tag]:
                c = chunks[tag].pop(0)
                out += bytes([tag]) + len(c).to_bytes(4, "little") + c
    return bytes(out)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: mm_to_v8.py IN.mm_profdata OUT.mm_profdata\n")
        return 2
    with open(argv[1], "rb") as f:
        body = f.read()
    with open(argv[2], "wb") as f:
        f.write(convert(body))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
