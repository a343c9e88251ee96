/*
** group_rows.c: rows held back per group and given out group by group.
** Interface and memory: group_rows.h.
**
** Each group has a chain of chunks; a row is its length (varint) and its
** bytes, never split across chunks, so the walk reads each chunk front to
** back.  Chunks are cut from slabs and never freed one by one: the store
** lives for one scan and goes away whole.
*/
#include "group_rows.h"
#include "big_array.h"
#include "string_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLAB_BYTES        ((size_t)1 << 20)
#define CHUNK_FIRST       32
#define CHUNK_MAX         ((size_t)64 << 10)

struct GroupChunk {
  GroupChunk *pNext;
  uint32_t nUsed, nAlloc;     /* bytes of a[] used, and its size */
  unsigned char a[];
};

typedef struct Slab {
  struct Slab *pNext;
  size_t nUsed, nAlloc;       /* bytes of the block after this header */
} Slab;

typedef struct Group {
  GroupChunk *pFirst, *pLast;
} Group;

struct GroupRows {
  StringTable keys;           /* key i is group i */
  uint32_t *aOrder;           /* group_rows_sort: the groups in their order, or NULL */
  Group *aGroup;
  size_t nGroupAlloc;         /* elements; the block is nGroupAlloc*sizeof(Group) bytes */
  Slab *pSlab;                /* the slab chunks are cut from (first of the list) */
  uint64_t nRow;
  long iLastGroup;            /* the group of the last key asked for, -1: none */
};

size_t group_varint_put(unsigned char *a, uint64_t v){
  size_t n = 0;
  while( v>=0x80 ){
    a[n++] = (unsigned char)(v | 0x80);
    v >>= 7;
  }
  a[n++] = (unsigned char)v;
  return n;
}

size_t group_varint_get_long(const unsigned char *a, size_t n, uint64_t *pV){
  uint64_t v = 0;
  size_t i;
  for(i=0; i<n && i<GROUP_VARINT_MAX; i++){
    v |= (uint64_t)(a[i] & 0x7f) << (7*i);
    if( (a[i] & 0x80)==0 ){
      *pV = v;
      return i + 1;
    }
  }
  return 0;
}

GroupRows *group_rows_new(void){
  GroupRows *g = malloc(sizeof(*g));
  if( g==0 ) return 0;
  memset(g, 0, sizeof(*g));
  string_table_init(&g->keys);
  g->iLastGroup = -1;
  return g;
}

/* nByte bytes, 8-aligned, from the current slab or a new one; a request
** larger than a slab gets a block of its own. */
static void *slab_take(GroupRows *g, size_t nByte){
  Slab *p = g->pSlab;
  nByte = (nByte + 7) & ~(size_t)7;
  if( p==0 || p->nAlloc - p->nUsed < nByte ){
    size_t nAlloc = nByte > SLAB_BYTES ? nByte : SLAB_BYTES;
    Slab *pNew = malloc(sizeof(Slab) + nAlloc);
    if( pNew==0 ) return 0;
    pNew->nUsed = 0;
    pNew->nAlloc = nAlloc;
    if( p && nByte > SLAB_BYTES ){
      /* a big block: keep filling the current slab after it */
      pNew->nUsed = nAlloc;
      pNew->pNext = p->pNext;
      p->pNext = pNew;
      return (char*)(pNew + 1);
    }
    pNew->pNext = p;
    g->pSlab = p = pNew;
  }
  p->nUsed += nByte;
  return (char*)(p + 1) + p->nUsed - nByte;
}

/* A new chunk at the end of group p's chain with room for at least nNeed
** bytes.  Returns it, or NULL when out of memory. */
static GroupChunk *chunk_append(GroupRows *g, Group *p, size_t nNeed){
  size_t nAlloc = p->pLast ? (size_t)p->pLast->nAlloc * 2 : CHUNK_FIRST;
  GroupChunk *c;
  if( nAlloc>CHUNK_MAX ) nAlloc = CHUNK_MAX;
  if( nAlloc<nNeed ) nAlloc = nNeed;
  if( nAlloc>UINT32_MAX ) return 0;
  c = slab_take(g, sizeof(GroupChunk) + nAlloc);
  if( c==0 ) return 0;
  c->pNext = 0;
  c->nUsed = 0;
  c->nAlloc = (uint32_t)nAlloc;
  if( p->pLast ) p->pLast->pNext = c;
  else p->pFirst = c;
  p->pLast = c;
  return c;
}

/* Room in the group array for group number i. */
static int groups_reserve(GroupRows *g, size_t i){
  size_t nNew;
  if( i<g->nGroupAlloc ) return 0;
  nNew = g->nGroupAlloc ? g->nGroupAlloc*2 : 64;
  if( big_resize((void**)&g->aGroup, g->nGroupAlloc*sizeof(Group), nNew*sizeof(Group)) ) return -1;
  memset(g->aGroup + g->nGroupAlloc, 0, (nNew - g->nGroupAlloc)*sizeof(Group));
  g->nGroupAlloc = nNew;
  return 0;
}

/* Rows of one group often come in runs (a thread's events, a pass's),
** so the last key is compared first: a memcmp instead of a hash and a
** probe. */
long group_rows_group(GroupRows *g, const void *zKey, size_t nKey){
  long iGroup = g->iLastGroup;
  if( iGroup>=0 && string_table_len(&g->keys, (size_t)iGroup)==nKey
   && (nKey==0 || memcmp(string_table_str(&g->keys, (size_t)iGroup), zKey, nKey)==0) ){
    return iGroup;
  }
  iGroup = string_table_intern(&g->keys, zKey, nKey);
  if( iGroup<0 || groups_reserve(g, (size_t)iGroup) ) return -1;
  g->iLastGroup = iGroup;
  return iGroup;
}

int group_rows_append(GroupRows *g, long iGroup, const void *aRow, size_t nRow){
  unsigned char aLen[GROUP_VARINT_MAX];
  size_t nLen = group_varint_put(aLen, nRow);
  Group *p = &g->aGroup[iGroup];
  GroupChunk *c;
  c = p->pLast;
  if( c==0 || c->nAlloc - c->nUsed < nLen + nRow ){
    c = chunk_append(g, p, nLen + nRow);
    if( c==0 ) return -1;
  }
  memcpy(c->a + c->nUsed, aLen, nLen);
  if( nRow ) memcpy(c->a + c->nUsed + nLen, aRow, nRow);
  c->nUsed += (uint32_t)(nLen + nRow);
  g->nRow++;
  return 0;
}

size_t group_rows_groups(const GroupRows *g){ return g->keys.n; }
uint64_t group_rows_count(const GroupRows *g){ return g->nRow; }

/* The comparison of group_rows_sort, for a merge sort of group numbers. */
typedef struct SortCtx {
  const StringTable *keys;
  GroupKeyCompare xCompare;
  void *pCtx;
} SortCtx;

static int sort_cmp(const SortCtx *s, uint32_t a, uint32_t b){
  return s->xCompare(s->pCtx, string_table_str(s->keys, a), string_table_len(s->keys, a),
                     string_table_str(s->keys, b), string_table_len(s->keys, b));
}

/* Sort a[0..n) with tmp[0..n) as room (a stable merge sort: no qsort,
** whose comparison cannot take a context in C11). */
static void merge_sort(const SortCtx *s, uint32_t *a, uint32_t *tmp, size_t n){
  size_t h, i, j, k;
  if( n<2 ) return;
  h = n/2;
  merge_sort(s, a, tmp, h);
  merge_sort(s, a + h, tmp, n - h);
  if( sort_cmp(s, a[h-1], a[h])<=0 ) return;     /* already in order */
  memcpy(tmp, a, h*sizeof(a[0]));
  for(i=0, j=h, k=0; i<h && j<n; ){
    a[k++] = sort_cmp(s, tmp[i], a[j])<=0 ? tmp[i++] : a[j++];
  }
  while( i<h ) a[k++] = tmp[i++];
}

int group_rows_sort(GroupRows *g, GroupKeyCompare xCompare, void *pCtx){
  size_t n = g->keys.n, i;
  uint32_t *a, *tmp;
  SortCtx s;
  if( n<2 ) return 0;
  a = malloc(n*sizeof(a[0]));
  tmp = malloc((n/2 + 1)*sizeof(tmp[0]));
  if( a==0 || tmp==0 ){
    free(a);
    free(tmp);
    return -1;
  }
  for(i=0; i<n; i++) a[i] = (uint32_t)i;
  s.keys = &g->keys;
  s.xCompare = xCompare;
  s.pCtx = pCtx;
  merge_sort(&s, a, tmp, n);
  free(tmp);
  free(g->aOrder);
  g->aOrder = a;
  return 0;
}

void group_rows_iter_start(const GroupRows *g, GroupRowsIter *pIt){
  (void)g;
  memset(pIt, 0, sizeof(*pIt));
  pIt->iGroup = (size_t)-1;
}

int group_rows_iter_step(const GroupRows *g, GroupRowsIter *pIt){
  const GroupChunk *c = pIt->pChunk;
  uint64_t nRow = 0;
  size_t nLen;
  pIt->bNewGroup = 0;
  while( pIt->pAt>=pIt->pEnd ){
    if( c && c->pNext ){
      c = c->pNext;
    }else{
      size_t iGroup;
      if( ++pIt->iGroup>=g->keys.n ){
        pIt->pChunk = 0;
        pIt->pAt = pIt->pEnd = 0;
        pIt->iGroup = g->keys.n;
        return 0;
      }
      iGroup = g->aOrder ? g->aOrder[pIt->iGroup] : pIt->iGroup;
      c = g->aGroup[iGroup].pFirst;
      pIt->zKey = string_table_str(&g->keys, iGroup);
      pIt->nKey = string_table_len(&g->keys, iGroup);
      pIt->bNewGroup = 1;
    }
    pIt->pChunk = c;
    pIt->pAt = c ? c->a : 0;
    pIt->pEnd = c ? c->a + c->nUsed : 0;
  }
  /* the store wrote the length: it always reads back */
  nLen = group_varint_get(pIt->pAt, (size_t)(pIt->pEnd - pIt->pAt), &nRow);
  pIt->aRow = pIt->pAt + nLen;
  pIt->nRow = (size_t)nRow;
  pIt->pAt += nLen + (size_t)nRow;
  return 1;
}

void group_rows_free(GroupRows *g){
  Slab *p, *pNext;
  if( g==0 ) return;
  for(p=g->pSlab; p; p=pNext){
    pNext = p->pNext;
    free(p);
  }
  big_free(g->aGroup, g->nGroupAlloc*sizeof(Group));
  free(g->aOrder);
  string_table_free(&g->keys);
  free(g);
}

/* ---- the plan's text ------------------------------------------------------ */

void group_columns_text(char *z, size_t nz, const char *const *azName, const int *ai, int n, unsigned mDesc){
  int i;
  z[0] = 0;
  for(i=0; i<n; i++){
    size_t k = strlen(z);
    snprintf(z + k, nz - k, "%s%s%s", i ? ", " : "", azName[ai[i]], (mDesc & (1u<<ai[i])) ? " desc" : "");
  }
  if( n==0 ) snprintf(z, nz, "-");
}

const char *group_columns_parse(const char *z, char cEnd, const char *const *azName, int nName,
                                int *ai, int *pn, unsigned *pm, unsigned *pmDesc){
  *pn = 0;
  if( z[0]=='-' ) return z[1]==cEnd ? z + 1 : 0;
  for(;;){
    size_t n = strcspn(z, " ,;)");
    int i;
    for(i=0; i<nName && !(strlen(azName[i])==n && memcmp(azName[i], z, n)==0); i++){}
    if( i==nName ) return 0;
    ai[(*pn)++] = i;
    *pm |= 1u<<i;
    z += n;
    if( strncmp(z, " desc", 5)==0 ){
      *pmDesc |= 1u<<i;
      z += 5;
    }
    if( z[0]==cEnd ) return z;
    if( z[0]!=',' || z[1]!=' ' ) return 0;
    z += 2;
  }
}
