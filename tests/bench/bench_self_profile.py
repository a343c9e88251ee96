#!/usr/bin/python3
"""bench_self_profile.py: self_profile() on a large rustc self-profile, part
of `make bench` (issue 22).

The profile: rustc 1.95 on a generated crate (tests/bench/make_selfprofile_crate.py,
N structs with generic impls and closures; default 1,500, about 6,000
lines), `-Zself-profile-events=default,args`, made once into
build/bench/selfprofile/ (several minutes; hundreds of MB).  Timed, every
answer checked first:
  - self_profile: the rows alone (count), every string (kind, label,
    args), the call tree alone (sum(self_ns), max(depth));
  - sql/self-profile-summarize.sql, checked cell by cell against measureme's
    own `summarize summarize` when TT_MEASUREME_SUMMARIZE names its binary
    (built from rust-lang/measureme's source; tests/data/README.md says
    how), which is timed too;
  - tests/oracle/mm_reader.py, the independent Python reader, reading
    every event with its strings (its count checks ours).
Writes its section into tests/bench/RESULTS.md (between the markers) and
prints it.  Run alone: /usr/bin/python3 tests/bench/bench_self_profile.py.
"""
import glob
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "oracle"))
from bench import BUILD, EXT, ROOT, sh, sqlite, timed  # noqa: E402
import self_profile_test  # noqa: E402  (measureme's table, parsed)

RUNS = int(os.environ.get("TT_BENCH_RUNS", "3"))
STRUCTS = int(os.environ.get("TT_BENCH_SP_STRUCTS", "1500"))
SUMMARIZE = os.environ.get("TT_MEASUREME_SUMMARIZE", "")
BEGIN = "<!-- self-profile: begin (tests/bench/bench_self_profile.py) -->"
END = "<!-- self-profile: end -->"


def make_profile():
    """The profile of rustc on the generated crate, made once."""
    folder = os.path.join(BUILD, "selfprofile")
    found = glob.glob(os.path.join(folder, "sp", "*.mm_profdata"))
    if found:
        return found[0]
    os.makedirs(folder, exist_ok=True)
    src = os.path.join(folder, "big.rs")
    sh("/usr/bin/python3 '%s/tests/bench/make_selfprofile_crate.py' %d > '%s'" % (ROOT, STRUCTS, src))
    print("making the self-profile of a %d-struct crate (minutes)" % STRUCTS)
    env = dict(os.environ, RUSTC_BOOTSTRAP="1")
    subprocess.run(["rustc", "--edition", "2021", "--crate-type", "lib", "-Copt-level=1",
                    "-Zself-profile=" + os.path.join(folder, "sp"), "-Zself-profile-events=default,args",
                    src, "-o", os.path.join(folder, "big.rlib")], env=env, check=True)
    return glob.glob(os.path.join(folder, "sp", "*.mm_profdata"))[0]


def shell_rows(sql):
    return sh(sqlite(sql)).strip()


def python_reader(path):
    """Every event with its strings, by mm_reader.py: (count, seconds)."""
    code = ("import sys, time; sys.path.insert(0, '%s/tests/oracle'); import mm_reader; t = time.time(); "
            "n = sum(1 for e in mm_reader.read('%s') if e['label'] is not None); print(n, time.time() - t)"
            % (ROOT, path))
    out = subprocess.run(["/usr/bin/python3", "-c", code], stdout=subprocess.PIPE, check=True).stdout.decode()
    n, secs = out.split()
    return int(n), float(secs)


def summarize_cmd(path, limit):
    return ("sqlite3 -batch :memory: '.load %s' \".parameter set :profile '%s'\" "
            "'.parameter set :limit %d' '.mode list' '.read %s/sql/self-profile-summarize.sql'"
            % (EXT, path, limit, ROOT))


def check_against_measureme(path):
    """Our table equals measureme's: (ok, rows compared)."""
    out = subprocess.run([SUMMARIZE, "summarize", path], stdout=subprocess.PIPE, check=True).stdout.decode()
    tables, total = self_profile_test.table_of(out)
    theirs = {c[0]: dict(zip(tables[0]["head"], c)) for c in tables[0]["rows"]}
    res = self_profile_test.run_sql_file(os.path.join(ROOT, "sql", "self-profile-summarize.sql"),
                                         {"profile": path, "limit": -1})
    head, rows = res[0]
    ours = {r[0]: dict(zip(head, map(str, r))) for r in rows}
    ok = len(ours) == len(theirs) and all(all(ours.get(k, {}).get(c) == v for c, v in t.items())
                                          for k, t in theirs.items())
    return ok and res[1][1][0][0] == total, len(theirs)


def main():
    path = make_profile()
    size = os.path.getsize(path)
    lines = []
    n_py, py_secs = python_reader(path)
    n = int(shell_rows("SELECT count(*) FROM self_profile('%s')" % path))
    intervals, top = shell_rows("SELECT count(depth), max(depth) FROM self_profile('%s')" % path).split("|")
    lines.append("Profile: `%s`, %.0f MB, %d events (%s intervals, depth up to %s); rows checked against "
                 "mm_reader.py's count: %s." % (os.path.relpath(path, ROOT), size / 1e6, n, intervals, top,
                                                 "equal" if n == n_py else "DIFFERENT (%d)" % n_py))
    if SUMMARIZE:
        ok, nrows = check_against_measureme(path)
        lines.append("sql/self-profile-summarize.sql against measureme's `summarize summarize`: %d items, %s." %
                     (nrows, "every cell equal, and the total" if ok else "DIFFERENT"))
    lines += ["", "| what | median s | MB/s | peak RSS MB |", "|---|---|---|---|"]
    cases = [
        ("self_profile: rows alone (`count(*)`)", sqlite("SELECT count(*) FROM self_profile('%s')" % path)),
        ("self_profile: every string (kind, label, args)",
         sqlite("SELECT count(*), sum(length(kind)), sum(length(label)), sum(length(args)) FROM self_profile('%s')"
                % path)),
        ("self_profile: the call tree alone (`sum(self_ns), max(depth)`)",
         sqlite("SELECT sum(self_ns), max(depth) FROM self_profile('%s')" % path)),
        ("sql/self-profile-summarize.sql", summarize_cmd(path, 50)),
    ]
    if SUMMARIZE:
        cases.append(("measureme `summarize summarize`", "'%s' summarize '%s' > /dev/null" % (SUMMARIZE, path)))
    for what, cmd in cases:
        secs, rss, _ = timed(cmd, RUNS)
        if secs is None:
            lines.append("| %s | past the cut-off | | |" % what)
            continue
        lines.append("| %s | %.2f | %.0f | %.0f |" % (what, secs, size / 1e6 / secs, rss / 1024))
    lines.append("| tests/oracle/mm_reader.py (Python), every event and string, one run | %.2f | %.0f | |" %
                 (py_secs, size / 1e6 / py_secs))
    text = "\n".join([BEGIN, "## Self-profile files (bench_self_profile.py)", "",
                      "Measured %s, %d runs each (median)." % (time.strftime("%Y-%m-%d"), RUNS), ""] + lines + [END])
    print(text)
    results = os.path.join(ROOT, "tests", "bench", "RESULTS.md")
    old = open(results, encoding="utf-8").read() if os.path.exists(results) else ""
    if BEGIN in old and END in old:
        new = old[:old.index(BEGIN)] + text + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    with open(results, "w", encoding="utf-8") as f:
        f.write(new)


if __name__ == "__main__":
    main()
