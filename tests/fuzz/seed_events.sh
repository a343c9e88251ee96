#!/bin/sh
# tests/fuzz/seed_events.sh DIR: write a seed corpus for fuzz_event_reader
# into DIR: windows of whole events from the real traces in $TT_DATA
# (default build/testdata) in the object format and as JSON Lines, with
# each input's two option bytes (see fuzz_event_reader.c) varied, plus a few
# hand-made ones.  Run from the top of the repository.
set -eu
out=${1:-build/fuzz/seed_events}
data=${TT_DATA:-build/testdata}
[ -f "$data/tiny-v0.json" ] || sh tests/data/prepare.sh "$data"
mkdir -p "$out"
python3 - "$data" "$out" <<'PY'
import os, sys
data, out = sys.argv[1], sys.argv[2]
n = 0
for name in ("tiny-v0.json", "tiny-legacy.json", "clang-wordfreq.json"):
    body = open(os.path.join(data, name), "rb").read()
    starts = [i for i in range(1, min(len(body), 2000000)) if body[i:i+1] == b"{" and body[i-1:i] == b","]
    for k in range(0, len(starts) - 8, max(1, len(starts) // 60)):
        events = body[starts[k]:starts[k + 1 + k % 6] - 1]
        for opt0, pre, sep in ((0, b'{"traceEvents":[', None), (1, b"", None), (2, b"", b"\n")):
            text = events.replace(b"},{", b"}\n{") if sep else events
            if opt0 == 0:
                text += b"]}"
            opts = bytes([opt0 | ((k % 8) << 2), (0, 0, 7, 64, 255)[k % 5]])
            with open(os.path.join(out, "ev_%05d" % n), "wb") as f:
                f.write(opts + pre + text)
            n += 1
hand = [b'\x00\x00{"traceEvents":[{"a":1},{"a":"\\u0041"},{"a":"x"}],"z":2}',
        b'\x00\x01{"traceEvents":[{"a":1},{"a":01},{"a":2}]}',
        b'\x00\x00{"traceEvents":[{"a":1},{"a":"},{"},{"a":2}]}',
        b'\x02\x00{"ph":"X"}\n{"ph":"X","args":{"detail":[1,{"x":null}]}}\n',
        b'\x03\x00{"a":1},{"a":2},]',
        b'\x00\x03{"traceEvents":[{"a":1},{"a":"\\ud83d\\ude00"},{"a":"\\ud800\\u0041"}]}',
        b'\x02\x00{"ph":"X","name":"\xf4\x8f\xbf\xbf"}\n{"ph":"X","name":"\xed\xa0\x80"}\n',
        b'\x00\x00[{"ph":"X"},{"name":"a"},1]',
        b'\xe0\x05[{"file":"a.c","args":{"ph":1}},{"ph":"X"}]']
for k, h in enumerate(hand):
    open(os.path.join(out, "hand_%d" % k), "wb").write(h)
print("%d seeds in %s" % (n + len(hand), out))
PY
