"""wheel.py LIB VERSION TAG WHEEL: the Python wheel of make wheel.

    python3 tools/wheel.py build/dist/lib/timetrace.so 0.1.0 \
        py3-none-linux_x86_64 build/dist/timetrace-0.1.0-py3-none-linux_x86_64.whl

A wheel is a zip file (PEP 427): the package, here
bindings/python/timetrace/__init__.py (its "@VERSION@" replaced by VERSION)
and LIB as timetrace/timetrace.so, and timetrace-VERSION.dist-info/ with
METADATA (the README as description), WHEEL (the TAG) and RECORD (every
file's sha256, urlsafe base64 without padding, and size).  Written with
zipfile alone: no network, no setuptools.  The tag is py3-none-PLATFORM:
the library is loaded by SQLite, not imported by Python, so any Python 3
on that platform will do.
"""
import base64
import hashlib
import os
import sys
import zipfile


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (name, digest, len(data))


def metadata(version, readme):
    head = (
        "Metadata-Version: 2.1\n"
        "Name: timetrace\n"
        "Version: %s\n"
        "Summary: SQL over compiler time traces (rustc -Zllvm-time-trace, clang -ftime-trace): a SQLite extension\n"
        "License: MIT\n"
        "Requires-Python: >=3.7\n"
        "Description-Content-Type: text/markdown\n"
        "\n" % version
    )
    return head + readme


def wheel_file(tag):
    return "Wheel-Version: 1.0\nGenerator: timetrace tools/wheel.py\nRoot-Is-Purelib: false\nTag: %s\n" % tag


def main():
    lib, version, tag, out = sys.argv[1:5]
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    with open(os.path.join(root, "bindings/python/timetrace/__init__.py"), encoding="utf-8") as f:
        init = f.read().replace("@VERSION@", version)
    with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    with open(lib, "rb") as f:
        so = f.read()
    info = "timetrace-%s.dist-info" % version
    files = [
        ("timetrace/__init__.py", init.encode(), 0o644),
        ("timetrace/timetrace.so", so, 0o755),
        (info + "/METADATA", metadata(version, readme).encode(), 0o644),
        (info + "/WHEEL", wheel_file(tag).encode(), 0o644),
    ]
    record = "".join(record_line(n, d) + "\n" for n, d, _ in files) + info + "/RECORD,,\n"
    files.append((info + "/RECORD", record.encode(), 0o644))
    tmp = out + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data, mode in files:
            zi = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            zi.external_attr = (0o100000 | mode) << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    os.replace(tmp, out)
    print("%s: %d bytes" % (out, os.path.getsize(out)))


if __name__ == "__main__":
    main()
