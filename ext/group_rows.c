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
  Group *aGroup;
  size_t nGroupAlloc;         /* elements; the block is nGroupAlloc*sizeof(Group) bytes */
  Slab *pSlab;                /* the slab chunks are cut from (first of the list) */
  uint64_t nRow;
  size_t nByte;               /* slabs and group array */
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

size_t group_varint_get(const unsigned char *a, size_t n, uint64_t *pV){
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
    g->nByte += sizeof(Slab) + nAlloc;
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
  g->nByte += (nNew - g->nGroupAlloc)*sizeof(Group);
  g->nGroupAlloc = nNew;
  return 0;
}

long group_rows_group(GroupRows *g, const void *zKey, size_t nKey){
  long iGroup = string_table_intern(&g->keys, zKey, nKey);
  if( iGroup<0 || groups_reserve(g, (size_t)iGroup) ) return -1;
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
size_t group_rows_bytes(const GroupRows *g){
  return g->nByte + g->keys.nByteAlloc + g->keys.nOffAlloc*sizeof(size_t) + g->keys.nHash*sizeof(uint32_t);
}

void group_rows_iter_start(const GroupRows *g, GroupRowsIter *pIt){
  (void)g;
  memset(pIt, 0, sizeof(*pIt));
  pIt->iGroup = (size_t)-1;
}

int group_rows_iter_next(const GroupRows *g, GroupRowsIter *pIt){
  const GroupChunk *c = pIt->pChunk;
  uint64_t nRow = 0;
  size_t nLen;
  pIt->bNewGroup = 0;
  while( c==0 || pIt->iOff>=c->nUsed ){
    if( c && c->pNext ){
      c = c->pNext;
    }else{
      if( ++pIt->iGroup>=g->keys.n ){
        pIt->pChunk = 0;
        pIt->iGroup = g->keys.n;
        return 0;
      }
      c = g->aGroup[pIt->iGroup].pFirst;
      pIt->zKey = string_table_str(&g->keys, pIt->iGroup);
      pIt->nKey = string_table_len(&g->keys, pIt->iGroup);
      pIt->bNewGroup = 1;
    }
    pIt->iOff = 0;
  }
  /* the store wrote the length: it always reads back */
  nLen = group_varint_get(c->a + pIt->iOff, c->nUsed - pIt->iOff, &nRow);
  pIt->aRow = c->a + pIt->iOff + nLen;
  pIt->nRow = (size_t)nRow;
  pIt->iOff += nLen + (size_t)nRow;
  pIt->pChunk = c;
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
  string_table_free(&g->keys);
  free(g);
}
