"""tree_rules.py: the call tree's rules (README "The call tree"), written
from their definitions, for the oracle tests and the benchmark to compare
the extension with.  Nothing here shares code or shape with ext/call_tree.c.

A slice is (ts, end, rowid, name); a thread's slices are given in file
order.  Per thread:

  kind(thread)      "end" when every slice ends no earlier than the slices
                    written before it, less 1 us (LLVM truncates ts and dur
                    apart), and no slice is a B event, unless the thread is
                    also in start order and its neighbours nest only
                    outer-first (below); else "start" when every slice
                    starts no earlier than those before it; else "any"
                    (containment).  Neighbours: two slices written one
                    after the other where one lies inside the other
                    (another interval); outer-first (the second starting
                    before the first ends) is how start order writes a
                    parent and its first child, inner-first how end order
                    writes a last child and its parent
  parents(...)      rowid -> parent rowid (None at the top):
    end order:      the first slice written after it that starts no later
                    than it does
    start order:    the last slice written before it that contains it
    any order:      of the slices that contain it, the one that ends first,
                    then the one that starts last, then the later written;
                    of identical intervals the earlier written contains
  self time         dur less the length of the union of the children's
                    intervals, each cut to the parent's; never negative
"""
import gzip
import json
import re

END_SLACK = 1.0        # us: what truncating ts and dur apart can cost an end


def events_of(path):
    """The events of a trace file (.json, .json.gz, or .jsonl a line at a
    time), by Python's json."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        if path.endswith(".jsonl"):
            return [json.loads(line) for line in f if line.strip()]
        doc = json.load(f)
    return doc["traceEvents"] if isinstance(doc, dict) else doc


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def exact_sum(a, b):
    """a + b as the double nearest the sum of the two decimals they print
    as (0.1 + 0.2 is 0.3, not 0.30000000000000004): how the tree takes a
    slice's end from times written with decimals."""
    if float(a).is_integer() and float(b).is_integer():
        return a + b
    from decimal import Decimal
    return float(Decimal(repr(float(a))) + Decimal(repr(float(b))))


def name_text(n):
    """A name as the name column shows it: a number's JSON text, an object
    or array as compact JSON, true/false as 1/0, null (or no name) as ''."""
    if n is None:
        return ""
    if isinstance(n, bool):
        return "1" if n else "0"
    if isinstance(n, str):
        return n
    return json.dumps(n, separators=(",", ":"))


def async_key(e):
    """What matches an async e to its b: pid, cat, id, and id2 and scope
    when the event has them (compact JSON, as written)."""
    compact = lambda k: json.dumps(e[k], separators=(",", ":")) if k in e else None
    return ("async", json.dumps(e.get("pid")), json.dumps(e.get("cat")), json.dumps(e.get("id")),
            compact("id2"), compact("scope"))


def sql_value_key(v):
    """pid or tid as the SQL value the column gives, as a key: a number
    whole and within 64 bits is that INTEGER (1, 1.0, 1e0, true: SQLite
    finds them equal), other numbers their double, null and absent NULL,
    a string its text and an object or array its compact JSON text."""
    if v is None:
        return ("null",)
    if isinstance(v, bool):
        return ("num", int(v))
    if isinstance(v, int):
        return ("num", v) if -2**63 <= v < 2**63 else ("num", float(v))
    if isinstance(v, float):
        return ("num", int(v)) if v.is_integer() and -2**63 <= v < 2**63 else ("num", v)
    if isinstance(v, str):
        return ("text", v)
    return ("text", json.dumps(v, separators=(",", ":"), ensure_ascii=False))


def slices_of(events):
    """Slices per thread from the raw events (Python's json), and the B
    durations and unmatched B/E rows: (threads, has_b, bdur, unmatched).
    threads: thread key -> [(ts, end, rowid, name)] in file order (a B/E
    pair stands at its B, a b/e pair, async, at its b on the b's thread;
    has_b: the threads with B events, not b)."""
    recs, bdur, unmatched, open_b, has_b = [], {}, set(), {}, set()
    for i, e in enumerate(events, 1):
        ph = e.get("ph")
        thread = (sql_value_key(e.get("pid")), sql_value_key(e.get("tid")))
        ts = e.get("ts")
        if ph == "X":
            d = e.get("dur")
            if not is_num(ts) or not is_num(d) or d < 0:
                continue
            name = e.get("name")
            if ts == 0 and isinstance(name, str) and name.startswith("Total ") and len(name) > 6:
                continue            # LLVM's aggregates: not slices
            recs.append([thread, ts, exact_sum(ts, d), i, name])
        elif ph in ("B", "b"):
            # a begin: a slice of its thread whose end is to come; an async
            # b is ended by the next e of the same pid, cat and id, wherever
            # that e's thread
            if ph == "B":
                has_b.add(thread)       # with a time or not: not in end order
            if not is_num(ts):
                unmatched.add(i)
                continue
            rec = [thread, ts, None, i, e.get("name")]
            recs.append(rec)
            if ph == "B":
                open_b.setdefault(thread, []).append(rec)
            else:
                open_b.setdefault(async_key(e), []).append(rec)
        elif ph in ("E", "e"):
            if ph == "e":
                stack = open_b.get(async_key(e), [])
            else:
                stack = open_b.get(thread, [])
            if not is_num(ts) or not stack:
                unmatched.add(i)
                continue
            rec = stack.pop()
            if ts < rec[1]:
                unmatched.update((i, rec[3]))
                continue
            rec[2] = ts
            bdur[rec[3]] = ts - rec[1]
    for stack in open_b.values():
        unmatched.update(rec[3] for rec in stack)
    threads = {}
    for thread, ts, end, rowid, name in recs:
        if end is not None:
            threads.setdefault(thread, []).append((ts, end, rowid, name))
    return threads, has_b, bdur, unmatched


def kind(lst, with_b=False):
    """"end", "start" or "any" for a thread's slices in file order."""
    def in_end_order():
        top = None
        for s in lst:
            if top is not None and s[1] < top - END_SLACK:
                return False
            top = s[1] if top is None else max(top, s[1])
        return True
    in_start_order = all(lst[k - 1][0] <= lst[k][0] for k in range(1, len(lst)))
    pairs = list(zip(lst, lst[1:]))
    # the second inside the first, another interval, starting before the first ends
    outer_first = any(a[0] <= b[0] and b[1] <= a[1] and b[0] < a[1] and (a[0], a[1]) != (b[0], b[1])
                      for a, b in pairs)
    # the first inside the second, another interval
    inner_first = any(b[0] <= a[0] and a[1] <= b[1] and (a[0], a[1]) != (b[0], b[1]) for a, b in pairs)
    start_by_nesting = in_start_order and outer_first and not inner_first
    if not with_b and in_end_order() and not start_by_nesting:
        return "end"
    if in_start_order:
        return "start"
    return "any"


def contains(c, s, c_first):
    """Does c contain s?  Of identical intervals, the earlier written does."""
    if not (c[0] <= s[0] and s[1] <= c[1]):
        return False
    return not (c[0] == s[0] and c[1] == s[1]) or c_first


def parents_end_brute(lst):
    out = {}
    for k, s in enumerate(lst):
        out[s[2]] = next((p[2] for p in lst[k + 1:] if p[0] <= s[0]), None)
    return out


def parents_end(lst):
    """The first later slice that starts no later: scanned from the right,
    keeping the slices that could still be someone's answer (each one
    starts earlier than those after it that are kept)."""
    out, keep = {}, []
    for s in reversed(lst):
        while keep and keep[-1][0] > s[0]:
            keep.pop()
        out[s[2]] = keep[-1][2] if keep else None
        keep.append(s)
    return out


def parents_start(lst):
    """The last earlier slice that contains it (searched backwards)."""
    out = {}
    for k, s in enumerate(lst):
        out[s[2]] = next((lst[j][2] for j in range(k - 1, -1, -1) if contains(lst[j], s, True)), None)
    return out


def parents_any(lst):
    """Of the slices that contain it, the one that ends first, then the one
    that starts last, then the later written (brute force: small threads)."""
    out = {}
    for k, s in enumerate(lst):
        best = None
        for j, c in enumerate(lst):
            if j == k or not contains(c, s, j < k):
                continue
            key = (c[1], -c[0], -j)
            if best is None or key < best[0]:
                best = (key, c[2])
        out[s[2]] = best[1] if best else None
    return out


def parents_any_fast(lst):
    """The same as parents_any for large threads: in order of end (then
    later start, then later written: the containment order), each slice
    adopts the slices not yet adopted that start no earlier than it does,
    except a slice identical to it written earlier (that one contains it)."""
    out, waiting = {}, []            # waiting: (ts, index, rowid) in order of ts
    order = sorted(range(len(lst)), key=lambda j: (lst[j][1], -lst[j][0], -j))
    for j in order:
        c = lst[j]
        k = len(waiting)
        while k > 0 and waiting[k - 1][0] >= c[0]:
            k -= 1
        for ts, idx, rowid in waiting[k:]:
            out[rowid] = c[2]
        del waiting[k:]
        waiting.append((c[0], j, c[2]))
    for ts, idx, rowid in waiting:
        out[rowid] = None
    return out


def union_length(intervals):
    total, cur = 0, None
    for a, b in sorted(intervals):
        if cur is None or a > cur[1]:
            if cur is not None:
                total += cur[1] - cur[0]
            cur = [a, b]
        else:
            cur[1] = max(cur[1], b)
    if cur is not None:
        total += cur[1] - cur[0]
    return total


BRUTE_MAX = 3000       # threads up to this many slices: the brute forces too


def tree(events, brute=True):
    """rowid -> (depth, parent, self_dur, stack) for every slice, plus
    (kinds, bdur, unmatched, disagreements): kinds maps thread -> kind;
    disagreements lists rowids where a fast and a brute-force reading of
    the same rule differ (threads up to BRUTE_MAX slices)."""
    threads, has_b, bdur, unmatched = slices_of(events)
    result, kinds, disagree = {}, {}, []
    for thread, lst in threads.items():
        k = kinds[thread] = kind(lst, thread in has_b)
        if k == "end":
            par = parents_end(lst)
            other = parents_end_brute(lst) if brute and len(lst) <= BRUTE_MAX else None
        elif k == "start":
            par, other = parents_start(lst), None      # the definition itself
        else:
            par = parents_any_fast(lst)
            other = parents_any(lst) if brute and len(lst) <= BRUTE_MAX else None
        if other is not None:
            disagree.extend(r for r in par if par[r] != other[r])
        by_rowid = {s[2]: s for s in lst}
        kids = {}
        for s in lst:
            kids.setdefault(par[s[2]], []).append(s)
        depth = {}
        for s in lst:
            # walk up to the first slice whose depth is known, then down
            chain, p = [], s[2]
            while p is not None and p not in depth:
                chain.append(p)
                p = par[p]
            base = -1 if p is None else depth[p]
            for r in reversed(chain):
                base += 1
                depth[r] = base
        for s in lst:
            ts, end = s[0], s[1]
            cut = [(max(c[0], ts), min(c[1], end)) for c in kids.get(s[2], [])]
            cover = union_length((a, b) for a, b in cut if b > a)
            names, r = [], s[2]
            while r is not None:
                names.append(name_text(by_rowid[r][3]))
                r = par[r]
            result[s[2]] = (depth[s[2]], par[s[2]], max(0, (end - ts) - cover), ";".join(reversed(names)))
    return result, kinds, bdur, unmatched, disagree


# The `symbol` column: the function a slice worked on.
MANGLED = re.compile(r"_?_[RZ][A-Za-z0-9_$.]+")


def detail_symbol(detail):
    """The function a detail names, or None: the symbol itself, "(symbol)"
    (an SCC of one function) or "loop ... in function symbol"."""
    if not isinstance(detail, str):
        return None
    if len(detail) >= 2 and detail[0] == "(" and detail[-1] == ")":
        detail = detail[1:-1]
    elif detail.startswith("loop ") and len(detail) > 5:
        if " in function " not in detail:
            return None
        detail = detail.rsplit(" in function ", 1)[1]
    return detail if MANGLED.fullmatch(detail) else None


def symbols(events, result):
    """rowid -> the symbol column for every slice of result (tree()'s first
    value): its own detail's function, else its parent's answer."""
    out = {}

    def detail_of(rowid):
        args = events[rowid - 1].get("args")
        return args.get("detail") if isinstance(args, dict) else None

    def answer(rowid):
        chain = []
        while rowid is not None and rowid not in out:
            own = detail_symbol(detail_of(rowid))
            if own is not None:
                out[rowid] = own
                break
            chain.append(rowid)
            rowid = result[rowid][1]
        value = out.get(rowid) if rowid is not None else None
        for r in chain:
            out[r] = value
        return out[chain[0]] if chain else value
    for rowid in result:
        answer(rowid)
    return out
