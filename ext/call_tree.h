/*
** call_tree.h: who encloses whom in a trace, for the depth, parent,
** self_dur and stack columns.  Plain C, no SQLite.
**
**   CallTree *pTree;
**   if( call_tree_build(zPath, nThread, 0, CALL_TREE_NAMES, &pTree, zErr, sizeof zErr) ) -> error in zErr
**   ... scan the file again; for each event:
**   const CallSlice *s = call_tree_slice(pTree, pEv);   // NULL: not a slice
**   s->depth, s->parent (a rowid, 0 for none), s->self_dur
**   call_tree_stack_text(pTree, s, &z, &n)              // "outer;...;name", owned by the tree
**   call_tree_nested(pTree, s)                          // 1: an ancestor has its name
**   call_tree_function(pTree, s, &z, &n)                // the function it worked on
**   call_tree_free(pTree);
** or, to have the rows in the same pass, call_tree_build_rows (below).
**
** Rules (README "The call tree"):
**   - slices are X events with a numeric dur, B/E pairs, matched per
**     (pid, tid) in file order as a stack, and async b/e pairs, matched per
**     (pid, cat, id) (event_pairs.h); the B or b row stands for the pair,
**     on the B's or b's thread, and its duration is the time to its end;
**   - an async instant (n) is no slice, but call_tree_instant gives it a
**     place in the innermost b of its key open when it came
**     (tree_instants.h);
**   - LLVM's aggregate "Total <name>" events (X, ts 0, name starting with
**     "Total ") are not slices, nor is any other phase;
**   - parents are read from the order each (pid, tid) was written in:
**     end order (LLVM, clang), start order (B/E, Chrome) or neither
**     (containment); the rules and how a thread's order is told are in
**     tree_walk.h;
**   - self_dur = dur minus the length of the union of the direct children's
**     intervals, each cut to the parent's.
** An unmatched B or E is not a slice; call_tree_unmatched() tells which
** rows they are so the table can report them.
**
** Memory: 24 bytes per slice (28 with CALL_TREE_FUNCTIONS), plus a small table of distinct names and
** threads, up to a page per thread of array not yet filled, and the walk's
** stack (tree_walk.h).  With CALL_TREE_NAMES, nothing more per slice (a
** slice's stack number takes its name's place) and, per distinct stack,
** 32 to 40 bytes plus its text once asked for (tree_stacks.h; the texts
** kept are capped by the bytes of the names, so by the input's size).
** Building reads the file once (the extra pass).
*/
#ifndef TIMETRACE_CALL_TREE_H
#define TIMETRACE_CALL_TREE_H
#include <stddef.h>
#include <stdint.h>
#include "event_reader.h"
#include "event_index.h"

typedef struct CallTree CallTree;

/* One slice, after building.  24 bytes. */
typedef struct CallSlice {
  double self_dur;      /* exclusive time, same unit as ts/dur */
  uint32_t parent;      /* rowid of the parent, 0 for a top-level slice */
  uint32_t depth;       /* 0 for a top-level slice */
  uint32_t rowid;       /* the slice's own rowid (event position) */
  union {
    uint32_t name;      /* without CALL_TREE_NAMES: 0 */
    uint32_t stack;     /* with CALL_TREE_NAMES: the number of its stack, the
                        ** same for slices of the same stack in one tree;
                        ** stacks are numbered 0, 1, ... up to the count
                        ** call_tree_stack_bytes gives (for grouping rows
                        ** by stack without comparing texts) */
  };
} CallSlice;

/* Flags of call_tree_build. */
#define CALL_TREE_NAMES     0x1  /* keep the slices' names, for call_tree_stack */
#define CALL_TREE_YAJL_ONLY 0x2  /* no fast path in the reader (EventReaderConfig.bYajlOnly) */
#define CALL_TREE_FUNCTIONS 0x4  /* keep the function each slice worked on, for call_tree_function */
#define CALL_TREE_PARTIAL   0x8  /* partial=1: a scan that stops on an error in the
                                 ** file's bytes (partial_tolerates) ends the file:
                                 ** the tree is that of the events before it */
#define CALL_TREE_OFFSETS   0x10 /* also record where each event starts (8 bytes
                                 ** per event), for call_tree_take_offsets: lookups
                                 ** by rowid then need no pass of their own */
#define CALL_TREE_DETAIL_FRAMES  0x20 /* with CALL_TREE_NAMES: a stack's frames are
                                 ** the slices' names with their details,
                                 ** demangled (tree_frames.h: "OptFunction
                                 ** tiny::main"); call_tree_nested compares frames */
#define CALL_TREE_GENERIC_FRAMES 0x40 /* the same, generic arguments stripped */

/* Read zPath (with nThread threads cutting it into pieces of nPiece bytes,
** 0 for the tree's default; see event_pscan.h) and build its tree.
** Returns 0 and sets *ppTree, or non-zero with a message in zErr
** ("byte N: ..." from the reader, or another reason).  With
** CALL_TREE_PARTIAL, a file cut short is no error: its tree is built from
** the complete events before the stop (a slice whose parent was never
** written is top-level, a B whose E never came is unmatched), and
** call_tree_stopped gives the reader's message. */
int call_tree_build(const char *zPath, int nThread, size_t nPiece, unsigned mFlags,
                    CallTree **ppTree, char *zErr, size_t nErr);

/* call_tree_build that asks xStop(pStopCtx) now and then (EventStopFn,
** event_reader.h), on the calling thread: during the read, once per piece
** or chunk, and during the walk, before each thread's slices.  When it
** says stop, returns non-zero with EVENT_STOPPED ("interrupted") in zErr,
** every thread joined and everything freed. */
int call_tree_build_ex(const char *zPath, int nThread, size_t nPiece, unsigned mFlags,
                       EventStopFn xStop, void *pStopCtx, CallTree **ppTree, char *zErr, size_t nErr);

/* What a build may hand on while it reads (call_tree_build_rows): every
** event, in file order, on the calling thread, with the fields mWant asks
** for built beside the tree's own, before the tree is walked.  So a
** caller that wants the rows and the tree together (a grouped statement
** that reads depth or self_dur) reads the file once: it keeps what it
** needs of each row and asks the finished tree for the rest.  iSlice is
** where the event's slice will be (call_tree_slice_ref), 0 when the event
** is not one (an E or e: the B or b before it stands for the pair).
** iName is the number the tree gave the slice's name when the build keeps
** names (CALL_TREE_NAMES, no frames) and the name is a JSON string, else
** -1: within one build, two such slices have the same number exactly when
** their names are the same bytes, so a caller can key on it instead of
** hashing the name again.  xRow returns 0 to go on; anything else stops
** the build, which then returns non-zero with zErr empty (the caller
** knows why). */
typedef struct CallTreeRows {
  unsigned mWant;
  int (*xRow)(void *pCtx, const TraceEvent *pEv, uint64_t iSlice, long iName);
  void *pCtx;
} CallTreeRows;
int call_tree_build_rows(const char *zPath, int nThread, size_t nPiece, unsigned mFlags,
                         EventStopFn xStop, void *pStopCtx, const CallTreeRows *pRows,
                         CallTree **ppTree, char *zErr, size_t nErr);

/* A tree from another reader's slices (rustc's self-profile files,
** self_profile.c): the same walk, rules and answers, fed by hand.
**
**   CallTree *t = call_tree_new(CALL_TREE_NAMES);      // NULL: out of memory
**   for each event, in the file's order:
**     call_tree_add_slice(t, zThread, nThread, start, end, iSeq, zName, nName)
**   call_tree_add_events(t, nEvents);                  // events that were no slice
**   if( call_tree_finish(t, nThread, 0, 0, zErr, sizeof zErr) ) -> error, then call_tree_free
**
** Only CALL_TREE_NAMES is taken (functions, frames, offsets and B/E
** pairs are the JSON reader's).  A thread is any bytes that name it; the
** slices' rowids (iSeq) must grow, from 1, below 2^32.  add_slice
** returns 0, 1 when out of memory, 2 when the slice is refused (a rowid
** out of order or range, an end before its start or NaN); the tree is
** usable afterwards either way.  The answers are then those of a tree
** built from a file (call_tree_slice_at, call_tree_stack_text, ...). */
CallTree *call_tree_new(unsigned mFlags);
int call_tree_add_slice(CallTree *pTree, const char *zThread, size_t nThread,
                        double ts, double end, int64_t iSeq, const char *zName, size_t nName);
void call_tree_add_events(CallTree *pTree, int64_t nEvent);
int call_tree_finish(CallTree *pTree, int nThread, EventStopFn xStop, void *pStopCtx,
                     char *zErr, size_t nErr);

/* The slice of the row at rowid iSeq, asked in rowid order (as
** call_tree_slice, for readers whose rows are not TraceEvents). */
const CallSlice *call_tree_slice_seq(CallTree *pTree, int64_t iSeq);

/* The slice of event pEv (found by its rowid, pEv->iSeq), or NULL.  Fast
** when asked in rowid order (a cursor per thread moves forward); asking
** for an earlier rowid starts the cursors over. */
const CallSlice *call_tree_slice(CallTree *pTree, const TraceEvent *pEv);

/* The slice at rowid iSeq, or NULL, in any order: for lookups by rowid
** (a join on parent), while call_tree_slice serves a scan.  The first
** call makes a table of 4 bytes per event; when that fails it returns
** NULL with *pbNoMem set.  It does not move call_tree_slice's cursors, so
** a scan and lookups may share one tree. */
const CallSlice *call_tree_slice_at(CallTree *pTree, int64_t iSeq, int *pbNoMem);

/* The slice at rowid iSeq, from the iSlice call_tree_build_rows gave
** with it (0: none, then NULL): found at once, without a search, in any
** order.  NULL when it did not become a slice (a B that never ended). */
const CallSlice *call_tree_slice_ref(const CallTree *pTree, uint64_t iSlice, int64_t iSeq);
/* Ask the processor to bring in what call_tree_slice_ref(iSlice) will
** read (a hint: nothing else changes). */
void call_tree_slice_prefetch(const CallTree *pTree, uint64_t iSlice);

/* An async instant (ph "n") inside an async slice of its key
** (tree_instants.h): 1 and, in *pOut, its parent (the b's rowid), depth
** (the b's + 1) and, with CALL_TREE_NAMES, stack (for
** call_tree_stack_text); self_dur 0.  0 for any other row. */
int call_tree_instant(const CallTree *pTree, int64_t iSeq, CallSlice *pOut);

/* The number of events in the file (the last rowid): a statement that
** reads only the tree's columns takes its rows from here instead of a
** second scan (the build read and checked every event already). */
int64_t call_tree_events(const CallTree *pTree);

/* The message of the error the build's scan stopped on with
** CALL_TREE_PARTIAL ("byte N: reason"), or NULL when it read the whole
** file.  Owned by the tree. */
const char *call_tree_stopped(const CallTree *pTree);

/* Duration of the B event at rowid (time to its E), or -1 when rowid is not
** a matched B. */
double call_tree_b_duration(const CallTree *pTree, const TraceEvent *pEv);

/* 'B' or 'E' when the event at rowid is an unmatched B or E, else 0. */
int call_tree_unmatched(const CallTree *pTree, const TraceEvent *pEv);

/* The folded stack of slice s: names from the outermost slice down to s,
** joined with ';' (a name's own ';' and NUL bytes as they are).  Returns
** 0 with the text in *pz (owned by the tree, valid until call_tree_free,
** not NUL-terminated: use *pn), the same address for every slice of the
** same stack (s->stack) in this tree; 1 with it in a buffer of the tree
** valid only until the next call, when the texts kept would pass their
** cap (tree_stacks.h: an input whose distinct stacks are long and many
** for its size); -1 when out of memory; -2 when the tree was built
** without CALL_TREE_NAMES.  The first call for a stack builds its text. */
int call_tree_stack_text(CallTree *pTree, const CallSlice *s, const char **pz, size_t *pn);

/* call_tree_stack_text as a malloc()ed NUL-terminated copy the caller
** frees.  Returns 0, -1 when out of memory, -2 without CALL_TREE_NAMES. */
int call_tree_stack(CallTree *pTree, const CallSlice *s, char **pz, size_t *pn);

/* 1 when an ancestor of slice s has the same name (measureme's "Time"
** counts only the outermost of nested instances of an item), else 0; -2
** when the tree was built without CALL_TREE_NAMES.  It follows from the
** stack, so costs nothing. */
int call_tree_nested(const CallTree *pTree, const CallSlice *s);

/* The bytes of the tree's distinct stacks (records, their hash table,
** the texts built), and their number in *pnStack (pnStack may be NULL). */
size_t call_tree_stack_bytes(const CallTree *pTree, size_t *pnStack);

/* The function slice s worked on: the mangled symbol its own detail names
** (pass_detail.h), else that of its nearest ancestor whose detail names
** one.  Returns 0 with the symbol in *pz (owned by the tree; not
** NUL-terminated as far as the caller knows: use *pn), or *pz NULL when
** none; -2 when the tree was built without CALL_TREE_FUNCTIONS. */
int call_tree_function(const CallTree *pTree, const CallSlice *s, const char **pz, size_t *pn);

/* Move the offsets recorded with CALL_TREE_OFFSETS into *pOut (for
** event_index_adopt).  Returns 1 when there were any (the first call on
** a tree built with the flag), else 0 with *pOut empty. */
int call_tree_take_offsets(CallTree *pTree, EventOffsets *pOut);
void call_tree_free(CallTree *pTree);

#endif
