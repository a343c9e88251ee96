/*
** fuzz_demangle_cxx.c: libFuzzer target for the C++ demangler and its
** c++filt-style text scan (ext/demangle_cxx.c).
**
** Build: make fuzz   (clang, -fsanitize=fuzzer,address,undefined)
** Run:   sh tests/fuzz/seed_cxx.sh build/fuzz/seed_cxx
**        nice -n 19 build/fuzz/fuzz_demangle_cxx -max_len=2048 -timeout=10 build/fuzz/corpus_cxx build/fuzz/seed_cxx
**
** Each input is demangled as one symbol and as text.  Beyond the
** sanitizers it checks the API's promises: 0 or -1 only, a result that is
** NUL-terminated at its stated length and differs from the input, and
** that an input which is one word of [A-Za-z0-9_$.] gives the same answer
** both ways (the text scan hands a whole word to the symbol demangler).
*/
#include "demangle_cxx.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Abort (which libFuzzer reports) when a promise of the API is broken. */
static void check(int bOk){
  if( !bOk ) abort();
}

/* Run one entry point; returns its result (NULL: unchanged), which the
** caller frees. */
static char *run(int bSymbol, const char *z, size_t n, size_t *pnOut){
  char *zOut = (char*)0x1;
  size_t nOut = 12345;
  int rc = bSymbol ? cxx_demangle_symbol(z, n, &zOut, &nOut) : cxx_demangle_text(z, n, &zOut, &nOut);
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

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData){
  const char *z = (const char*)aData;
  size_t nSym, nText;
  char *zSym = run(1, z, nData, &nSym);
  char *zText = run(0, z, nData, &nText);
  if( is_one_word(z, nData) ){
    check((zSym==0)==(zText==0));
    if( zSym && zText ) check(nSym==nText && memcmp(zSym, zText, nSym)==0);
  }
  free(zSym);
  free(zText);
  return 0;
}
