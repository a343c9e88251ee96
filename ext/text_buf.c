/*
** text_buf.c: a growing NUL-terminated text.  Interface: text_buf.h.
*/
#include "text_buf.h"
#include "utf8.h"

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
  if( p->nMax && nNeed - 1 > p->nMax ){ p->bOom = p->bTooLong = 1; return 0; }
  if( nNeed <= p->nAlloc ) return 1;
  nNew = p->nAlloc < TEXT_BUF_MIN_ALLOC ? TEXT_BUF_MIN_ALLOC : p->nAlloc;
  while( nNew < nNeed ){
    if( nNew > SIZE_MAX / 2 ){ nNew = nNeed; break; }
    nNew *= 2;
  }
  /* doubling must not reserve more than the limit lets the text use */
  if( p->nMax && nNew - 1 > p->nMax ) nNew = p->nMax + 1;
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
  size_t nTry = 64;
  /* print in place when it fits (most calls), else grow and print again;
  ** near nMax the first try asks for no more than is left, so that a
  ** short text that fits is not refused */
  if( p->nMax ) nTry = p->n>=p->nMax ? 0 : (p->nMax - p->n < nTry ? p->nMax - p->n : nTry);
  if( !text_buf_reserve(p, nTry) ) return;
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

/* The character (or byte that is not one) at z[0..n) as text_shown shows
** it, into a[0..6): returns the bytes written, *pnIn the bytes of z it
** stands for. */
static size_t shown_char(const unsigned char *z, size_t n, char *a, size_t *pnIn){
  static const char aHex[] = "0123456789ABCDEF";
  uint32_t c;
  size_t len = utf8_decode(z, n, &c);
  if( len==0 || c<0x20 || c==0x7F ){
    a[0] = '\\'; a[1] = 'x'; a[2] = aHex[z[0] >> 4]; a[3] = aHex[z[0] & 15];
    *pnIn = 1;
    return 4;
  }
  *pnIn = len;
  if( c>=0x80 && c<=0x9F ){
    memcpy(a, "\\u00", 4);
    a[4] = aHex[c >> 4];
    a[5] = aHex[c & 15];
    return 6;
  }
  memcpy(a, z, len);
  return len;
}

const char *text_shown(const char *z, size_t n, size_t nChar, char *aOut, size_t nOut){
  const unsigned char *u = (const unsigned char*)z;
  size_t i = 0, k = 0, iChar = 0;
  if( nOut<4 ){                    /* no room for "...": show nothing */
    if( nOut ) aOut[0] = 0;
    return aOut;
  }
  while( i<n ){
    char a[6];
    size_t nIn, nA = shown_char(u + i, n - i, a, &nIn);
    /* 4 bytes stay free for "..." and the NUL */
    if( iChar==nChar || nA > nOut - 4 - k ){
      memcpy(aOut + k, "...", 3);
      k += 3;
      break;
    }
    memcpy(aOut + k, a, nA);
    k += nA;
    i += nIn;
    iChar++;
  }
  aOut[k] = 0;
  return aOut;
}
