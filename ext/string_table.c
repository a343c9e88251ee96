/*
** string_table.c: distinct byte strings, numbered in the order they came.
** Interface and memory: string_table.h.
*/
#include "string_table.h"
#include "big_array.h"

#include <stdlib.h>
#include <string.h>

uint64_t string_hash(const char *z, size_t n){
  uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ull, w;
  for(; n>=8; z+=8, n-=8){
    memcpy(&w, z, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  }
  if( n ){
    w = 0;
    memcpy(&w, z, n);
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  }
  return h ^ (h >> 29);
}

void string_table_init(StringTable *p){
  memset(p, 0, sizeof(*p));
}

/* Grow block *pa of *pnAlloc elements of sz bytes to hold at least nNeed,
** doubling.  Returns 1 when out of memory. */
static int table_grow(void **pa, size_t *pnAlloc, size_t nNeed, size_t sz, size_t nFirst){
  size_t nNew = *pnAlloc ? *pnAlloc : nFirst;
  if( nNeed<=*pnAlloc ) return 0;
  while( nNew<nNeed ){
    if( nNew>SIZE_MAX/2/sz ) return 1;
    nNew *= 2;
  }
  if( big_resize(pa, *pnAlloc*sz, nNew*sz) ) return 1;
  *pnAlloc = nNew;
  return 0;
}

int hash_slots_grow(uint32_t **paSlot, size_t *pnSlot, size_t n, size_t nFirst,
                    size_t (*xHash)(const void *pCtx, size_t i), const void *pCtx){
  size_t nNew = *pnSlot ? *pnSlot*2 : nFirst, i;
  uint32_t *aNew;
  if( nNew>SIZE_MAX/sizeof(uint32_t) ) return 1;
  aNew = calloc(nNew, sizeof(uint32_t));
  if( aNew==0 ) return 1;
  for(i=0; i<n; i++){
    size_t h = xHash(pCtx, i) & (nNew-1);
    while( aNew[h] ) h = (h+1) & (nNew-1);
    aNew[h] = (uint32_t)(i+1);
  }
  free(*paSlot);
  *paSlot = aNew;
  *pnSlot = nNew;
  return 0;
}

static size_t string_hash_of(const void *pCtx, size_t i){
  const StringTable *p = (const StringTable*)pCtx;
  return (size_t)string_hash(string_table_str(p, i), string_table_len(p, i));
}

/* Rebuild the hash table at twice the size (64 slots at first). */
static int table_rehash(StringTable *p){
  return hash_slots_grow(&p->aHash, &p->nHash, p->n, 64, string_hash_of, p);
}

/* The hash slot of z[0..n): the one that holds it (*pbFound set), or the
** empty one where it would go.  p->nHash must not be 0. */
static size_t table_probe(const StringTable *p, const char *z, size_t n, int *pbFound){
  size_t h = (size_t)string_hash(z, n) & (p->nHash-1);
  while( p->aHash[h] ){
    size_t i = p->aHash[h]-1;
    if( string_table_len(p, i)==n && memcmp(string_table_str(p, i), z, n)==0 ){
      *pbFound = 1;
      return h;
    }
    h = (h+1) & (p->nHash-1);
  }
  *pbFound = 0;
  return h;
}

long string_table_find(const StringTable *p, const char *z, size_t n){
  int bFound;
  size_t h;
  if( p->nHash==0 ) return -1;
  h = table_probe(p, z, n, &bFound);
  return bFound ? (long)(p->aHash[h]-1) : -1;
}

long string_table_intern(StringTable *p, const char *z, size_t n){
  size_t h = 0;
  int bFound = 0;
  if( p->nHash ){
    h = table_probe(p, z, n, &bFound);
    if( bFound ) return (long)(p->aHash[h]-1);
  }
  if( p->n>=STRING_TABLE_MAX || n>=SIZE_MAX-p->nByte ) return -1;
  /* at most half full: the probe above stays short */
  if( (p->n+1)*2 > p->nHash ){
    if( table_rehash(p) ) return -1;
    h = table_probe(p, z, n, &bFound);
  }
  if( table_grow((void**)&p->aOff, &p->nOffAlloc, p->n+2, sizeof(size_t), 64)
   || table_grow((void**)&p->aByte, &p->nByteAlloc, p->nByte+n+1, 1, 1024) ){
    return -1;
  }
  if( n ) memcpy(p->aByte + p->nByte, z, n);
  p->aByte[p->nByte + n] = 0;
  p->aOff[p->n] = p->nByte;
  p->nByte += n + 1;
  p->aOff[p->n+1] = p->nByte;
  p->aHash[h] = (uint32_t)(++p->n);
  return (long)(p->n-1);
}

void string_table_free(StringTable *p){
  big_free(p->aByte, p->nByteAlloc);
  big_free(p->aOff, p->nOffAlloc*sizeof(size_t));
  free(p->aHash);
  string_table_init(p);
}
