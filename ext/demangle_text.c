/*
** demangle_text.c: Rust, then C++, over one text.  See demangle_text.h.
*/
#include "demangle_text.h"
#include "demangle_cxx.h"
#include "demangle_rust.h"

#include <stdlib.h>

int demangle_text(const char *z, size_t n, char **pzOut, size_t *pnOut){
  char *zRust = 0, *zCxx = 0;
  size_t nRust = 0, nCxx = 0;
  *pzOut = 0;
  *pnOut = 0;
  if( rust_demangle_text(z, n, 0, &zRust, &nRust) ) return 1;
  /* The C++ pass reads the Rust output, which backrefs can make hundreds
  ** of times longer than z with the same C++ name again and again: its
  ** words are bounded by z's own length, so that C++ costs at most
  ** CXX_DEMANGLE_BOUND_PER_BYTE per byte of z (demangle_cxx.h). */
  if( cxx_demangle_text_bounded(zRust ? zRust : z, zRust ? nRust : n, n, &zCxx, &nCxx) ){
    free(zRust);
    return 1;
  }
  if( zCxx ){
    free(zRust);
    *pzOut = zCxx;
    *pnOut = nCxx;
  }else{
    *pzOut = zRust;
    *pnOut = nRust;
  }
  return 0;
}
