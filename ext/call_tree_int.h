/*
** call_tree_int.h: the call tree's records, shared by the two files that
** make it (call_tree.c: reading the file and walking the threads) and
** answer it (call_tree_rows.c: the slice of a row, its stack, function,
** B duration).  Private: the interface is call_tree.h.
*/
#ifndef TIMETRACE_CALL_TREE_INT_H
#define TIMETRACE_CALL_TREE_INT_H
#include "call_tree.h"
#include "event_pairs.h"
#include "string_table.h"
#include "tree_instants.h"
#include "tree_stacks.h"
#include "tree_walk.h"

/* A thread's slices, in file order until the walk, then rowid order
** (the same order: a slice's rowid is its place in the file).  A million
** threads of one slice each are a real input (a trace with one thread id
** per task), so what every thread keeps is small: 32 bytes here, its key
** in threadKeys, room for one slice at first (see slices_grow), and the
** walk's and lookup's 12 bytes.  What only some threads need sits beside:
** the B and b events waiting for their end (pairs), the
** prefault window of the thread being filled (CallTree.nReady), and the
** order of the slices, told during the walk (thread_walk). */
typedef struct Thread {
  SliceRec *a;           /* its slices */
  uint32_t *aFunc;       /* CALL_TREE_FUNCTIONS: beside a[], the index in the
                         ** tree's symbol table of the function each slice
                         ** worked on (its own, then, after the walk, the
                         ** one it is attributed to); 0 for none */
  uint32_t n, nAlloc;    /* slices (fewer than 2^32: rowids are 32-bit) */
  uint32_t iNext;        /* lookup cursor: a[iNext] is the next slice to be asked for */
  uint8_t bHasB;         /* a B event came (then never in end order) */
  uint8_t eOrder;        /* the order its slices came in (ThreadOrder), told by the walk */
} Thread;

/* A rowid with a number: the duration of a matched B, or the kind of an
** unmatched B/E. */
typedef struct RowNote {
  uint32_t rowid;
  double v;
} RowNote;

struct CallTree {
  Thread *aThread;       /* threads, numbered as their keys in threadKeys */
  size_t nThread, nThreadAlloc;
  StringTable threadKeys;   /* pid and tid as bytes (see thread_key) */
  StringTable names;        /* distinct slice names; names[0] is "" */
  int bNames;               /* names are kept (CALL_TREE_NAMES) */
  int eFrames;              /* 0, CALL_TREE_DETAIL_FRAMES or CALL_TREE_GENERIC_FRAMES:
                            ** while building, names holds (name, detail) pairs
                            ** (tree_frames.h), turned into frames after the walk */
  size_t nNameByte;         /* CALL_TREE_NAMES: the bytes of the slices' names,
                            ** 1 more for each (what the input holds at least) */
  TreeStacks stacks;        /* CALL_TREE_NAMES: the distinct stacks (tree_stacks.h) */
  StringTable symbols;      /* CALL_TREE_FUNCTIONS: distinct function symbols; [0] is "" */
  int bFunctions;        /* functions are kept (CALL_TREE_FUNCTIONS) */
  int nDecimals;         /* the most decimals a ts or dur was written with
                         ** (its fraction's digits less its exponent; 0 for
                         ** whole numbers): self times and B durations are
                         ** rounded to them (tree_round) */
  RowNote *aBDur;        /* durations of matched B events, by rowid */
  size_t nBDur, nBDurAlloc;
  RowNote *aUnmatched;   /* unmatched B ('B') and E ('E') rows, by rowid */
  size_t nUnmatched, nUnmatchedAlloc;
  PairTable pairs;       /* building: B and b events waiting for their end */
  TreeInstants instants; /* async instants (n) in their async slice */
  uint32_t *aCursor;     /* lookup: min-heap of threads by their next rowid */
  size_t nCursor;
  int64_t iLastSeq;      /* lookup: the last rowid asked for */
  size_t iLastFound;     /* lookup: the thread of the last slice found */
  size_t iLastThread;    /* building: the thread of the last event */
  size_t nRun;           /* building: slices of that thread in a row */
  size_t nReady;         /* building: its a[0..nReady) are prefaulted (see slice_add) */
  int64_t nEvent;        /* events in the file, slices or not */
  uint64_t iSliceRef;    /* building: the slice the last event added (see
                         ** call_tree_slice_ref), 0 for none */
  uint32_t *aRowThread;  /* call_tree_slice_at: 1 + the thread of the slice
                         ** at each rowid (0: not a slice), made on first use */
  char *zStopped;        /* CALL_TREE_PARTIAL: why the file ended early, or NULL */
  int bOffsets;          /* CALL_TREE_OFFSETS: offs is being or was recorded */
  EventOffsets offs;     /* CALL_TREE_OFFSETS: where each event starts */
  EventStopFn xStop;     /* building: asked between the threads of the walk, or NULL */
  void *pStopCtx;
};

/* call_tree_rows.c, for the build and the walk too. */

/* The position in p->a of the slice with this rowid, which must be there. */
size_t ct_slice_index(const Thread *p, uint32_t rowid);
/* The slice of p with this rowid (p->a is in rowid order), or NULL. */
const SliceRec *ct_find_rowid(const Thread *p, uint32_t rowid);
/* Put every thread's lookup cursor back at its first slice. */
void ct_cursor_rewind(CallTree *t);
/* qsort's order of RowNotes: by rowid. */
int ct_cmp_note(const void *pa, const void *pb);
/* The bytes of t->aRowThread (call_tree_slice_at's table). */
size_t ct_row_thread_bytes(const CallTree *t);

#endif
