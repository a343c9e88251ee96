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
  if( cxx_demangle_text(zRust ? zRust : z, zRust ? nRust : n, &zCxx, &nCxx) ){
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
