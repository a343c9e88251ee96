/*
** reader_yajl_mem.c: the memory yajl gets from an event reader.  A piece
** of the event reader (event_reader_int.h lists the pieces): reader_init
** passes reader_yajl_alloc_funcs(r) to yajl_alloc, so each reader's yajl
** allocates through it, with the reader as context.
**
** yajl decodes a string with escapes into a buffer of its own, which
** grows by doubling: for a long string, a block as large as the string.
** Its pages, fresh each time, are what such a string costs most (a page
** fault per 4 KB is slow in a virtual machine: big_array.h).  So yajl's
** blocks come from big_resize, and a large block has its new pages made
** resident in one call.  A header before each block keeps its size.
**
** yajl does not check what its allocator returns: yajl_alloc, its lexer,
** its buffers and its state stack write through the pointer at once, so
** a NULL crashes it.  So when the heap has no memory left, the allocator
** records "out of memory", hands yajl a block of the reader's emergency
** pool (aYajlPool, part of the reader: no allocation needed) and sets
** bYajlNoMem, which makes the next callback stop the parse.  What yajl
** allocates between a failure and that callback (its handle and lexer,
** a buffer of 2 KB, a step of the state stack) fits the pool many times;
** pool blocks go back with yajl_free (event_reader_reset, _free).  Only
** a block larger than what is left (a buffer grown for a token of more
** than about 16 KB, when even that fails) cannot be given: then the
** process stops with a message, as yajl would have crashed.
*/
#include "event_reader_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define YAJL_MEM_HEAD 16    /* keeps the block aligned as malloc's */

/* Is a (a block's header) in r's emergency pool? */
static int yajl_mem_in_pool(const EventReader *r, const void *a){
  return (const unsigned char*)a >= r->aYajlPool
      && (const unsigned char*)a < r->aYajlPool + YAJL_POOL_BYTES;
}

static void yajl_mem_free(void *pCtx, void *p);

/* The allocation of n bytes for yajl (moving the block p) failed. */
static void *yajl_mem_emergency(EventReader *r, void *p, size_t n){
  size_t nNew, nOld = 0;
  unsigned char *a;
  reader_nomem(r);
  r->bYajlNoMem = 1;
  if( n > YAJL_POOL_BYTES
   || (nNew = (n + YAJL_MEM_HEAD + 15) & ~(size_t)15) > YAJL_POOL_BYTES - r->nYajlPool ){
    fprintf(stderr, "timetrace: out of memory inside yajl (a block of %zu bytes)\n", n);
    abort();
  }
  a = r->aYajlPool + r->nYajlPool;
  r->nYajlPool += nNew;
  memcpy(a, &nNew, sizeof(nNew));
  if( p ){
    memcpy(&nOld, (char*)p - YAJL_MEM_HEAD, sizeof(nOld));
    nOld -= YAJL_MEM_HEAD;
    memcpy(a + YAJL_MEM_HEAD, p, nOld<n ? nOld : n);
    yajl_mem_free(r, p);
  }
  return a + YAJL_MEM_HEAD;
}

static void *yajl_mem_realloc(void *pCtx, void *p, size_t n){
  EventReader *r = pCtx;
  void *a = p ? (char*)p - YAJL_MEM_HEAD : 0;
  size_t nOld = 0, nNew;
  if( a && yajl_mem_in_pool(r, a) ){
    /* out of the pool again, if the heap has room */
    void *pNew = yajl_mem_realloc(pCtx, 0, n);
    if( pNew ){
      memcpy(&nOld, a, sizeof(nOld));
      nOld -= YAJL_MEM_HEAD;
      memcpy(pNew, p, nOld<n ? nOld : n);
    }
    return pNew;
  }
  if( a ) memcpy(&nOld, a, sizeof(nOld));
  if( n > ((size_t)-1) - YAJL_MEM_HEAD ) return yajl_mem_emergency(r, p, n);
  nNew = n + YAJL_MEM_HEAD;
  if( big_resize(&a, a ? nOld : 0, nNew) ) return yajl_mem_emergency(r, p, n);
  if( nNew>nOld ) big_prefault(a, nNew, nOld, nNew);
  memcpy(a, &nNew, sizeof(nNew));
  return (char*)a + YAJL_MEM_HEAD;
}

static void *yajl_mem_malloc(void *pCtx, size_t n){
  return yajl_mem_realloc(pCtx, 0, n);
}

static void yajl_mem_free(void *pCtx, void *p){
  size_t n;
  if( p==0 || yajl_mem_in_pool(pCtx, p) ) return;
  memcpy(&n, (char*)p - YAJL_MEM_HEAD, sizeof(n));
  big_free((char*)p - YAJL_MEM_HEAD, n);
}

yajl_alloc_funcs reader_yajl_alloc_funcs(EventReader *r){
  yajl_alloc_funcs m = { yajl_mem_malloc, yajl_mem_realloc, yajl_mem_free, r };
  return m;
}
