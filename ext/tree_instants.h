/*
** tree_instants.h: async instants (ph "n") in the async slice they belong
** to, for the call tree's depth, parent and stack columns.  Plain C, no
** SQLite; used by call_tree.c.
**
**   TreeInstants ti = {0};
**   while building, an n whose key (pid, cat, id, id2, scope) has a b open:
**       tree_instants_add(&ti, rowid, iThread, bRowid, name)
**   after the walk, the call tree fills each record's depth and stack
**   (an instant whose b never ended has bRowid 0: it belongs to nothing)
**   const InstantRec *r = tree_instants_find(&ti, rowid);
**   tree_instants_free(&ti);
**
** The Trace Event Format's nestable async events: an "n" is an instant of
** the async operation its id names, inside the innermost "b" of that key
** still open when it comes, as an "e" ends that "b".  It is no slice (it
** has no time), so it gets no self_dur; it gets the b as its parent, a
** depth one below, and the b's stack and its own name as its stack.
** Memory: 24 bytes per such instant; records come in file order, so a
** row's is found by a binary search.
*/
#ifndef TIMETRACE_TREE_INSTANTS_H
#define TIMETRACE_TREE_INSTANTS_H
#include <stddef.h>
#include <stdint.h>

typedef struct InstantRec {
  uint32_t rowid;        /* the n event's */
  uint32_t iThread;      /* the thread of its b's slice (the call tree's number) */
  uint32_t bRowid;       /* its b's rowid; 0 when the b never became a slice */
  uint32_t name;         /* its name's number in the tree's names; after the walk, its stack's */
  uint32_t depth;        /* its b's depth + 1, after the walk */
  uint32_t unused;
} InstantRec;

typedef struct TreeInstants {
  InstantRec *a;
  size_t n, nAlloc;
} TreeInstants;

/* Add an instant (rowids must come in increasing order).  Returns 1 when
** out of memory. */
int tree_instants_add(TreeInstants *p, uint32_t rowid, uint32_t iThread, uint32_t bRowid, uint32_t name);

/* The record of the instant at rowid, or NULL. */
const InstantRec *tree_instants_find(const TreeInstants *p, int64_t rowid);

void tree_instants_free(TreeInstants *p);

#endif
