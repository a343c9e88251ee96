/*
** pass_detail.c: the function an event's detail names.  Rules and use:
** pass_detail.h.
*/
#include "pass_detail.h"
#include "symbol_bytes.h"

#include <string.h>

/* Is z[0..n) a whole mangled symbol? */
static int is_mangled(const char *z, size_t n){
  size_t i = 0;
  if( n>0 && z[0]=='_' && n>1 && z[1]=='_' ) i = 1;     /* macOS's extra '_' */
  if( n<i+3 || z[i]!='_' || (z[i+1]!='R' && z[i+1]!='Z') ) return 0;
  for(; i<n; i++){
    if( !symbol_byte(z[i]) ) return 0;
  }
  return 1;
}

/* The last occurrence of zNeedle in z[0..n), or -1. */
static long last_of(const char *z, size_t n, const char *zNeedle){
  size_t m = strlen(zNeedle), i;
  if( n<m ) return -1;
  for(i=n-m+1; i>0; i--){
    if( memcmp(z + i - 1, zNeedle, m)==0 ) return (long)(i - 1);
  }
  return -1;
}

int pass_detail_symbol(const char *z, size_t n, size_t *piStart, size_t *pnLen){
  size_t iStart = 0, nLen = n;
  static const char zLoop[] = "loop ";
  static const char zIn[] = " in function ";
  if( n>=2 && z[0]=='(' && z[n-1]==')' ){
    /* a CGSCC pass: one function, not a list */
    iStart = 1;
    nLen = n - 2;
  }else if( n>sizeof(zLoop)-1 && memcmp(z, zLoop, sizeof(zLoop)-1)==0 ){
    long k = last_of(z, n, zIn);
    if( k<0 ) return 0;
    iStart = (size_t)k + sizeof(zIn) - 1;
    nLen = n - iStart;
  }
  if( !is_mangled(z + iStart, nLen) ) return 0;
  *piStart = iStart;
  *pnLen = nLen;
  return 1;
}
