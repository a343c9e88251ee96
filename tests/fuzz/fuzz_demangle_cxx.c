/*
** fuzz_demangle_cxx.c: libFuzzer target for the C++ demangler, its
** c++filt-style text scan (ext/demangle_cxx.c) and the size bound that
** guards __cxa_demangle (ext/itanium_size.c).
**
** Build: make fuzz   (clang, -fsanitize=fuzzer,address,undefined)
** Run:   sh tests/fuzz/seed_cxx.sh build/fuzz/seed_cxx
**        nice -n 19 build/fuzz/fuzz_demangle_cxx -max_len=2048 -timeout=10 \
**            -dict=tests/fuzz/cxx.dict build/fuzz/corpus_cxx build/fuzz/seed_cxx
**
** Each input is demangled as one symbol and as text.  Beyond the
** sanitizers it checks the API's promises: 0 or -1 only, a result that is
** NUL-terminated at its stated length and differs from the input, and
** that an input which is one word of [A-Za-z0-9_$.] gives the same answer
** both ways (the text scan hands a whole word to the symbol demangler).
** And the bound's:
**   - time: no call takes more than FUZZ_MAX_MS of CPU time, twice in a
**     row (the hostile inputs of issue 17 took seconds to minutes);
**   - a symbol demangles only when the pre-pass allowed it: a bound at most
**     CXX_DEMANGLE_BOUND_PER_BYTE per input byte, or no back reference;
**   - the bound is sound: __cxa_demangle's own output, for any input the
**     bound allows (and without "sr", on which GCC 12 can loop), is no
**     longer than the bound.
*/
#include "demangle_cxx.h"
#include "itanium_size.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

char *__cxa_demangle(const char *mangled, char *buf, size_t *len, int *status);

/* CPU time one call may take (sanitizers included). */
#define FUZZ_MAX_MS 100.0

/* Abort (which libFuzzer reports) when a promise of the API is broken. */
static void check(int bOk){
  if( !bOk ) abort();
}

static double cpu_ms(void){
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec*1e3 + (double)t.tv_nsec*1e-6;
}

/* One call of an entry point, and the CPU time it took (ms). */
static int call(int bSymbol, const char *z, size_t n, char **pzOut, size_t *pnOut, double *pMs){
  double t0 = cpu_ms();
  int rc = bSymbol ? cxx_demangle_symbol(z, n, pzOut, pnOut) : cxx_demangle_text(z, n, pzOut, pnOut);
  *pMs = cpu_ms() - t0;
  return rc;
}

/* Run one entry point; returns its result (NULL: unchanged), which the
** caller frees.  A call over FUZZ_MAX_MS is timed once more before it
** counts as too slow: the sanitizers' allocator has rare pauses. */
static char *run(int bSymbol, const char *z, size_t n, size_t *pnOut){
  char *zOut = (char*)0x1;
  size_t nOut = 12345;
  double ms;
  int rc = call(bSymbol, z, n, &zOut, &nOut, &ms);
  if( ms > FUZZ_MAX_MS ){
    char *zAgain = 0;
    size_t nAgain = 0;
    if( call(bSymbol, z, n, &zAgain, &nAgain, &ms)==0 ) free(zAgain);
    check(ms <= FUZZ_MAX_MS);
  }
  check(rc==0 || rc==-1);
  if( rc==-1 ){ check(zOut==0); *pnOut = 0; return 0; }
  if( zOut ){
    check(zOut[nOut]==0);
    check(nOut!=n || memcmp(zOut, z, n)!=0);
  }
  *pnOut = nOut;
  return zOut;
}

/* Is z[0..n) one word as c++filt reads words? */
static int is_one_word(const char *z, size_t n){
  size_t i;
  if( n==0 || n>CXX_FILT_MAX_WORD ) return 0;
  for(i=0; i<n; i++){
    unsigned char c = (unsigned char)z[i];
    if( !((c>='a' && c<='z') || (c>='A' && c<='Z') || (c>='0' && c<='9') || c=='_' || c=='$' || c=='.') ){
      return 0;
    }
  }
  return 1;
}

/* The bound's promises for the symbol z[0..n) (see the file header);
** bDemangled: cxx_demangle_symbol() demangled it. */
static void check_bound(const char *z, size_t n, int bDemangled){
  uint64_t nBound = 0;
  int rc;
  char *zCopy, *zRaw;
  if( n>0 && (z[0]=='.' || z[0]=='$') ){ z++; n--; }
  if( n>CXX_DEMANGLE_MAX_INPUT || memchr(z, 0, n) ) return;
  rc = itanium_size_bound(z, n, &nBound);
  if( rc==ITANIUM_SIZE_NOMEM ) return;
  if( bDemangled ){
    check((rc==ITANIUM_SIZE_OK && nBound <= (uint64_t)n*CXX_DEMANGLE_BOUND_PER_BYTE)
       || (rc==ITANIUM_SIZE_UNPARSED && !itanium_has_reference(z, n)));
  }
  if( rc!=ITANIUM_SIZE_OK || nBound > (uint64_t)n*CXX_DEMANGLE_BOUND_PER_BYTE ) return;
  if( n<2 || z[0]!='_' || (z[1]!='Z' && z[1]!='G') ) return;
  zCopy = malloc(n+1);
  if( zCopy==0 ) return;
  memcpy(zCopy, z, n);
  zCopy[n] = 0;
  if( strstr(zCopy, "sr")==0 ){
    int status = 0;
    zRaw = __cxa_demangle(zCopy, 0, 0, &status);
    if( zRaw && status==0 ) check(strlen(zRaw) <= nBound);
    free(zRaw);
  }
  free(zCopy);
}

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData){
  const char *z = (const char*)aData;
  size_t nSym, nText;
  char *zSym = run(1, z, nData, &nSym);
  char *zText = run(0, z, nData, &nText);
  if( is_one_word(z, nData) ){
    check((zSym==0)==(zText==0));
    if( zSym && zText ) check(nSym==nText && memcmp(zSym, zText, nSym)==0);
  }
  check_bound(z, nData, zSym!=0);
  free(zSym);
  free(zText);
  return 0;
}
