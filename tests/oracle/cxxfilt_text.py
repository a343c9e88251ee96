#!/usr/bin/python3
"""cxxfilt_text.py: demangle() on text that holds C++ symbols, against c++filt, live.

c++filt reading its standard input cuts the text into words of
[A-Za-z0-9_$.] bytes and demangles each word that is a symbol; demangle()
must print the same.  The inputs are made here from every symbol of
$TT_DATA/cxx_symbols.tsv and cxx_symbols_extra.tsv (the mangled column),
with a fixed seed, so each run sees the same text:

- in a sentence:             "call SYM now"
- with a suffix after it:    SYM@plt, SYM.cold, SYM.isra.0, SYM.part.0.cold,
                             SYM.constprop.0@plt, SYM$x
- with a prefix before it:   .SYM, $SYM, x.SYM, xSYM, @SYM
- several on one line, separated by random bytes that end a word (space,
  tab, punctuation, brackets, quotes, non-ASCII, control bytes; not NUL:
  c++filt keeps a word in a C string, so it drops a NUL and the rest of
  that word, where demangle() copies them: see tests/unit/test_demangle_cxx.c)
- several lines in one value (c++filt reads '\\n' like any other separator)
- words longer than c++filt's buffer (32766 bytes), cut where it cuts them.

All lines go through c++filt in one run and through demangle() in one
statement; one check per kind of input, the first differing lines shown.
Prints "N passed, M failed".
"""
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, connect, report  # noqa: E402

DATA = os.environ.get("TT_DATA", "build/testdata")
SEPARATORS = [" ", "  ", "\t", ", ", "(", ")", "<", ">", "::", "@", "/", "'", '"', "=", "+",
              "\u00e9", "\u8a08", "\x01", "\x7f", "[", "]", "{", "}", "*", "&", ";", "-"]


def symbols():
    out = []
    for name in ("cxx_symbols.tsv", "cxx_symbols_extra.tsv"):
        with open(os.path.join(DATA, name), "rb") as f:
            for line in f:
                mangled = line.rstrip(b"\n").split(b"\t")[0].decode("utf-8")
                if mangled:
                    out.append(mangled)
    return out


def cases(syms):
    """{kind: [line, ...]}: lines without '\\n'."""
    rnd = random.Random(20251126)
    k = {"sentence": [], "suffix": [], "prefix": [], "several": [], "long word": []}
    for s in syms:
        k["sentence"].append("call %s now" % s)
        for suf in ("@plt", ".cold", ".isra.0", ".part.0.cold", ".constprop.0@plt", "$x"):
            k["suffix"].append(s + suf)
        for pre in (".", "$", "x.", "x", "@"):
            k["prefix"].append(pre + s)
    for _ in range(2000):
        parts = []
        for _ in range(rnd.randint(2, 6)):
            parts.append(rnd.choice(syms) + rnd.choice(["", "", "@plt", ".cold", ".isra.0"]))
            parts.append(rnd.choice(SEPARATORS))
        k["several"].append(rnd.choice(["", "", "x", "(", "\u00fc"]) + "".join(parts))
    a = "a" * 32766
    k["long word"] += [a + "x_Z1fv", a + "_Z1fv", a + "._Z1fv", a[:-1] + "x_Z1fv",
                       a + " _Z1fv", a + a + "x_Z1fv", "_Z1fv " + a + "a_Z1gv.cold"]
    return k


def cxxfilt(lines):
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)       # c++filt is not under test
    data = b"".join(line.encode("utf-8") + b"\n" for line in lines)
    out = subprocess.run(["c++filt"], input=data, stdout=subprocess.PIPE, env=env, check=True).stdout
    got = out.split(b"\n")
    if len(got) != len(lines) + 1 or got[-1] != b"":
        raise SystemExit("c++filt gave %d lines for %d" % (len(got) - 1, len(lines)))
    return [g.decode("utf-8") for g in got[:-1]]


def demangle_all(db, values):
    db.execute("CREATE TEMP TABLE IF NOT EXISTS t(i INTEGER PRIMARY KEY, s TEXT)")
    db.execute("DELETE FROM t")
    db.executemany("INSERT INTO t(i, s) VALUES(?, ?)", list(enumerate(values)))
    return [r[0] for r in db.execute("SELECT demangle(s) FROM t ORDER BY i")]


def compare(kind, values, want, got):
    bad = [(v, w, g) for v, w, g in zip(values, want, got) if w != g]
    detail = ""
    for v, w, g in bad[:3]:
        d = next((j for j in range(min(len(w), len(g or ""))) if w[j] != g[j]), 0)
        detail += "\n  in:   %r\n  want: ...%r\n  got:  ...%r" % (v[:300], w[max(0, d - 100):d + 200], (g or "")[max(0, d - 100):d + 200])
    check(not bad and len(got) == len(values), "%s: %d of %d differ from c++filt" % (kind, len(bad), len(values)), detail)


def main():
    try:
        syms = symbols()
    except OSError as e:
        check(False, "cannot read the symbol tables (tests/data/prepare.sh): %s" % e)
        return report()
    check(len(syms) > 1000, "symbol tables read: %d symbols" % len(syms))
    db = connect()
    by_kind = cases(syms)
    lines = [line for kind in by_kind for line in by_kind[kind]]
    want_all = cxxfilt(lines)
    got_all = demangle_all(db, lines)
    i = 0
    demangled = 0
    for kind, values in by_kind.items():
        want, got = want_all[i:i + len(values)], got_all[i:i + len(values)]
        compare(kind, values, want, got)
        demangled += sum(1 for v, w in zip(values, want) if v != w)
        i += len(values)
    # the inputs must exercise the demangler, not only the copying
    check(demangled > len(lines) // 2, "c++filt changed %d of %d lines" % (demangled, len(lines)))
    # several lines in one value: c++filt reads '\n' as any other separator
    rnd = random.Random(7)
    groups, want_multi = [], []
    for _ in range(300):
        idx = sorted(rnd.sample(range(len(lines) - len(by_kind["long word"])), rnd.randint(2, 4)))
        groups.append("\n".join(lines[j] for j in idx))
        want_multi.append("\n".join(want_all[j] for j in idx))
    compare("several lines in one value", groups, want_multi, demangle_all(db, groups))
    return report()


if __name__ == "__main__":
    sys.exit(main())
