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

/* bsearch's order: a rowid against a record's. */
static int cmp_rowid(const void *pKey, const void *pRec){
  uint32_t k = *(const uint32_t*)pKey, r = ((const InstantRec*)pRec)->rowid;
  return k<r ? -1 : k>r;
}

const InstantRec *tree_instants_find(const TreeInstants *p, int64_t rowid){
  uint32_t k = (uint32_t)rowid;
  if( p->n==0 || rowid<1 || rowid>(int64_t)UINT32_MAX ) return 0;
  return bsearch(&k, p->a, p->n, sizeof(InstantRec), cmp_rowid);
}

void tree_instants_free(TreeInstants *p){
  free(p->a);
  memset(p, 0, sizeof(*p));
}
