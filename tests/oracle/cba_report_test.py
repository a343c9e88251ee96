#!/usr/bin/python3
"""cba_report_test.py: sql/clang-build-analyzer.sql against ClangBuildAnalyzer.

ClangBuildAnalyzer 1.6.0 (aras-p, commit 55447756; tests/data/README.md
says how it was run) analysed two CMake builds of one C++ project, with
clang 14 and with clang 19; its report text is shipped beside the traces:
- cba-clangNN.txt.xz: its default report (top 10 files and headers, top 30
  templates and functions, names cut to 70 characters, root headers only);
- cba-clangNN-full.txt.xz: the same analysis with every count at 100000,
  names uncut and onlyRootHeaders=false: every row of every section.
Every section of the SQL is compared with both, section for section, at
ClangBuildAnalyzer's precision (whole ms, seconds to 0.1).  Names are
compared after the normalisation the two sides differ by on purpose:
- files: ClangBuildAnalyzer names the object file beside a trace when
  there is one (x.cpp.o for x.cpp.json), the SQL the trace itself: both
  are compared without the folder of the build and without .o, .json and
  .json.gz;
- functions: the SQL demangles as c++filt does (demangle()), the tool with
  LLVM's demangler, which writes the standard abbreviations (Si, So, Ss,
  ...) as std::istream, std::ostream, std::string: c++filt's expansions
  are mapped back to those names;
- header chains: the tool prints "..." after its 6th chain even when there
  are exactly 6; the SQL only when there are more (asserted below);
- ties: rows with the same time in microseconds come in ClangBuildAnalyzer's
  order of its internal name numbers, so each list is compared in the order
  (time, then name); the default report's lists are the SQL's first N rows.
  The tool does not print a chain's time, by which it orders a header's
  chains of equal count: cba_chains() restates how it makes them
  (BuildEvents.cpp, Analysis.cpp) from the traces, is checked against every
  chain and count of its full reports, and gives each chain's time, so
  that chains of equal count and time may come in name order.
Both builds have an #include inside a class body (budget_fields.inc, under
a ParseClass: the tool's chain stops there) and one inside a declaration's
initializer (budget_checks.inc: clang 19 writes a
ParseDeclarationOrFunctionDefinition around it, which the tool does not
read, so its chain goes on); checked by name below.
The SQL reads the build through a pattern; when trace_events lists a
folder with 'recursive=1,skip=nontrace' (tracecurExpand in ext/trace_options.c,
which xFilter calls), the folder gives the same rows too, and without
skip=nontrace the folder's compile_commands.json is an error.
Prints "N passed, M failed".
"""
import glob
import gzip
import json
import lzma
import os
import re
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, connect, report  # noqa: E402
from sql_clients_test import statements  # noqa: E402

DATA = os.environ.get("TT_DATA", "build/testdata")
SRC = "tests/data"
SQL = "sql/clang-build-analyzer.sql"
PATTERN = "/CMakeFiles/{*/*,*/*/*}.json.gz"
LLVM_NAMES = [("std::basic_string<char, std::char_traits<char>, std::allocator<char> >", "std::string"),
              ("std::basic_istream<char, std::char_traits<char> >", "std::istream"),
              ("std::basic_ostream<char, std::char_traits<char> >", "std::ostream"),
              ("std::basic_iostream<char, std::char_traits<char> >", "std::iostream"),
              ("std::basic_istream<$>", "std::istream"), ("std::basic_ostream<$>", "std::ostream")]
SECTIONS = ["Time summary", "Files that took longest to parse (compiler frontend)",
            "Files that took longest to codegen (compiler backend)", "Templates that took longest to instantiate",
            "Template sets that took longest to instantiate", "Functions that took longest to compile",
            "Function sets that took longest to compile / optimize", "Expensive headers"]


def read_report(name):
    """{section title: [lines]} of a ClangBuildAnalyzer report."""
    path = os.path.join(DATA, name)
    if not os.path.exists(path):
        with lzma.open(os.path.join(SRC, name + ".xz"), "rt") as f:
            text = f.read()
    else:
        text = open(path, encoding="utf-8").read()
    out, cur = {}, None
    for line in text.split("\n"):
        m = re.match(r"^\*\*\*\* (.*):$", line)
        if m:
            cur = out.setdefault(m.group(1), [])
        elif cur is not None and line.strip() and not line.startswith("  done in"):
            cur.append(line)
    return out


def cut(name, n):
    return name if n is None or len(name) <= n else name[:n - 2] + "..."


def file_key(path, build):
    rel = path.split(build + "/", 1)[-1]
    return re.sub(r"\.(o|json|json\.gz)$", "", rel)


def llvm_name(name):
    for long, short in LLVM_NAMES:
        name = name.replace(long, short)
    return name


def counted(lines):
    """The rows "ms: name (N times, avg M ms)" of a section (the tool's
    list of templates also holds empty slots, 0 times, when asked for more
    rows than there are names: left out)."""
    rows = [(int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4)))
            for m in (re.match(r"^\s*(\d+) ms: (.*) \((\d+) times, avg (\d+) ms\)$", x) for x in lines)]
    return [r for r in rows if r[2] > 0]


def collapse(name):
    """ClangBuildAnalyzer's set name, restated: each top-level <...> as <$>;
    names with 'operator' or an unclosed '<' as they are."""
    if "operator" in name:
        return name
    out, depth = "", 0
    for c in name:
        if depth == 0:
            out += c
            if c == "<":
                out += "$"
                depth = 1
        elif c == "<":
            depth += 1
        elif c == ">":
            depth -= 1
            if depth == 0:
                out += ">"
    return name if depth else out


def odd(name):
    """A name the two demanglers write differently: lambdas and clang's
    unnamed closure types ($_0)."""
    return "lambda" in name or "$_" in name


# The event names ClangBuildAnalyzer reads (BuildEventsParser::ParseEvent);
# it leaves out every other event before it nests them
CBA_KINDS = {"ExecuteCompiler", "Frontend", "Backend", "Source", "ParseTemplate", "ParseClass",
             "InstantiateClass", "InstantiateFunction", "OptModule", "OptFunction"}


def is_header(path):
    """utils::IsHeader: no extension, or one that starts with h or i."""
    base = path.rsplit("/", 1)[-1]
    return "." not in base or base.rsplit(".", 1)[1][:1].lower() in ("h", "i")


def cba_chains(build):
    """{header: {chain: [count, us]}} as ClangBuildAnalyzer makes them from
    the build's traces: its events are those of CBA_KINDS, a "b" merged with
    the "e" right after it (ParseEvent); each one's parent is the innermost
    that contains it, in the order (ts, longer first, later in the file
    first) (FindParentChildrenIndices); a header's chain is its parents
    while they are Source events of headers (Analysis::ProcessEvent)."""
    out = {}
    for f in glob.glob(os.path.join(SRC, build, "CMakeFiles", "**", "*.json.gz"), recursive=True):
        evs = []
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            for e in json.load(fh)["traceEvents"]:
                if e.get("ph") not in ("X", "b", "e") or e.get("name") not in CBA_KINDS:
                    continue
                if evs and evs[-1]["ph"] == "b":
                    if e["ph"] == "e":
                        evs[-1] = dict(evs[-1], ph="X", dur=e["ts"] - evs[-1]["ts"])
                        continue
                    evs.pop()
                evs.append(e)
        parent, open_ = {}, []
        for i in sorted(range(len(evs)), key=lambda i: (evs[i]["ts"], -evs[i].get("dur", 0), -i)):
            end = evs[i]["ts"] + evs[i].get("dur", 0)
            while open_ and end > evs[open_[-1]]["ts"] + evs[open_[-1]].get("dur", 0):
                open_.pop()
            parent[i] = open_[-1] if open_ else None
            open_.append(i)
        path = [os.path.normpath(e.get("args", {}).get("detail", "")) for e in evs]
        for i, e in enumerate(evs):
            if e["name"] != "Source" or not is_header(path[i]):
                continue
            chain, p = [], parent[i]
            while p is not None and evs[p]["name"] == "Source" and is_header(path[p]):
                chain.insert(0, os.path.basename(path[p]))
                p = parent[p]
            slot = out.setdefault(path[i], {}).setdefault(" ".join(chain) or "<direct include>", [0, 0])
            slot[0] += 1
            slot[1] += e["dur"]
    return out


def rows_of(db, params):
    out = []
    for sql in statements(open(SQL, encoding="utf-8").read()):
        out.append([tuple(r) for r in db.execute(sql, params).fetchall()])
    return out


def by_time(rows):
    return sorted(rows, key=lambda r: (-r[0], r[1:]))


def compare_list(what, cba, ours, n):
    """cba: the tool's rows in its order; ours: the SQL's, first n (None: all)."""
    mine = ours if n is None else ours[:n]
    check(by_time(cba) == by_time(mine), what,
          "\n  cba  %r\n  ours %r" % ([r for r in by_time(cba) if r not in mine][:3],
                                     [r for r in by_time(mine) if r not in cba][:3]))


def compare(build, report_name, full):
    rep = read_report(report_name)
    n_name = None if full else 70
    lim = (lambda k: None) if full else (lambda k: k)
    db = connect()
    params = dict(trace=os.path.join(SRC, build) + PATTERN, options=None, limit=-1)
    res = rows_of(db, params)
    what = "%s, %s: " % (build, report_name)
    check(set(rep) == set(SECTIONS), what + "the report has the 8 sections", "%r" % sorted(rep))
    check(len(res) == 7 and 0 < sum(r[0] == "template" for r in res[5]) < len(res[5]),
          what + "7 statements, the sets' two lists in one")

    # 1. time summary
    lines = rep["Time summary"]
    count = int(re.search(r"\((\d+) times\)", lines[0]).group(1))
    fe, be = (float(re.search(r"([\d.]+) s$", x).group(1)) for x in lines[1:3])
    (n, fe_s, be_s), = res[0]
    check((n, "%.1f" % fe_s, "%.1f" % be_s) == (count, "%.1f" % fe, "%.1f" % be), what + "time summary",
          repr(((n, fe_s, be_s), (count, fe, be))))

    # 2, 3. files
    for i, title in ((1, SECTIONS[1]), (2, SECTIONS[2])):
        cba = [(int(m.group(1)), file_key(m.group(2), build))
               for m in (re.match(r"^\s*(\d+) ms: (.*)$", x) for x in rep[title])]
        ours = [(ms, file_key(f, build)) for ms, f in res[i]]
        compare_list(what + title, cba, ours, lim(10))

    # 4, 5. templates, template sets: "ms: name (N times, avg M ms)"
    sets = [r[1:] for r in res[5] if r[0] == "template"]
    for rows, title in ((res[3], SECTIONS[3]), (sets, SECTIONS[4])):
        cba = counted(rep[title])
        ours = [(ms, cut(nm, n_name), times, avg) for ms, times, avg, nm in rows]
        compare_list(what + title, cba, ours, lim(30))
        check(len(cba) > (20 if full else 5), what + title + ": not empty", "%d rows" % len(cba))

    # 6. functions: "ms: name (file)"
    cba = [(int(m.group(1)), m.group(2), m.group(3))
           for m in (re.match(r"^\s*(\d+) ms: (.*) \(([^()]*)\)$", x) for x in rep[SECTIONS[5]])]
    ours = [(ms, cut(llvm_name(fn), n_name), module) for ms, fn, module in res[4]]
    mine = ours if full else ours[:30]
    compare_list(what + SECTIONS[5] + " (names without lambdas)",
                 [r for r in cba if not odd(r[1])], [r for r in mine if not odd(r[1])], None)
    check(sorted((r[0], r[2]) for r in cba if odd(r[1])) == sorted((r[0], r[2]) for r in mine if odd(r[1])),
          what + SECTIONS[5] + " (names with lambdas: times and files; the demanglers write them differently)")

    # 7. function sets: those of functions without lambdas exactly (a set
    # is one of lambdas when a function of it has one, on each side: the
    # tool's full function list says which), those with lambdas by their
    # number of functions (the demanglers' names group them differently)
    cba = counted(rep[SECTIONS[6]])
    ours = [(ms, cut(llvm_name(nm), n_name), times, avg) for lst, ms, times, avg, nm in res[5] if lst == "function"]
    full_rep = rep if full else read_report(report_name.replace(".txt", "-full.txt"))
    cba_lambda = set(cut(collapse(m.group(1)), n_name) for m in
                     (re.match(r"^\s*\d+ ms: (.*) \([^()]*\)$", x) for x in full_rep[SECTIONS[5]]) if odd(m.group(1)))
    our_lambda = set(cut(llvm_name(collapse(fn)), n_name) for _, fn, _ in res[4] if odd(fn))
    plain = [r for r in cba if r[1] not in cba_lambda]
    if full:
        compare_list(what + SECTIONS[6] + " (of functions without lambdas)", plain,
                     [r for r in ours if r[1] not in our_lambda], None)
        n_cba, n_ours = sum(r[2] for r in cba if r[1] in cba_lambda), sum(r[2] for r in ours if r[1] in our_lambda)
        check(n_cba == n_ours and n_cba > 0, what + SECTIONS[6] + " (of functions with lambdas: as many)",
              "%d, %d" % (n_cba, n_ours))
    else:
        check(all(r in ours for r in plain) and len(plain) > 20,
              what + SECTIONS[6] + " (of functions without lambdas: each in the SQL's)",
              repr([r for r in plain if r not in ours][:3]))

    # 8. headers with their chains
    cba, cur = [], None
    for x in rep[SECTIONS[7]]:
        m = re.match(r"^(\d+) ms: (.*) \(included (\d+) times, avg (\d+) ms\), included via:$", x)
        if m:
            cur = [int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4)), []]
            cba.append(cur)
        else:
            cur[4].append(x.strip())
    ours = []
    for ms, times, avg, header, root, via in res[6]:
        ours.append([ms, header, times, avg, via.split(" | ")])
    roots = [h for h, r in zip(ours, res[6]) if r[4] == 1]
    check(ours[:len(roots)] == roots, what + "root headers first")
    mine = ours if full else roots[:10]
    check([h[:4] for h in by_time(cba)] == [h[:4] for h in by_time(mine)], what + "expensive headers",
          "\n  cba  %r\n  ours %r" % ([h[:4] for h in cba][:4], [h[:4] for h in mine][:4]))
    # chains: the tool's (up to 6 and "..." in its default report, all in
    # the full one) have the counts and times of cba_chains()'s in that
    # order, which, ties in name order, 6 and "..." when there are more, are
    # the SQL's
    model = cba_chains(build)
    quirk = 0
    chains_ok = model_ok = True
    for c, o in zip(by_time(cba), by_time(mine)):
        chains = model.get(c[1], {})
        ordered = sorted(chains, key=lambda k: (-chains[k][0], -chains[k][1], k))
        shown = [re.match(r"^(\d+)x: (.*?) ?$", x).groups() for x in c[4] if x != "..."]
        keys = [tuple(chains.get(ch, (None, None))) for _, ch in shown]
        model_ok &= all(int(n) == k[0] for (n, _), k in zip(shown, keys)) and \
            keys == [tuple(chains[k]) for k in ordered[:len(shown)]] and \
            (len(shown) == len(ordered) if full else len(shown) == min(6, len(ordered)))
        want = ["%dx: %s" % (chains[k][0], k) for k in ordered[:6]] + (["..."] if len(ordered) > 6 else [])
        if not full and len(ordered) == 6 and c[4][-1:] == ["..."]:
            quirk += 1                              # the tool's "..." after exactly 6 chains
        chains_ok &= o[4] == want
        if o[4] != want:
            print("  chains of %s:\n    cba  %r\n    want %r\n    ours %r" % (c[1], c[4], want, o[4]))
    check(model_ok, what + "cba_chains() gives the tool's chains, counts and order (up to ties)")
    check(chains_ok, what + "expensive headers: the include chains, most frequent first")
    if not full:
        check(quirk > 0, what + "a header with exactly 6 chains: the tool prints '...' after them, the SQL does not")
    # the two cases by name, in the full reports (every header): inside a
    # class body the tool's chain stops at the ParseClass, so the .inc counts
    # as a root header; a ParseDeclarationOrFunctionDefinition (clang 19)
    # stops nothing
    if full:
        inc = "/tmp/ledger/include/ledger/"
        for name, chains in (("budget_fields.inc", ["3x: <direct include>"]),
                             ("budget_checks.inc", ["2x: ledger.hpp budget.hpp", "1x: budget.hpp"])):
            got = [[h[4] for h in rows if h[1] == inc + name] for rows in (cba, mine)]
            check(got == [[chains], [chains]], what + "%s: included via %s in the tool's report and the SQL's" %
                  (name, " | ".join(chains)), repr(got))


def test_folder(build):
    """The folder with recursive=1,skip=nontrace: the pattern's rows (every
    .json.gz below it but compile_commands.json.gz is a trace)."""
    db = connect()
    folder = os.path.join(SRC, build)
    try:
        n, = db.execute("SELECT count(DISTINCT file) FROM trace_events(?, 'recursive=1,skip=nontrace')",
                        (folder,)).fetchone()
    except sqlite3.Error as e:
        print("note: trace_events does not list folders with the options yet (%s)" % str(e)[:90])
        return
    want = sum(1 for d, _, fs in os.walk(folder) for f in fs if f.endswith(".json.gz")) - 1
    check(n == want and want >= 8, build + ": recursive=1 finds every trace below the folder", "%d files" % n)
    res = rows_of(db, dict(trace=folder, options="recursive=1,skip=nontrace", limit=-1))
    ours = rows_of(db, dict(trace=folder + PATTERN, options=None, limit=-1))
    strip = [[tuple(re.sub(r"^.*/CMakeFiles/", "", v) if isinstance(v, str) else v for v in r) for r in s]
             for s in (res, ours)]
    check(strip[0] == strip[1], build + ": the folder with recursive=1,skip=nontrace gives the pattern's rows")
    try:
        db.execute("SELECT count(*) FROM trace_events(?, 'recursive=1')", (folder,)).fetchone()
        check(False, build + ": without skip=nontrace, compile_commands.json is an error")
    except sqlite3.Error as e:
        check("compile_commands.json.gz: byte" in str(e) and "not a trace" in str(e),
              build + ": without skip=nontrace, compile_commands.json is an error naming it", str(e))


def main():
    for v in ("14", "19"):
        build = "cmake-clang" + v
        compare(build, "cba-clang%s.txt" % v, False)
        compare(build, "cba-clang%s-full.txt" % v, True)
        test_folder(build)
    return report()


if __name__ == "__main__":
    sys.exit(main())
