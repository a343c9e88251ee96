/*
** v0_symbols.h: pieces of hand-made Rust v0 symbols for the demangler
** tests (test_demangle_rust.c, test_demangle_rust_v0.c,
** test_demangle_cxx.c): backreferences and the symbol that reads much and
** prints little.  Static inline: each test takes what it uses.
*/
#ifndef TIMETRACE_TEST_V0_SYMBOLS_H
#define TIMETRACE_TEST_V0_SYMBOLS_H
#include <stdint.h>
#include <string.h>

/* Append the base-62 number of a backref target v, as the mangling writes
** it ("_" for 0, then v-1 in base 62 and "_"), to z at *pn. */
static inline void put_b62(char *z, size_t *pn, uint64_t v){
  static const char zDigit[] =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  char a[16];
  size_t k = 0;
  if( v>0 ){
    v--;
    do{ a[k++] = zDigit[v % 62]; v /= 62; }while( v );
    while( k ) z[(*pn)++] = a[--k];
  }
  z[(*pn)++] = '_';
}

/* Append level k of a v0 symbol that prints its level 0 2^k times:
** level 0 is what xBase appends, level k is `IC0` level(k-1)
** `B`<where level k-1 starts> `E`, a generic path whose two arguments
** both print level k-1.  Positions count from after "_R", which must be
** at z[0]. */
typedef void (*V0Base)(char *z, size_t *pn, const void *pArg);
static inline void v0_doubling(char *z, size_t *pn, int k, V0Base xBase, const void *pArg){
  size_t iInner;
  if( k==0 ){
    xBase(z, pn, pArg);
    return;
  }
  memcpy(z + *pn, "IC0", 3); *pn += 3;
  iInner = *pn - 2;
  v0_doubling(z, pn, k - 1, xBase, pArg);
  z[(*pn)++] = 'B';
  put_b62(z, pn, iInner);
  z[(*pn)++] = 'E';
}

/* work_level's level 0: D nested paths that print nothing (`Nv` x D,
** `C0`, an empty identifier `0` x D); pArg points to D. */
static inline void work_base(char *z, size_t *pn, const void *pArg){
  int D = *(const int*)pArg, j;
  for(j = 0; j < D; j++){ z[(*pn)++] = 'N'; z[(*pn)++] = 'v'; }
  z[(*pn)++] = 'C'; z[(*pn)++] = '0';
  for(j = 0; j < D; j++) z[(*pn)++] = '0';
}

/* Append level k of a symbol whose walks read much and print little
** (v0_doubling of work_base). */
static inline void work_level(char *z, size_t *pn, int k, int D){
  v0_doubling(z, pn, k, work_base, &D);
}

#endif
