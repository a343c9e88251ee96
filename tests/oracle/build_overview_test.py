#!/usr/bin/python3
"""build_overview_test.py: sql/build-overview.sql on the real cargo build of
tests/data/cargo-build, against the three sources read here without the
extension.

- Wall: each compiling unit's duration from the page's UNIT_DATA (read
  with Python's json, cargo_timings_test.read_units), build script runs
  left out.
- Frontend, Codegen, LLVM, Wait, Link: from each self-profile, read by
  mm_reader.py (gunzipped here), its outermost intervals by measureme's
  rule (self_profile_test.measureme_tree: depth 0), classed by label as the
  file's header says; the profile's unit from rustc's command line in its
  metadata, by a rule written again here (out-dir .../deps: the crate;
  .../build/<pkg>-<hash>: <pkg>/build_script_build), cargo's probe of
  rustc (crate ___) left out as it is no unit of the page.
- The profiles' units (self_profile, from each profile's command line)
  against the units of the build's trace files, which rustc names after
  each compilation's output.
- Top functions: the seconds of each of the three, checked against the
  OptFunction events of the unit's trace (Python's json), summed over the
  details the statement groups under that name; and that no other group
  of the unit has more.
Prints "N passed, M failed" last.
"""
import gzip
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, connect, report  # noqa: E402
import mm_reader  # noqa: E402
from cargo_timings_test import read_units  # noqa: E402
from self_profile_test import measureme_tree, run_sql_file  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "tests", "data", "cargo-build")
LLVM = re.compile(r"^(LLVM_|codegen_module)")


def page_units():
    folder = os.path.join(BUILD, "cargo-timings")
    pages = [f for f in os.listdir(folder) if f.startswith("cargo-timing-")]
    with open(os.path.join(folder, pages[0]), "rb") as f:
        units = read_units(f.read())
    return units


def unit_of_cmd(cmd):
    args = cmd.split(" ")
    opt = {}
    for i, a in enumerate(args[:-1]):
        if a in ("--crate-name", "--out-dir"):
            opt[a] = args[i + 1]
    crate, out = opt.get("--crate-name"), opt.get("--out-dir", "")
    m = re.search(r"/build/(.+)-[0-9a-f]{16}$", out)
    if m:
        return m.group(1) + "/" + crate
    return crate


def profile_times():
    """unit -> [frontend, codegen, llvm, wait, link] nanoseconds."""
    out = {}
    folder = os.path.join(BUILD, "self-profile")
    with tempfile.TemporaryDirectory() as tmp:
        for name in sorted(os.listdir(folder)):
            plain = os.path.join(tmp, name[:-3])
            with gzip.open(os.path.join(folder, name), "rb") as f, open(plain, "wb") as g:
                g.write(f.read())
            prof = mm_reader.read(plain)
            unit = unit_of_cmd(prof._metadata()["cmd"])
            events = list(prof)
            tree = measureme_tree(events)
            sums = [0, 0, 0, 0, 0]
            for e in events:
                if e["type"] != "interval" or tree[e["seq"]][0] != 0:
                    continue
                d = e["end"] - e["start"]
                label = e["label"]
                k = (2 if LLVM.match(label) else 1 if label == "codegen_crate" else
                     3 if label == "finish_ongoing_codegen" else 4 if label == "link" else 0)
                sums[k] += d
            out[unit] = sums
    return out


def trace_functions(db):
    """unit -> {detail: microseconds} of OptFunction, from the traces' JSON;
    and the statement's grouping of details (detail -> name)."""
    out = {}
    for dirpath, _, files in os.walk(BUILD):
        for f in files:
            if not f.endswith(".llvm_timings.json.gz"):
                continue
            path = os.path.join(dirpath, f)
            unit = db.execute("SELECT DISTINCT unit FROM trace_events(?)", (path,)).fetchone()[0]
            with gzip.open(path, "rt", encoding="utf-8") as g:
                events = json.load(g)["traceEvents"]
            sums = out.setdefault(unit, {})
            for e in events:
                if e.get("name") == "OptFunction" and e.get("ph") == "X":
                    d = e["args"]["detail"]
                    sums[d] = sums.get(d, 0) + e["dur"]
    return out


def main():
    db = connect()
    res = run_sql_file(os.path.join(ROOT, "sql", "build-overview.sql"), {"build": BUILD, "limit": -1})
    head, rows = res[0]
    got = {r[0]: dict(zip(head, r)) for r in rows}
    units = [u for u in page_units() if u.get("mode") != "run-custom-build"]
    check(len(got) == len(units) == 8, "one row per compiling unit of the page (%d)" % len(units), "(%d)" % len(got))
    walls = sorted(((round(u["duration"], 2)) for u in units), reverse=True)
    check([r[1] for r in rows] == walls, "Wall: the page's durations, longest first", "(%r)" % [r[1] for r in rows])
    times = profile_times()
    check(set(times) - {"___"} == set(got), "the profiles' units are the page's (cargo's probe of rustc aside)",
          "(%r vs %r)" % (sorted(times), sorted(got)))
    # the evidence rustc leaves: each compilation's trace is named after its
    # output, so the profiles' units (from their command lines) must be the traces'
    pu = {r[0] for r in db.execute("SELECT DISTINCT unit FROM self_profile(?, 'recursive=1')", (BUILD,))}
    tu = {r[0] for r in db.execute("SELECT DISTINCT unit FROM trace_events(?, 'recursive=1')", (BUILD,))}
    check(pu - {"___"} == tu and len(tu) == 8, "self_profile's units are the units of the build's trace files",
          "(%r vs %r)" % (sorted(pu), sorted(tu)))
    cols = ["Frontend", "Codegen", "LLVM", "Wait", "Link"]
    bad = [(u, c, got[u][c], round(times[u][i] / 1e9, 3)) for u in got if u in times
           for i, c in enumerate(cols) if got[u][c] != round(times[u][i] / 1e9, 3)]
    check(not bad, "Frontend, Codegen, LLVM, Wait, Link: measureme's outermost intervals by label", "(%r)" % bad[:3])
    funcs = trace_functions(db)
    for unit, row in got.items():
        details = funcs.get(unit, {})
        groups = {}
        for d, us in details.items():
            name = db.execute("SELECT strip_generics(demangle(?))", (d,)).fetchone()[0]
            groups[name] = groups.get(name, 0) + us
        want = sorted(groups.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        text = "; ".join("%s %.3f" % (n, us / 1e6) for n, us in want) or None
        check(row["Top functions"] == text, "%s: the top functions and their seconds from its trace's JSON" % unit,
              "(%r vs %r)" % (row["Top functions"], text))
    return report()


if __name__ == "__main__":
    sys.exit(main())
