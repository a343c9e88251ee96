/*
** fuzz_demangle_rust.c: libFuzzer target for the Rust demangler
** (ext/demangle_rust*.c).
**
** Build: make fuzz   (clang, -fsanitize=fuzzer,address,undefined)
** Run:   sh tests/fuzz/seed_rust.sh build/fuzz/seed_rust
**        nice -n 19 build/fuzz/fuzz_demangle_rust -max_len=4096 build/fuzz/corpus_rust build/fuzz/seed_rust
**
** Each input is demangled as text and as one symbol, in both modes.  Beyond
** the sanitizers it checks the API's promises: 0 or -1 only, a result that
** is NUL-terminated at its stated length and differs from the input, and
** that a whole input which is a single symbol gives the same answer both
** ways (the text scan hands the symbol over unchanged).  The crates a v0
** symbol records (rust_symbol_instantiating_crate(), rust_symbol_impl_crate())
** keep the same promises and are NULL for anything that is not v0.  Inputs that
** demangle to more than FUZZ_MAX_TEXT_OUT are run in one mode only.
*/
#include "demangle_rust.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Abort (which libFuzzer reports) when a promise of the API is broken. */
static void check(int bOk){
  if( !bOk ) abort();
}

/* Run one entry point; returns its result (NULL: unchanged), which the
** caller frees. */
static char *run(int bSymbol, const char *z, size_t n, int bShowHash, size_t *pnOut){
  char *zOut = (char*)0x1;
  size_t nOut = 12345;
  int rc = bSymbol ? rust_demangle_symbol(z, n, bShowHash, &zOut, &nOut)
                   : rust_demangle_text(z, n, bShowHash, &zOut, &nOut);
  check(rc==0 || rc==-1);
  if( rc==-1 ){ check(zOut==0); *pnOut = 0; return 0; }
  if( zOut ){
    check(zOut[nOut]==0);
    check(nOut!=n || memcmp(zOut, z, n)!=0);
  }
  *pnOut = nOut;
  return zOut;
}

/* Is z[0..n) exactly one match of rustfilt's pattern `_(ZN|R)[$._[:alnum:]]*`? */
static int is_one_match(const char *z, size_t n){
  size_t i, iStart;
  if( n>=3 && memcmp(z, "_ZN", 3)==0 ) iStart = 3;
  else if( n>=2 && memcmp(z, "_R", 2)==0 ) iStart = 2;
  else return 0;
  for(i = iStart; i < n; i++){
    unsigned char c = (unsigned char)z[i];
    if( !((c>='a' && c<='z') || (c>='A' && c<='Z') || (c>='0' && c<='9')
          || c=='_' || c=='$' || c=='.') ) return 0;
  }
  return 1;
}

/* An input whose text demangles to more than this is checked in one mode
** only: outputs of a megabyte cost a quarter of a second each under the
** sanitizers, and libFuzzer (clang 14) cannot be told to leave them out of
** its corpus.  The unit tests check the size limit itself. */
#define FUZZ_MAX_TEXT_OUT (256 * 1024)

/* One of the rust_symbol_*_crate() functions on z[0..n). */
static void run_crate(int (*xCrate)(const char*, size_t, char**, size_t*), const char *z, size_t n){
  char *zOut = (char*)0x1;
  size_t nOut = 12345;
  int rc = xCrate(z, n, &zOut, &nOut);
  check(rc==0 || rc==-1);
  if( rc==-1 ){ check(zOut==0); return; }
  if( zOut ){
    check(zOut[nOut]==0);
    check(rust_symbol_kind(z, n)==RUST_SYMBOL_V0);
  }
  free(zOut);
}

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData){
  const char *z = (const char*)aData;
  int bShowHash;
  run_crate(rust_symbol_instantiating_crate, z, nData);
  run_crate(rust_symbol_impl_crate, z, nData);
  for(bShowHash = 0; bShowHash < 2; bShowHash++){
    size_t nText, nSym;
    char *zText = run(0, z, nData, bShowHash, &nText);
    char *zSym;
    if( nText > FUZZ_MAX_TEXT_OUT ){ free(zText); break; }
    zSym = run(1, z, nData, bShowHash, &nSym);
    if( is_one_match(z, nData) ){
      check((zText==0)==(zSym==0));
      check(zText==0 || (nText==nSym && memcmp(zText, zSym, nText)==0));
    }
    free(zText);
    free(zSym);
  }
  return 0;
}
