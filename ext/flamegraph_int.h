/*
** flamegraph_int.h: the frame tree that flamegraph.c builds and
** flamegraph_svg.c draws (private to those two files).  Plain C.
**
** Every distinct stack prefix is one Frame in g->aFrame; aFrame[0] is the
** root "all", and a child always has a higher index than its parent, so a
** loop from the last frame down to 1 sums totals bottom-up.  A frame keeps
** only its self weight (the stacks that end there); totals are computed
** when the graph is drawn.  A differential graph (flamegraph_new_diff)
** keeps two self weights per frame: `self` from the after-trace (the
** widths) and `selfBefore`.
*/
#ifndef TIMETRACE_FLAMEGRAPH_INT_H
#define TIMETRACE_FLAMEGRAPH_INT_H
#include <stddef.h>
#include <stdint.h>

/* A whole stack seen before: its hash (string_hash, cut to 32 bits) and
** the frame it ends in (0: an empty slot; the root never ends a stack). */
typedef struct StackEnt {
  uint32_t h;
  uint32_t iFrame;
} StackEnt;

typedef struct Frame {
  uint32_t parent;        /* index of the parent frame (the root is its own) */
  uint32_t iName, nName;  /* name: aName[iName..iName+nName) */
  uint32_t depth;         /* 0 for the root "all" */
  double self;            /* weight of the stacks that end here (the after-trace's in a diff) */
  double selfBefore;      /* a differential graph: the before-trace's; else 0 */
} Frame;

struct FlameGraph {
  Frame *aFrame;          /* aFrame[0] is the root */
  uint32_t nFrame, nFrameAlloc;
  char *aName;            /* names of all frames */
  size_t nName, nNameAlloc;
  uint32_t *aHash;        /* open addressing: frame index, 0 = empty (root is never looked up) */
  uint32_t nHash;         /* power of two */
  StackEnt *aStack;       /* open addressing: whole stacks to the frame they end in */
  uint32_t nStack;        /* entries */
  uint32_t nStackHash;    /* slots, a power of two (0: none yet) */
  double total;           /* sum of the (after) weights added so far (finite) */
  double totalBefore;     /* a differential graph: sum of the before weights */
  int bDiff;              /* made by flamegraph_new_diff() */
};

/* A frame's hash: its name's (string_hash) and its parent's number. */
uint64_t flamegraph_frame_hash(uint32_t parent, const char *z, size_t n);

#endif
