/*
** call_tree_rows.c: answering a built call tree, row by row: the slice of
** an event (in rowid order through a heap of per-thread cursors, at any
** rowid through a table made on first use, or from where the build said
** it would be), an async instant's place, a B's duration, an unmatched
** row, a slice's stack text, nested flag and function.  Interface:
** call_tree.h; the records: call_tree_int.h.
**
** Lookups during the second scan come in rowid order, which is the order
** the walk leaves every array in, and a heap of per-thread cursors,
** ordered by the next rowid of each thread, finds the slice of each row
** without looking at its pid and tid.
*/
#include "call_tree_int.h"
#include "big_array.h"

#include <stdlib.h>
#include <string.h>

/* The position in p->a of the slice with this rowid, which must be there. */
size_t ct_slice_index(const Thread *p, uint32_t rowid){
  return slice_rec_index(p->a, p->n, rowid);
}

/* The slice of p with this rowid (p->a is in rowid order), or 0. */
const SliceRec *ct_find_rowid(const Thread *p, uint32_t rowid){
  size_t lo = 0, hi = p->n;
  while( lo<hi ){
    size_t mid = lo + (hi - lo)/2;
    if( p->a[mid].rowid==rowid ) return &p->a[mid];
    if( p->a[mid].rowid<rowid ) lo = mid + 1; else hi = mid;
  }
  return 0;
}

/* The next rowid of the thread at heap position k. */
static uint32_t cursor_rowid(const CallTree *t, size_t k){
  const Thread *p = &t->aThread[t->aCursor[k]];
  return p->a[p->iNext].rowid;
}

/* Move heap entry k down to where it belongs. */
static void cursor_sift(CallTree *t, size_t k){
  for(;;){
    size_t c = 2*k + 1;
    uint32_t x;
    if( c>=t->nCursor ) return;
    if( c+1<t->nCursor && cursor_rowid(t, c+1)<cursor_rowid(t, c) ) c++;
    if( cursor_rowid(t, k)<=cursor_rowid(t, c) ) return;
    x = t->aCursor[k]; t->aCursor[k] = t->aCursor[c]; t->aCursor[c] = x;
    k = c;
  }
}

/* Put every thread's cursor back at its first slice. */
void ct_cursor_rewind(CallTree *t){
  size_t i;
  t->nCursor = 0;
  for(i=0; i<t->nThread; i++){
    t->aThread[i].iNext = 0;
    if( t->aThread[i].n ) t->aCursor[t->nCursor++] = (uint32_t)i;
  }
  for(i=t->nCursor/2; i>0; i--) cursor_sift(t, i-1);
  t->iLastSeq = 0;
}

const CallSlice *call_tree_slice(CallTree *t, const TraceEvent *pEv){
  return call_tree_slice_seq(t, pEv->iSeq);
}

const CallSlice *call_tree_slice_seq(CallTree *t, int64_t iSeq){
  if( iSeq<1 || iSeq>(int64_t)UINT32_MAX ) return 0;
  if( iSeq<t->iLastSeq ) ct_cursor_rewind(t);
  t->iLastSeq = iSeq;
  while( t->nCursor>0 ){
    Thread *p = &t->aThread[t->aCursor[0]];
    uint32_t rowid = p->a[p->iNext].rowid;
    if( rowid>iSeq ) return 0;
    if( rowid==iSeq ){
      t->iLastFound = t->aCursor[0];
      return (const CallSlice*)&p->a[p->iNext];
    }
    if( ++p->iNext==p->n ) t->aCursor[0] = t->aCursor[--t->nCursor];
    cursor_sift(t, 0);
  }
  return 0;
}

int call_tree_instant(const CallTree *t, int64_t iSeq, CallSlice *pOut){
  const InstantRec *r = tree_instants_find(&t->instants, iSeq);
  if( r==0 || r->bRowid==0 ) return 0;
  memset(pOut, 0, sizeof(*pOut));
  pOut->parent = r->bRowid;
  pOut->depth = r->depth;
  pOut->rowid = r->rowid;
  pOut->stack = t->bNames ? r->name : 0;
  return 1;
}

int64_t call_tree_events(const CallTree *t){
  return t->nEvent;
}

const char *call_tree_stopped(const CallTree *t){
  return t->zStopped;
}

/* qsort and bsearch order of notes: by rowid. */
int ct_cmp_note(const void *pa, const void *pb){
  const RowNote *a = pa, *b = pb;
  return a->rowid < b->rowid ? -1 : (a->rowid > b->rowid);
}

static const RowNote *find_note(const RowNote *a, size_t n, int64_t iSeq){
  RowNote key;
  if( n==0 || iSeq<1 || iSeq>(int64_t)UINT32_MAX ) return 0;
  key.rowid = (uint32_t)iSeq;
  return bsearch(&key, a, n, sizeof(RowNote), ct_cmp_note);
}

double call_tree_b_duration(const CallTree *t, const TraceEvent *pEv){
  const RowNote *p = find_note(t->aBDur, t->nBDur, pEv->iSeq);
  return p ? p->v : -1;
}

int call_tree_unmatched(const CallTree *t, const TraceEvent *pEv){
  const RowNote *p = find_note(t->aUnmatched, t->nUnmatched, pEv->iSeq);
  return p ? (int)p->v : 0;
}

/* The size of aRowThread. */
size_t ct_row_thread_bytes(const CallTree *t){
  return sizeof(uint32_t)*((size_t)t->nEvent + 1);
}

/* Make aRowThread: which thread's array holds the slice of each rowid. */
static int row_thread_build(CallTree *t){
  size_t i, k;
  void *a = 0;
  if( big_resize(&a, 0, ct_row_thread_bytes(t)) ) return 1;
  t->aRowThread = a;
  memset(t->aRowThread, 0, ct_row_thread_bytes(t));
  for(i=0; i<t->nThread; i++){
    const Thread *p = &t->aThread[i];
    for(k=0; k<p->n; k++) t->aRowThread[p->a[k].rowid] = (uint32_t)(i + 1);
  }
  return 0;
}

const CallSlice *call_tree_slice_ref(const CallTree *t, uint64_t iSlice, int64_t iSeq){
  const Thread *p;
  size_t i;
  if( iSlice==0 || (iSlice - 1)>>32 >= t->nThread ) return 0;
  p = &t->aThread[(iSlice - 1)>>32];
  i = (size_t)((iSlice - 1) & 0xffffffff);
  if( p->n==0 ) return 0;
  if( i>=p->n ) i = p->n - 1;
  if( p->a[i].rowid==iSeq ) return (const CallSlice*)&p->a[i];
  /* B events that never ended were dropped before it (thread_walk): it
  ** moved toward the front, or it is gone */
  return (const CallSlice*)ct_find_rowid(p, (uint32_t)iSeq);
}

void call_tree_slice_prefetch(const CallTree *t, uint64_t iSlice){
#if defined(__GNUC__) || defined(__clang__)
  const Thread *p;
  size_t i;
  if( iSlice==0 || (iSlice - 1)>>32 >= t->nThread ) return;
  p = &t->aThread[(iSlice - 1)>>32];
  i = (size_t)((iSlice - 1) & 0xffffffff);
  if( i<p->n ) __builtin_prefetch(&p->a[i]);
#else
  (void)t;
  (void)iSlice;
#endif
}

const CallSlice *call_tree_slice_at(CallTree *t, int64_t iSeq, int *pbNoMem){
  uint32_t iThread;
  *pbNoMem = 0;
  if( iSeq<1 || iSeq>t->nEvent ) return 0;
  if( t->aRowThread==0 && row_thread_build(t) ){
    *pbNoMem = 1;
    return 0;
  }
  iThread = t->aRowThread[iSeq];
  if( iThread==0 ) return 0;
  return (const CallSlice*)ct_find_rowid(&t->aThread[iThread-1], (uint32_t)iSeq);
}

/* The thread whose array holds s: usually the one of the last slice
** call_tree_slice found. */
static const Thread *thread_of(const CallTree *t, const SliceRec *r){
  size_t i;
  if( t->aRowThread && r->rowid<=t->nEvent && t->aRowThread[r->rowid] ){
    return &t->aThread[t->aRowThread[r->rowid]-1];
  }
  if( t->iLastFound<t->nThread ){
    const Thread *q = &t->aThread[t->iLastFound];
    if( q->n && r>=q->a && r<q->a+q->n ) return q;
  }
  for(i=0; i<t->nThread; i++){
    const Thread *q = &t->aThread[i];
    if( q->n && r>=q->a && r<q->a+q->n ) return q;
  }
  return 0;
}

int call_tree_function(const CallTree *t, const CallSlice *s, const char **pz, size_t *pn){
  const SliceRec *r = (const SliceRec*)s;
  const Thread *p = thread_of(t, r);
  uint32_t i;
  *pz = 0;
  *pn = 0;
  if( !t->bFunctions ) return -2;
  if( p==0 ) return 0;
  i = p->aFunc[r - p->a];
  if( i ){
    *pz = string_table_str(&t->symbols, i);
    *pn = string_table_len(&t->symbols, i);
  }
  return 0;
}

int call_tree_stack_text(CallTree *t, const CallSlice *s, const char **pz, size_t *pn){
  *pz = 0;
  *pn = 0;
  if( !t->bNames ) return -2;
  return tree_stacks_text(&t->stacks, &t->names, s->stack, pz, pn);
}

int call_tree_stack(CallTree *t, const CallSlice *s, char **pz, size_t *pn){
  const char *z;
  int rc = call_tree_stack_text(t, s, &z, pn);
  *pz = 0;
  if( rc<0 ) return rc;
  *pz = malloc(*pn + 1);
  if( *pz==0 ) return -1;
  memcpy(*pz, z, *pn);
  (*pz)[*pn] = 0;
  return 0;
}

int call_tree_nested(const CallTree *t, const CallSlice *s){
  if( !t->bNames ) return -2;
  return tree_stacks_nested(&t->stacks, s->stack);
}

size_t call_tree_stack_bytes(const CallTree *t, size_t *pnStack){
  if( pnStack ) *pnStack = t->stacks.n;
  return tree_stacks_bytes(&t->stacks);
}

int call_tree_take_offsets(CallTree *t, EventOffsets *pOut){
  *pOut = t->offs;
  memset(&t->offs, 0, sizeof(t->offs));
  if( !t->bOffsets || pOut->aOff==0 ){
    event_offsets_free(pOut);
    return 0;
  }
  t->bOffsets = 0;
  return 1;
}

