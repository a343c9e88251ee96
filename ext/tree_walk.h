/*
** tree_walk.h: parent, depth and self time of the slices of one thread,
** from the order they were written in.  Plain C, no SQLite; used by
** call_tree.c, which reads the file and keeps the threads.
**
**   SliceOrder o; slice_order_init(&o);
**   for each slice, in file order:  slice_order_add(&o, ts, end);   (B: end NAN, bHasB)
**   tree_walk(a, n, slice_order_kind(&o, bHasB))  -> 0, or 1 when out of memory
**
** Rules (README "The call tree"), per thread:
**   - end order: every slice ends no earlier than the slices written
**     before it, less TREE_END_SLACK (LLVM and clang write a slice when it
**     ends, and truncate ts and dur to whole microseconds apart, which can
**     cost an end 1 us), and no B event; unless the thread is also in
**     start order and, of two slices written one after the other where
**     one is inside the other, the outer always comes first (the inner
**     starting before the outer ends: slice_order_kind).  The parent of a slice is the first slice
**     written after it that starts no later than it does.
**   - start order (B/E pairs, Chrome's own X events): every slice starts
**     no earlier than those before it.  The parent is the innermost slice
**     still open when it starts: the last slice written before it that
**     contains it (of identical intervals, the earlier written contains).
**   - any other order (merged or shuffled files): containment; the parent
**     is, of the slices that contain it, the one that ends first, then
**     the one that starts last, then the later written; of identical
**     intervals the earlier written contains.
**   - self time: the duration less the length of the union of the direct
**     children's intervals, each cut to the parent's; never negative.
**
** The slices come in a[] in file order as {ts, end, rowid, name} and
** leave in the same order (rowid order) as {self_dur, parent, depth,
** rowid, name}.  Memory: nothing per slice beyond the records, plus a
** stack: 4 bytes per slice still waiting for its parent (end order; in
** LLVM's traces the top-level slices of the thread), or one entry per
** level of nesting (the other orders).
*/
#ifndef TIMETRACE_TREE_WALK_H
#define TIMETRACE_TREE_WALK_H
#include <stddef.h>
#include <stdint.h>

/* A slice while the tree is built (in) and after (out): 24 bytes. */
typedef struct SliceRec {
  union {
    struct { double ts, end; } in;                      /* while building */
    struct { double self_dur; uint32_t parent, depth; } out;
    struct { double self_dur; double held; } wait;      /* tree_walk.c */
  } u;
  uint32_t rowid;        /* the event's position in the file */
  union {
    uint32_t name;       /* index into the tree's name table */
    uint32_t stack;      /* with names, once the tree is built: its stack's
                         ** number, which names it (tree_stacks.h) */
  };
} SliceRec;

/* What a microsecond of truncation can cost the end of a slice written
** in end order (ts and dur are each rounded down). */
#define TREE_END_SLACK 1.0

typedef enum ThreadOrder { ORDER_END, ORDER_START, ORDER_ANY } ThreadOrder;

/* The order of a thread's slices, told one slice at a time. */
typedef struct SliceOrder {
  double maxTs, maxEnd;  /* of the slices so far */
  double lastTs, lastEnd;  /* of the last one */
  int n;                 /* 0 before the first slice, then 1 */
  int bNotEnd, bNotStart;
  /* Two slices written one after the other, one inside the other (not
  ** the same interval): the outer one first, the inner starting before
  ** the outer ends, as a parent and its first child in start order; or
  ** the inner one first, as a last child and its parent in end order */
  int bOuterFirst, bInnerFirst;
} SliceOrder;

static inline void slice_order_init(SliceOrder *o){
  o->maxTs = o->maxEnd = o->lastTs = o->lastEnd = 0;
  o->n = o->bNotEnd = o->bNotStart = o->bOuterFirst = o->bInnerFirst = 0;
}

/* Is [ts, end] inside [outerTs, outerEnd], and another interval? */
static inline int slice_strictly_inside(double ts, double end, double outerTs, double outerEnd){
  return outerTs<=ts && end<=outerEnd && (outerTs<ts || end<outerEnd);
}

/* The next slice in file order; end is NAN for a B event (its E has not
** come yet): a thread with a B event is never in end order. */
static inline void slice_order_add(SliceOrder *o, double ts, double end){
  if( o->n==0 ){
    o->maxTs = ts;
    o->maxEnd = end;
    o->n = 1;
  }else{
    if( ts<o->maxTs ) o->bNotStart = 1; else o->maxTs = ts;
    if( !(end>=o->maxEnd - TREE_END_SLACK) ) o->bNotEnd = 1;
    if( end>o->maxEnd ) o->maxEnd = end;
    if( slice_strictly_inside(ts, end, o->lastTs, o->lastEnd) && ts<o->lastEnd ) o->bOuterFirst = 1;
    if( slice_strictly_inside(o->lastTs, o->lastEnd, ts, end) ) o->bInnerFirst = 1;
  }
  o->lastTs = ts;
  o->lastEnd = end;
}

/* A thread in start order whose ends also pass for end order (each child
** ends with its parent or less than TREE_END_SLACK before it: Chrome's
** short nested slices, or times finer than a microsecond) is told apart
** by how nested slices follow each other: outer first and never inner
** first is start order.  In end order a slice written after another ended after it:
** truncating ts and dur to whole microseconds can make a sibling after
** it start where it ends but not before, and an ancestor starting in the
** same microsecond end no earlier (it lasts longer), so LLVM's threads
** never have an outer-first pair; and each parent comes right after its
** last child, an inner-first pair. */
static inline ThreadOrder slice_order_kind(const SliceOrder *o, int bHasB){
  int bStartByNesting = !o->bNotStart && o->bOuterFirst && !o->bInnerFirst;
  if( !o->bNotEnd && !bHasB && !bStartByNesting ) return ORDER_END;
  if( !o->bNotStart ) return ORDER_START;
  return ORDER_ANY;
}

/* Give every slice of a[0..n) (one thread, file order) its parent (a
** rowid, 0 for none), depth and self time, by the rule of order e.  The
** array is in rowid order afterwards.  Returns 0, or 1 when out of memory
** (then a[] is in no defined state). */
int tree_walk(SliceRec *a, size_t n, ThreadOrder e);

/* After the walk (a[0..n) in rowid order): the position of the slice
** with this rowid, which must be there (a parent); a binary search. */
size_t slice_rec_index(const SliceRec *a, size_t n, uint32_t rowid);

#endif
