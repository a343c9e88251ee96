/*
** big_array.c: growable blocks that are anonymous mappings when large.
** Interface and the reason for it: big_array.h.
*/
#include "big_array.h"

#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#define BIG_MAPPED(n) ((n)>=BIG_MAP_MIN)
#else
#define BIG_MAPPED(n) 0
#endif

static void *big_map(size_t n){
#if defined(__linux__)
  void *a = mmap(0, n, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
  return a==MAP_FAILED ? 0 : a;
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
    if( BIG_MAPPED(nOld) && BIG_MAPPED(nNew) ){
      aNew = mremap(a, nOld, nNew, MREMAP_MAYMOVE);
      if( aNew==MAP_FAILED ) aNew = 0;
    }else{
      /* between the heap and a mapping: copy once */
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
