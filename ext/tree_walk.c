/*
** tree_walk.c: parent, depth and self time of one thread's slices.
** Interface and rules: tree_walk.h.
**
** End order (LLVM, clang).  The walk goes through the file order once
** with a stack of the slices that have no parent yet, earliest written
** at the bottom.  A new slice adopts, from the top, every one that starts
** no earlier than it does: that is its rule's answer for them, since the
** slices written between such a slice and the new one all start later
** still (else one of them would have adopted it).  What stays on the
** stack starts earlier than what is above it, so adoption stops at the
** first that starts earlier, and the adopted are in order of start: the
** union of their intervals is one pass.  Each slice's subtree is then the
** run of the array just before it, which gives the memory trick: while a
** slice waits on the stack its record still holds {ts, end} for its future
** parent, and its self time is kept in the record of its last child
** (written just before it; that child's parent and depth fields are free
** until the last pass).  A last pass, backwards, so that every parent
** comes before its children, turns parent indexes into rowids and sets
** the depths.  No sort: the array stays in file order.
**
** Start order (B/E pairs, Chrome).  One pass in file order with a stack
** of open slices: a slice that ends before the new one does is closed for
** good (all that is yet to come and lies inside it lies inside the new
** one too), and the top of the stack is then the parent.
**
** Any other order.  Containment: the array is sorted by end (then later
** start first, then file order), so every slice comes after the slices it
** contains, and walked backwards with a stack of candidate parents; then
** sorted back into rowid order.
*/
#include "tree_walk.h"

#include <math.h>
#include <stdlib.h>

/* Grow *pa (elements of size sz, *pnAlloc of them) to hold n+1. */
static int stack_grow(void **pa, size_t *pnAlloc, size_t n, size_t sz){
  if( n<*pnAlloc ) return 0;
  {
    size_t nNew = *pnAlloc ? *pnAlloc*2 : 64;
    void *aNew = realloc(*pa, nNew*sz);
    if( aNew==0 ) return 1;
    *pa = aNew;
    *pnAlloc = nNew;
  }
  return 0;
}

/* Length of [lo, hi] not yet covered by *pCover (the union so far reaches
** *pCover and intervals come in order of start); moves *pCover on. */
static double cover_add(double *pCover, double lo, double hi){
  double add = 0;
  if( lo<*pCover ) lo = *pCover;
  if( hi>lo ){
    add = hi - lo;
    *pCover = hi;
  }
  return add;
}

/* ------------------------------------------------------------------ */
/* End order                                                            */

#define NO_PARENT UINT32_MAX

/* The self time a waiting slice at index i keeps for itself: stored in
** its last child's record (index i-1) when it has children, else its own
** length.  bKids: does it have children. */
static double waiting_self(const SliceRec *a, size_t i, int bKids){
  if( bKids ) return a[i-1].u.wait.held;
  return a[i].u.in.end - a[i].u.in.ts;
}

/* Slice i leaves the stack with parent index iParent (NO_PARENT: none).
** bKids: it has children, so a[i-1] holds its self time, and a[i-1]'s own
** parent (i) is put back. */
static void waiting_finish(SliceRec *a, size_t i, int bKids, uint32_t iParent){
  double self = waiting_self(a, i, bKids);
  if( bKids ){
    a[i-1].u.out.parent = (uint32_t)i;
    a[i-1].u.out.depth = 0;
  }
  a[i].u.out.self_dur = self > 0 ? self : 0;
  a[i].u.out.parent = iParent;
  a[i].u.out.depth = 0;
}

/* Does the waiting slice at stack position q have children?  Its subtree
** is the run of the array after the slice below it on the stack. */
static int waiting_has_kids(const uint32_t *aStack, size_t q){
  size_t iBelow = q ? (size_t)aStack[q-1] + 1 : 0;
  return iBelow < aStack[q];
}

static int walk_end_order(SliceRec *a, size_t n){
  uint32_t *aStack = 0;
  size_t nStack = 0, nAlloc = 0, i, q, k;
  for(i=0; i<n; i++){
    double ts = a[i].u.in.ts, end = a[i].u.in.end, cover = ts, kids = 0;
    for(k=nStack; k>0 && a[aStack[k-1]].u.in.ts>=ts; k--){}
    /* a[aStack[k..nStack)] are its children, in order of start */
    for(q=k; q<nStack; q++){
      const SliceRec *c = &a[aStack[q]];
      kids += cover_add(&cover, c->u.in.ts, c->u.in.end<end ? c->u.in.end : end);
    }
    for(q=k; q<nStack; q++){
      waiting_finish(a, aStack[q], waiting_has_kids(aStack, q), (uint32_t)i);
    }
    if( k<nStack ){
      /* its self time waits in its last child, a[i-1] */
      a[i-1].u.wait.held = (end - ts) - kids;
    }
    nStack = k;
    if( stack_grow((void**)&aStack, &nAlloc, nStack, sizeof(uint32_t)) ){
      free(aStack);
      return 1;
    }
    aStack[nStack++] = (uint32_t)i;
  }
  for(q=0; q<nStack; q++){
    waiting_finish(a, aStack[q], waiting_has_kids(aStack, q), NO_PARENT);
  }
  free(aStack);
  /* parents come after their children: backwards, depths and rowids */
  for(i=n; i>0; i--){
    SliceRec *r = &a[i-1];
    uint32_t p = r->u.out.parent;
    if( p==NO_PARENT ){
      r->u.out.parent = 0;
      r->u.out.depth = 0;
    }else{
      r->u.out.parent = a[p].rowid;
      r->u.out.depth = a[p].u.out.depth + 1;
    }
  }
  return 0;
}

/* ------------------------------------------------------------------ */
/* Start order and any order: a stack of slices that can still be a    */
/* parent                                                               */

typedef struct OpenSlice {
  size_t iRec;           /* its record */
  double ts, end;        /* its interval */
  double reach;          /* where the union of its children so far ends
                         ** (start order) or begins (containment) */
  double kids;           /* length of that union */
  uint32_t rowid, depth;
} OpenSlice;

typedef struct WalkStack {
  OpenSlice *a;
  size_t n, nAlloc;
} WalkStack;

/* The top of the stack leaves: write its results over its record; the
** slice below it on the stack is its parent. */
static void stack_pop(SliceRec *a, WalkStack *pS){
  const OpenSlice *o = &pS->a[--pS->n];
  SliceRec *r = &a[o->iRec];
  double self = (o->end - o->ts) - o->kids;
  r->u.out.self_dur = self > 0 ? self : 0;
  r->u.out.parent = pS->n ? pS->a[pS->n-1].rowid : 0;
  r->u.out.depth = o->depth;
}

/* Push a[i] as a child of the top of the stack (if any), whose children's
** union grows by cover(parent, ts, end).  Returns 1 when out of memory. */
static int stack_push(SliceRec *a, size_t i, WalkStack *pS, int bStartOrder){
  double ts = a[i].u.in.ts, end = a[i].u.in.end;
  OpenSlice *o;
  if( stack_grow((void**)&pS->a, &pS->nAlloc, pS->n, sizeof(OpenSlice)) ) return 1;
  o = &pS->a[pS->n];
  o->iRec = i;
  o->ts = ts;
  o->end = end;
  o->reach = bStartOrder ? ts : end;
  o->kids = 0;
  o->rowid = a[i].rowid;
  o->depth = 0;
  if( pS->n>0 ){
    OpenSlice *p = &pS->a[pS->n-1];
    if( bStartOrder ){
      /* children come in order of start */
      p->kids += cover_add(&p->reach, ts, end<p->end ? end : p->end);
    }else{
      /* children come in order of end, latest first: the parent's earlier
      ** children end no sooner than this one, so they cover exactly the
      ** part of it from their earliest start on */
      double to = p->reach < end ? p->reach : end;
      if( to>ts ) p->kids += to - ts;
      if( ts<p->reach ) p->reach = ts;
    }
    o->depth = p->depth + 1;
  }
  pS->n++;
  return 0;
}

static int walk_start_order(SliceRec *a, size_t n){
  WalkStack st = {0, 0, 0};
  size_t i;
  for(i=0; i<n; i++){
    /* a slice that ends before this one is not its parent, nor the parent
    ** of anything later: what lies inside it from here on lies inside this
    ** one too */
    while( st.n>0 && st.a[st.n-1].end<a[i].u.in.end ) stack_pop(a, &st);
    if( stack_push(a, i, &st, 1) ){
      free(st.a);
      return 1;
    }
  }
  while( st.n>0 ) stack_pop(a, &st);
  free(st.a);
  return 0;
}

/* ------------------------------------------------------------------ */
/* Any order: containment                                               */

/* Containment order: end, then later start first, then file order.  A
** slice comes after every slice it contains, except that of identical
** intervals the earlier in the file contains the later: walk_any_order
** takes each run of them from its start. */
static inline int cmp_end(const SliceRec *a, const SliceRec *b){
  if( a->u.in.end!=b->u.in.end ) return a->u.in.end < b->u.in.end ? -1 : 1;
  if( a->u.in.ts!=b->u.in.ts ) return a->u.in.ts > b->u.in.ts ? -1 : 1;
  return a->rowid < b->rowid ? -1 : (a->rowid > b->rowid);
}

static inline int cmp_rowid(const SliceRec *a, const SliceRec *b){
  return a->rowid < b->rowid ? -1 : (a->rowid > b->rowid);
}

/* Sorts take the order, not a comparison function, so that the
** comparison is inlined. */
typedef enum SortKey { BY_END, BY_ROWID } SortKey;

static inline int slice_cmp(const SliceRec *a, const SliceRec *b, SortKey e){
  return e==BY_END ? cmp_end(a, b) : cmp_rowid(a, b);
}

/* Moves an insertion sort may make per element before it gives up. */
#define INSERTION_BUDGET 8

/* One step of an insertion sort: a[0..j) is in order; move a[j] back to
** its place.  Returns the number of moves. */
static inline size_t slice_insert(SliceRec *a, size_t j, SortKey e){
  SliceRec t;
  size_t nMove = 0;
  if( j==0 || slice_cmp(&a[j-1], &a[j], e)<=0 ) return 0;
  t = a[j];
  do{
    a[j] = a[j-1];
    j--;
    nMove++;
  }while( j>0 && slice_cmp(&a[j-1], &t, e)>0 );
  a[j] = t;
  return nMove;
}

static void heap_sift(SliceRec *a, size_t k, size_t n, SortKey e){
  for(;;){
    size_t c = 2*k + 1;
    SliceRec t;
    if( c>=n ) return;
    if( c+1<n && slice_cmp(&a[c], &a[c+1], e)<0 ) c++;
    if( slice_cmp(&a[k], &a[c], e)>=0 ) return;
    t = a[k]; a[k] = a[c]; a[c] = t;
    k = c;
  }
}

/* Heapsort: glibc's qsort sorts large arrays with a temporary copy
** (mergesort), which would double the 24 bytes per slice at the worst
** moment; this needs no memory at all. */
static void heap_sort(SliceRec *a, size_t n, SortKey e){
  size_t i;
  if( n<2 ) return;
  for(i=n/2; i>0; i--) heap_sift(a, i-1, n, e);
  for(i=n-1; i>0; i--){
    SliceRec t = a[0]; a[0] = a[i]; a[i] = t;
    heap_sift(a, 0, i, e);
  }
}

/* Sort a[0..n) in place: an insertion sort while the array is nearly in
** order (about one comparison per element), a heapsort once it has spent
** INSERTION_BUDGET moves per element. */
static void sort_slices(SliceRec *a, size_t n, SortKey e){
  size_t i, nMove = 0, nBudget = n*INSERTION_BUDGET;
  for(i=1; i<n; i++){
    nMove += slice_insert(a, i, e);
    if( nMove>nBudget ){
      heap_sort(a, n, e);
      return;
    }
  }
}

static int same_interval(const SliceRec *a, const SliceRec *b){
  return a->u.in.ts==b->u.in.ts && a->u.in.end==b->u.in.end;
}

/* Backwards through containment order, so that every slice is met after
** its parent; a candidate that starts after the current slice cannot
** contain it, nor anything met later (that would be contained by the
** current slice too, which ends sooner), so it leaves for good. */
static int walk_any_order(SliceRec *a, size_t n){
  WalkStack st = {0, 0, 0};
  size_t i, lo, k;
  sort_slices(a, n, BY_END);
  /* identical intervals are in file order, and the earlier contains the
  ** later: each run of them is met from its start */
  for(i=n; i>0; i=lo){
    lo = i-1;
    while( lo>0 && same_interval(&a[lo-1], &a[i-1]) ) lo--;
    for(k=lo; k<i; k++){
      while( st.n>0 && st.a[st.n-1].ts>a[k].u.in.ts ) stack_pop(a, &st);
      if( stack_push(a, k, &st, 0) ){
        free(st.a);
        return 1;
      }
    }
  }
  while( st.n>0 ) stack_pop(a, &st);
  free(st.a);
  sort_slices(a, n, BY_ROWID);
  return 0;
}

int tree_walk(SliceRec *a, size_t n, ThreadOrder e){
  switch( e ){
    case ORDER_END:   return walk_end_order(a, n);
    case ORDER_START: return walk_start_order(a, n);
    default:          return walk_any_order(a, n);
  }
}

size_t slice_rec_index(const SliceRec *a, size_t n, uint32_t rowid){
  size_t lo = 0, hi = n;
  while( hi-lo>1 ){
    size_t mid = lo + (hi - lo)/2;
    if( a[mid].rowid<=rowid ) lo = mid; else hi = mid;
  }
  return lo;
}
