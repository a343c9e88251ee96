/*
** tree_instants.c: async instants in their async slice.  See
** tree_instants.h.
*/
#include "tree_instants.h"

#include <stdlib.h>
#include <string.h>

int tree_instants_add(TreeInstants *p, uint32_t rowid, uint32_t iThread, uint32_t bRowid, uint32_t name){
  InstantRec *r;
  if( p->n==p->nAlloc ){
    size_t nNew = p->nAlloc ? p->nAlloc*2 : 16;
    InstantRec *a = nNew>SIZE_MAX/sizeof(InstantRec) ? 0 : realloc(p->a, nNew*sizeof(InstantRec));
    if( a==0 ) return 1;
    p->a = a;
    p->nAlloc = nNew;
  }
  r = &p->a[p->n++];
  memset(r, 0, sizeof(*r));
  r->rowid = rowid;
  r->iThread = iThread;
  r->bRowid = bRowid;
  r->name = name;
  return 0;
}

const InstantRec *tree_instants_find(const TreeInstants *p, int64_t rowid){
  size_t lo = 0, hi = p->n;
  while( lo<hi ){
    size_t mid = lo + (hi - lo)/2;
    if( p->a[mid].rowid==rowid ) return &p->a[mid];
    if( p->a[mid].rowid<rowid ) lo = mid + 1; else hi = mid;
  }
  return 0;
}

void tree_instants_free(TreeInstants *p){
  free(p->a);
  memset(p, 0, sizeof(*p));
}
