/*
** test_big_array.c: big_resize keeps what it should through every kind of
** growth (heap, heap to mapping, mapping to mapping, shrinking back), and
** big_prefault / big_trim only advise: a prefault changes no byte, a trim
** keeps every byte before its start, on the heap and in mappings.
*/
#include "big_array.h"
#include "unit.h"

#include <stdint.h>
#include <unistd.h>

/* Byte i of the test pattern. */
static unsigned char pattern(size_t i){
  return (unsigned char)((i * 2654435761u) >> 13);
}

static void fill(unsigned char *a, size_t iFrom, size_t iTo){
  size_t i;
  for(i=iFrom; i<iTo; i++) a[i] = pattern(i);
}

/* Are a[iFrom..iTo) the pattern? */
static int has_pattern(const unsigned char *a, size_t iFrom, size_t iTo){
  size_t i;
  for(i=iFrom; i<iTo; i++){
    if( a[i]!=pattern(i) ) return 0;
  }
  return 1;
}

static int all_zero(const unsigned char *a, size_t iFrom, size_t iTo){
  size_t i;
  for(i=iFrom; i<iTo; i++){
    if( a[i] ) return 0;
  }
  return 1;
}

/* Grow from nothing through sizes on both sides of BIG_MAP_MIN, filling
** each new part, and check that everything written earlier is still there. */
static void test_growth(void){
  static const size_t aSize[] = { 100, 4096, BIG_MAP_MIN - 1, BIG_MAP_MIN, 3*BIG_MAP_MIN + 5,
                                  (size_t)8 << 20, BIG_MAP_MIN/2, 10 };
  void *a = 0;
  size_t nOld = 0, i;
  for(i=0; i<sizeof(aSize)/sizeof(aSize[0]); i++){
    size_t nNew = aSize[i], nKeep = nOld<nNew ? nOld : nNew;
    int rc = big_resize(&a, nOld, nNew);
    CHECK(rc==0);
    if( rc ) break;
    CHECK(has_pattern(a, 0, nKeep));
    fill(a, nKeep, nNew);
    nOld = nNew;
  }
  big_free(a, nOld);
  big_free(0, 12345);      /* a no-op */
}

/* Prefault a window, write through it and past it; trim from a point that
** is not on a page boundary: the bytes before it must survive. */
static void test_prefault_and_trim(size_t nAlloc){
  void *a = 0;
  unsigned char *z;
  size_t pg = (size_t)sysconf(_SC_PAGESIZE);
  size_t iTrim = nAlloc/3 + 7, iZero;
  if( big_resize(&a, 0, nAlloc) ){
    CHECK(0);
    return;
  }
  z = a;
  fill(z, 0, nAlloc/4);
  big_prefault(z, nAlloc, nAlloc/4, nAlloc/2);
  CHECK(has_pattern(z, 0, nAlloc/4));
  fill(z, nAlloc/4, nAlloc);
  big_prefault(z, nAlloc, 0, nAlloc*2);       /* past the end: clipped */
  big_prefault(z, nAlloc, nAlloc/2, nAlloc/4); /* empty: nothing */
  CHECK(has_pattern(z, 0, nAlloc));
  big_trim(z, nAlloc, iTrim);
  CHECK(has_pattern(z, 0, iTrim));
  /* A mapping gives the whole pages after iTrim back: they read as zero.
  ** (A heap block keeps them: nothing to check there.) */
  iZero = (iTrim + pg - 1) / pg * pg;
  if( nAlloc>=BIG_MAP_MIN && iZero<nAlloc ){
#if defined(__linux__)
    CHECK(all_zero(z, iZero, nAlloc));
#endif
  }
  /* the block is still usable after a trim */
  fill(z, iTrim, nAlloc);
  CHECK(has_pattern(z, 0, nAlloc));
  big_trim(z, nAlloc, nAlloc);      /* nothing to give back */
  big_trim(z, nAlloc, 0);
  big_trim(0, nAlloc, 0);           /* no block: nothing */
  big_prefault(0, nAlloc, 0, 10);
  big_free(a, nAlloc);
}

int main(void){
  test_growth();
  test_prefault_and_trim(1000);                     /* heap */
  test_prefault_and_trim(BIG_MAP_MIN);              /* the smallest mapping */
  test_prefault_and_trim((size_t)3 << 20);
  return unit_report();
}
