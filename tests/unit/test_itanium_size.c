/*
** test_itanium_size.c: unit tests of ext/itanium_size.c, the bound of what
** __cxa_demangle prints for a mangled name, computed before calling it.
**
** The oracle is libstdc++'s __cxa_demangle itself (GCC 12, the demangler
** the bound is for): on every hand-made name below the bound must be at
** least the length of its output, and not absurdly more (at most 8 times
** plus 200 bytes), so a bound that is wrong either way fails.  Names
** whose bound does not exist (cycles, nested re-parses) must be refused,
** and the back-reference test must see S_/S<n>_/T_/T<n>_ and nothing else.
*/
#include "unit.h"
#include "itanium_size.h"

#include <stdint.h>
#include <stdlib.h>

char *__cxa_demangle(const char *mangled, char *buf, size_t *len, int *status);

/* Length of __cxa_demangle's output for z, or -1 when it fails. */
static long cxa_length(const char *z){
  int status = 0;
  char *zOut = __cxa_demangle(z, 0, 0, &status);
  long n = zOut && status==0 ? (long)strlen(zOut) : -1;
  free(zOut);
  return n;
}

/* z demangles, and its bound covers the output and is not absurd. */
static int bound_fits(const char *z){
  uint64_t nBound = 0;
  long nOut = cxa_length(z);
  int rc = itanium_size_bound(z, strlen(z), &nBound);
  if( nOut<0 || rc!=ITANIUM_SIZE_OK || nBound < (uint64_t)nOut
   || nBound > (uint64_t)nOut*8 + 200 ){
    fprintf(stderr, "  %s: rc %d, bound %llu, output %ld\n", z, rc,
            (unsigned long long)nBound, nOut);
    return 0;
  }
  return 1;
}

static void test_hand_bounds(void){
  /* plain names, standard abbreviations (counted verbose) */
  CHECK(bound_fits("_Z1fv"));
  CHECK(bound_fits("_ZNSt6vectorIiSaIiEE9push_backERKi"));
  CHECK(bound_fits("_ZNSolsEi"));
  CHECK(bound_fits("_Z1fSsSiSoSd"));
  /* nested template arguments and substitutions of them */
  CHECK(bound_fits("_ZN1A1BIN1C1DIiEEE1fIS4_EEvT_"));
  CHECK(bound_fits("_Z1fIN1AIiEEEvNT_1BE"));
  /* function types, pointers to members */
  CHECK(bound_fits("_Z1fPFviEPFPFvvEiE"));
  CHECK(bound_fits("_Z1fM1AFviEM1AKFivE"));
  CHECK(bound_fits("_Z1fM1Ai"));
  /* packs: Dp expands a pattern once per element */
  CHECK(bound_fits("_Z1fIJicdEEvDpT_"));
  CHECK(bound_fits("_Z1fIJ1A1BEEvDpRKT_"));
  CHECK(bound_fits("_Z1fIJicEEvDpPFT_S0_E"));
  CHECK(bound_fits("_Z1fIJidEEvDTsZT_E"));
  CHECK(bound_fits("_Z1fIJiiEEDTflplfp_EDpT_"));
  /* T_ inside template arguments, arrays, vectors, pointers */
  CHECK(bound_fits("_Z1fIiEvN1AIT_EE"));
  CHECK(bound_fits("_Z1fIiLi3EEvAT0__T_"));
  CHECK(bound_fits("_Z1fIiEvDv4_T_"));
  CHECK(bound_fits("_Z1fIiEvPKT_S2_"));
  CHECK(bound_fits("_ZN1AIiE1fIcEEvT_"));
  /* lambdas (their T_ print "auto:1"), local names, conversions */
  CHECK(bound_fits("_Z1fIZ1gvEUlT_E_EvT_"));
  CHECK(bound_fits("_ZZ1fvENKUlT_E_clIiEEDaS_"));
  CHECK(bound_fits("_ZZ1fIiEvT_E1x"));
  CHECK(bound_fits("_ZN1AcviEv"));
  /* expressions, special names, clones, global constructors */
  CHECK(bound_fits("_Z1fIiEDTplfp_fp_ET_"));
  CHECK(bound_fits("_ZTHN1A1xE"));
  CHECK(bound_fits("_ZThn8_N1A1fEv"));
  CHECK(bound_fits("_ZTV1A"));
  CHECK(bound_fits("_Z1fv.cold"));
  CHECK(bound_fits("_GLOBAL__I__Z1fv"));
  /* a real symbol from LLVM: local lambda in a function template */
  CHECK(bound_fits("_ZN4llvm15SmallPtrSetImplIPNS_5ValueEE9remove_ifIZNS_13set_intersectINS_11SmallPtrSetIS2_Lj4EEES7_EEvRT_RKT0_EUlRKS8_E_EEbS8_"));
}

/* The generator: "_Z1fI1A1BIS0_S0_E", then K times
** "S1_I" S(n) S(n) "E" (S(n) the n-th substitution, n from 2), "Evv". */
static char *hostile(int K){
  static const char zB36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  char *z = malloc(32 + (size_t)K*16);
  int k, o;
  if( z==0 ) return 0;
  o = sprintf(z, "_Z1fI1A1BIS0_S0_E");
  for(k=0; k<K; k++){
    int n = k + 2;
    char zId[8];
    if( n-1 < 36 ) sprintf(zId, "%c", zB36[n-1]);
    else sprintf(zId, "%c%c", zB36[(n-1)/36], zB36[(n-1)%36]);
    o += sprintf(z+o, "S1_IS%s_S%s_E", zId, zId);
  }
  sprintf(z+o, "Evv");
  return z;
}

/* Bounds grow with the output: doubling every two levels. */
static void test_hostile(void){
  int K;
  uint64_t nPrev = 0;
  for(K=2; K<=60; K+=2){
    char *z = hostile(K);
    uint64_t nBound = 0;
    CHECK(z && itanium_size_bound(z, strlen(z), &nBound)==ITANIUM_SIZE_OK);
    if( K<=12 ) CHECK(z && bound_fits(z));      /* small enough to print */
    CHECK(nBound >= nPrev*3/2 || nBound==ITANIUM_SIZE_MAX);
    if( K>=20 ) CHECK(nBound > 256*strlen(z));
    nPrev = nBound;
    free(z);
  }
  CHECK(nPrev >= ((uint64_t)1 << 36));
}

static int bound_rc(const char *z){
  uint64_t nBound;
  return itanium_size_bound(z, strlen(z), &nBound);
}

/* No bound: a parameter that is its own argument, a conversion's
** template-template parameter re-parsed inside another, nesting too
** deep, a stack array too large.  __cxa_demangle rejects the first two
** anyway. */
static void test_unbounded(void){
  char *z;
  size_t k;
  CHECK(bound_rc("_Z1fIT_EvT_")==ITANIUM_SIZE_UNBOUNDED);
  CHECK(cxa_length("_Z1fIT_EvT_")<0);
  CHECK(bound_rc("_ZN1AcvT_IT_IiEEEv")==ITANIUM_SIZE_UNBOUNDED);
  CHECK(cxa_length("_ZN1AcvT_IT_IiEEEv")<0);
  z = malloc(5000);
  if( z ){
    memcpy(z, "_Z1f", 4);
    for(k=4; k<4+2100; k++) z[k] = 'P';
    memcpy(z+k, "i", 2);
    CHECK(bound_rc(z)==ITANIUM_SIZE_UNBOUNDED);
    free(z);
  }
  /* 100 class templates and 160 references to T_: cp-demangle would
  ** size a stack array by their product (over 1 MB) */
  z = malloc(2000);
  if( z ){
    int o = sprintf(z, "_Z1fIiEvi");
    for(k=0; k<100; k++) o += sprintf(z+o, "1AIiE");
    for(k=0; k<160; k++) o += sprintf(z+o, "RT_");
    CHECK(bound_rc(z)==ITANIUM_SIZE_UNBOUNDED);
    CHECK(cxa_length(z)>0);
    sprintf(z, "_Z1fIiEvi1AIiE1AIiERT_RT_");
    CHECK(bound_fits(z));
    free(z);
  }
  /* not read: no name at all, unknown codes, modules (GCC 12 cannot) */
  CHECK(bound_rc("_Z")==ITANIUM_SIZE_UNPARSED);
  CHECK(bound_rc("main")==ITANIUM_SIZE_UNPARSED);
  CHECK(bound_rc("_Z1fq")==ITANIUM_SIZE_UNPARSED);
  CHECK(bound_rc("_Z1fv$")==ITANIUM_SIZE_UNPARSED);
  CHECK(bound_rc("_ZW3modE1fv")==ITANIUM_SIZE_UNPARSED);
  CHECK(itanium_size_bound(0, 0, &(uint64_t){0})==ITANIUM_SIZE_UNPARSED);
}

static void test_has_reference(void){
  CHECK(itanium_has_reference("_Z1fS_", 6));
  CHECK(itanium_has_reference("_Z1fS0_", 7));
  CHECK(itanium_has_reference("_Z1fSA_", 7));
  CHECK(itanium_has_reference("_Z1fIiEvT_", 10));
  CHECK(itanium_has_reference("_Z1fIiiEvT0_", 12));
  CHECK(!itanium_has_reference("_ZSt4cout", 9));
  CHECK(!itanium_has_reference("_Z1fSaSsSt", 10));
  CHECK(!itanium_has_reference("_ZTV1A", 6));
  CHECK(!itanium_has_reference("_Z1fS", 5));
  CHECK(!itanium_has_reference("_Z1fS_", 5));     /* only z[0..n) */
}

int main(void){
  test_hand_bounds();
  test_hostile();
  test_unbounded();
  test_has_reference();
  return unit_report();
}
