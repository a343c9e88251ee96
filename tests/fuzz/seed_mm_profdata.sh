#!/bin/sh
# tests/fuzz/seed_mm_profdata.sh DIR: write a seed corpus for
# fuzz_mm_profdata into DIR: small self-profiles, versions 8 and 9, with
# plain, composite, virtual and unknown strings, arguments, the metadata,
# interval, instant and integer events, pages of 7 to 200 bytes (records
# split between pages), each behind the option byte of fuzz_mm_profdata.c.
# Run from the top of the repository.
set -eu
out=${1:-build/fuzz/seed_mm_profdata}
mkdir -p "$out"
python3 - "$out" <<'PY'
import os, random, struct, sys
out = sys.argv[1]
FIRST = 100_000_003

def profile(version, rnd):
    n = 8 if version == 9 else 4
    le = lambda v: v.to_bytes(n, "little")
    data = bytearray(b"MMSD" + version.to_bytes(4, "little"))
    index = bytearray(b"MMSI" + version.to_bytes(4, "little"))
    def alloc(parts):
        at = len(data)
        for x in parts:
            data.extend(b"\xfe" + le(x) if isinstance(x, int) else x.encode())
        data.append(0xFF)
        return at + FIRST
    meta = alloc(['{ "start_time": 1700000000000000000, "process_id": 42, "cmd": "rustc \\\'a\\\' \\u{e9} x.rs ", "counter": { "name": "wall-time" } }'])
    index.extend(le(100_000_001) + le(meta - FIRST))
    kinds = [alloc([k]) for k in ("Query", "GenericActivity", "ArtifactSize", "QueryBlocked")]
    labels = [alloc([s]) for s in ("typeck", "codegen", "mir_borrowck")]
    arg = alloc(["x::", labels[0], "\u00e9"])
    ids = labels + [alloc([labels[1], "\x1e", arg]), alloc([labels[2], "\x1e", "a\"b", "\x1e", "c"])]
    for v in range(3):
        index.extend(le(v) + le(rnd.choice(labels) - FIRST))
    ids += [0, 1, 2, 7]        # virtual, 7 has no entry
    events = bytearray(b"MMES" + version.to_bytes(4, "little"))
    t = 0
    for _ in range(rnd.randint(1, 6)):
        kind, eid = rnd.choice(kinds), rnd.choice(ids)
        r = rnd.random()
        if r < 0.6:
            a, b = t, t + rnd.randint(0, 1000)
        elif r < 0.8:
            a, b = t, 0xFFFFFFFFFFFF
        else:
            a, b = rnd.randint(0, 1 << 40), 0xFFFFFFFFFFFE
        t += rnd.randint(0, 500)
        upper = ((a >> 32) << 16) | (b >> 32)
        events.extend(le(kind) + le(eid) + struct.pack("<IIII", rnd.randint(0, 3), a & 0xFFFFFFFF, b & 0xFFFFFFFF, upper))
    body = bytearray(b"MMPD" + version.to_bytes(4, "little"))
    streams = {0: bytes(events), 1: bytes(data), 2: bytes(index)}
    while any(streams.values()):
        tag = rnd.choice([k for k, v in streams.items() if v])
        size = rnd.randint(7, 200)
        chunk, streams[tag] = streams[tag][:size], streams[tag][size:]
        body.extend(bytes([tag]) + len(chunk).to_bytes(4, "little") + chunk)
    return bytes(body)

rnd = random.Random(1)
for k in range(40):
    with open(os.path.join(out, "mm_%03d" % k), "wb") as f:
        f.write(bytes([rnd.randint(0, 7)]) + profile(9 if k % 3 else 8, rnd))
PY
