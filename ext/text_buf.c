/*
** text_buf.c: a growing NUL-terminated text.  Interface: text_buf.h.
*/
#include "text_buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first allocation: most texts (a symbol, a line) fit in one. */
#define TEXT_BUF_MIN_ALLOC 256

int text_buf_reserve(TextBuf *p, size_t nMore){
  size_t nNeed, nNew;
  char *zNew;
  if( p->bOom ) return 0;
  if( nMore > SIZE_MAX - p->n - 1 ){ p->bOom = 1; return 0; }
  nNeed = p->n + nMore + 1;
  if( nNeed <= p->nAlloc ) return 1;
  nNew = p->nAlloc < TEXT_BUF_MIN_ALLOC ? TEXT_BUF_MIN_ALLOC : p->nAlloc;
  while( nNew < nNeed ){
    if( nNew > SIZE_MAX / 2 ){ nNew = nNeed; break; }
    nNew *= 2;
  }
  zNew = realloc(p->z, nNew);
  if( zNew==0 ){ p->bOom = 1; return 0; }
  p->z = zNew;
  p->nAlloc = nNew;
  return 1;
}

void text_buf_append(TextBuf *p, const char *z, size_t n){
  if( !text_buf_reserve(p, n) ) return;
  if( n ) memcpy(p->z + p->n, z, n);
  p->n += n;
  p->z[p->n] = 0;
}

void text_buf_printf(TextBuf *p, const char *zFmt, ...){
  va_list ap;
  int k;
  /* print in place when it fits (most calls), else grow and print again */
  if( !text_buf_reserve(p, 64) ) return;
  va_start(ap, zFmt);
  k = vsnprintf(p->z + p->n, p->nAlloc - p->n, zFmt, ap);
  va_end(ap);
  if( k<0 ){ p->bOom = 1; p->z[p->n] = 0; return; }
  if( (size_t)k >= p->nAlloc - p->n ){
    p->z[p->n] = 0;
    if( !text_buf_reserve(p, (size_t)k) ) return;
    va_start(ap, zFmt);
    vsnprintf(p->z + p->n, p->nAlloc - p->n, zFmt, ap);
    va_end(ap);
  }
  p->n += (size_t)k;
}
