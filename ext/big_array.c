/*
** big_array.c: growable blocks that are anonymous mappings when large.
** Interface and the reason for it: big_array.h.
*/
#define TT_WANT_MREMAP 1   /* Linux: mremap (platform.h) */
#include "platform.h"

#include "big_array.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
/* ThreadSanitizer does not follow mremap: a block moved to where another
** thread's block used to be looks like a data race.  Its builds copy. */
#if defined(__SANITIZE_THREAD__)
#define BIG_NO_MREMAP 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define BIG_NO_MREMAP 1
#endif
#endif
#ifndef BIG_NO_MREMAP
#define BIG_NO_MREMAP 0
#endif
#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#define BIG_MAPPED(n) ((n)>=BIG_MAP_MIN)
#else
#define BIG_MAPPED(n) 0
#endif

static void *big_map(size_t n){
#if defined(__linux__)
  void *a = mmap(0, n, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
  if( a==MAP_FAILED ) return 0;
# if defined(MADV_HUGEPAGE)
  /* Large pages where the kernel offers them on request: arrays read at
  ** random (a call tree's slices, a profile's string data) miss the TLB
  ** far less.  Only a hint: nothing changes where it is refused. */
  (void)madvise(a, n, MADV_HUGEPAGE);
# endif
  return a;
#else
  (void)n;
  return 0;
#endif
}

int big_resize(void **pa, size_t nOld, size_t nNew){
  void *a = *pa, *aNew;
  if( a==0 ) nOld = 0;
  if( !BIG_MAPPED(nOld) && !BIG_MAPPED(nNew) ){
    aNew = realloc(a, nNew);
  }else{
#if defined(__linux__)
    if( BIG_MAPPED(nOld) && BIG_MAPPED(nNew) && !BIG_NO_MREMAP ){
      aNew = mremap(a, nOld, nNew, MREMAP_MAYMOVE);
      if( aNew==MAP_FAILED ) aNew = 0;
    }else{
      /* between the heap and a mapping (or without mremap): copy once */
      aNew = BIG_MAPPED(nNew) ? big_map(nNew) : malloc(nNew);
      if( aNew ){
        if( nOld ) memcpy(aNew, a, nOld<nNew ? nOld : nNew);
        big_free(a, nOld);
      }
    }
#else
    aNew = 0;
#endif
  }
  if( aNew==0 ) return 1;
  *pa = aNew;
  return 0;
}

void big_free(void *a, size_t n){
  if( a==0 ) return;
#if defined(__linux__)
  if( BIG_MAPPED(n) ){
    munmap(a, n);
    return;
  }
#endif
  free(a);
}

#if defined(__linux__)
/* The page-aligned part of [a+iFrom, a+iTo) rounded outwards (bOut) or
** inwards; returns 0 when it is empty. */
static size_t big_pages(void *a, size_t iFrom, size_t iTo, int bOut, char **pz){
  uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE), from, to;
  if( pg==0 || (pg & (pg-1)) ) return 0;
  from = (uintptr_t)a + iFrom;
  to = (uintptr_t)a + iTo;
  if( bOut ){
    from &= ~(pg-1);
    to = (to + pg - 1) & ~(pg-1);
  }else{
    from = (from + pg - 1) & ~(pg-1);
    to &= ~(pg-1);
  }
  if( to<=from ) return 0;
  *pz = (char*)from;
  return (size_t)(to - from);
}
#endif

void big_prefault(void *a, size_t nAlloc, size_t iFrom, size_t iTo){
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  char *z;
  size_t n;
  if( a==0 || !BIG_MAPPED(nAlloc) ) return;
  if( iTo>nAlloc ) iTo = nAlloc;
  if( iFrom>=iTo ) return;
  n = big_pages(a, iFrom, iTo, 1, &z);
  if( n ) (void)madvise(z, n, MADV_POPULATE_WRITE);
#else
  (void)a; (void)nAlloc; (void)iFrom; (void)iTo;
#endif
}

void big_trim(void *a, size_t nAlloc, size_t iFrom){
#if defined(__linux__)
  char *z;
  size_t n;
  if( a==0 || !BIG_MAPPED(nAlloc) || iFrom>=nAlloc ) return;
  n = big_pages(a, iFrom, nAlloc, 0, &z);
  if( n ) (void)madvise(z, n, MADV_DONTNEED);
#else
  (void)a; (void)nAlloc; (void)iFrom;
#endif
}
