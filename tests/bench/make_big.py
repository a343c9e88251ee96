#!/usr/bin/python3
"""make_big.py: the benchmark's ~1.4 GB trace, from real rustc events.

    make_big.py web-v0.jsonl legacy.jsonl SIZE out.json out.jsonl

Writes every event of the web_http_server v0 trace, then events of the
same build's legacy-mangled trace (another real rustc run, its own pid)
until the object-format file reaches SIZE bytes, in LLVM's single-line
object format ({"traceEvents":[...]}) and the same events as JSON Lines.
Whole events only, bytes unchanged.  For make bench.
"""
import sys


def main():
    first, second, size, out_json, out_jsonl = sys.argv[1:6]
    size = int(size)
    pid_first = None
    n = 0
    with open(out_json, "wb") as fo, open(out_jsonl, "wb") as fl:
        fo.write(b'{"traceEvents":[')
        written = len(b'{"traceEvents":[') + 2
        for path in (first, second):
            with open(path, "rb") as f:
                for line in f:
                    ev = line.rstrip(b"\n")
                    if not ev:
                        continue
                    if path == first and pid_first is None:
                        pid_first = ev[:ev.find(b",")]          # '{"pid":N' (LLVM's key order)
                    elif path == second and ev.startswith(pid_first):
                        raise SystemExit("make_big: both traces have %r: pids would collide" % pid_first)
                    if path == second and written + len(ev) + 1 > size:
                        break
                    if n:
                        fo.write(b",")
                        written += 1
                    fo.write(ev)
                    fl.write(ev + b"\n")
                    written += len(ev)
                    n += 1
        fo.write(b"]}")
    print("make_big: %d events, %d bytes" % (n, written))


if __name__ == "__main__":
    main()
