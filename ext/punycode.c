/*
** punycode.c: the punycode decoder of RFC 3492 (see punycode.h for the
** API and the choices it makes).
**
** The decoder keeps the output as an array of code points and inserts
** each decoded one at its position.  That costs a memmove per code
** point, which is nothing at the sizes a symbol allows (nMax is 128 for
** the v0 demangler) and keeps the code close to the RFC's pseudocode.
*/
#include "punycode.h"

#include <string.h>

/* RFC 3492 section 5, the parameters for IDNA, which Rust uses too. */
#define PUNY_BASE 36
#define PUNY_TMIN 1
#define PUNY_TMAX 26
#define PUNY_SKEW 38
#define PUNY_DAMP 700
#define PUNY_BIAS 72
#define PUNY_N    0x80

/* Insert c at position i of a[0..*pn), which holds at most nMax code
** points; 0 when it is full. */
static int puny_insert(uint32_t *a, size_t *pn, size_t nMax, size_t i, uint32_t c){
  if( *pn >= nMax ) return 0;
  memmove(a + i + 1, a + i, (*pn - i) * sizeof(a[0]));
  a[i] = c;
  (*pn)++;
  return 1;
}

/* Read one generalized variable-length integer (RFC 3492 section 3.3)
** from z[*pi..n) into *pDelta, with overflow checks. */
static int puny_read_delta(const char *z, size_t n, size_t *pi, uint64_t bias, uint64_t *pDelta){
  uint64_t delta = 0, w = 1, k = 0;
  for(;;){
    uint64_t t, d;
    int c;
    k += PUNY_BASE;
    t = k > bias ? k - bias : 0;
    if( t < PUNY_TMIN ) t = PUNY_TMIN;
    if( t > PUNY_TMAX ) t = PUNY_TMAX;
    if( *pi >= n ) return 0;
    c = z[(*pi)++];
    if( c>='a' && c<='z' ) d = (uint64_t)(c - 'a');
    else if( c>='0' && c<='9' ) d = (uint64_t)(26 + c - '0');
    else return 0;
    if( d!=0 && w > UINT64_MAX / d ) return 0;
    if( delta > UINT64_MAX - d * w ) return 0;
    delta += d * w;
    if( d < t ) break;
    if( w > UINT64_MAX / (PUNY_BASE - t) ) return 0;
    w *= PUNY_BASE - t;
  }
  *pDelta = delta;
  return 1;
}

/* The next bias (RFC 3492 section 6.1). */
static uint64_t puny_adapt(uint64_t delta, uint64_t nPoints, int bFirst){
  uint64_t k = 0;
  delta /= bFirst ? PUNY_DAMP : 2;
  delta += delta / nPoints;
  while( delta > ((PUNY_BASE - PUNY_TMIN) * PUNY_TMAX) / 2 ){
    delta /= PUNY_BASE - PUNY_TMIN;
    k += PUNY_BASE;
  }
  return k + ((PUNY_BASE - PUNY_TMIN + 1) * delta) / (delta + PUNY_SKEW);
}

/* RFC 3492 section 6.2.  Each delta moves an insertion point (pos) over
** the output, counting every position once per candidate code point n;
** pos / (length + 1) is how far n advances and the remainder is where it
** goes.  The result is at most nMax long, which bounds the loop. */
int punycode_decode(const char *zBasic, size_t nBasic,
                    const char *zDelta, size_t nDelta,
                    uint32_t *a, size_t nMax){
  size_t nOut = 0, i, j = 0;
  uint64_t n = PUNY_N, pos = 0, bias = PUNY_BIAS;
  int bFirst = 1;
  for(i = 0; i < nBasic; i++){
    if( !puny_insert(a, &nOut, nMax, nOut, (unsigned char)zBasic[i]) ) return -1;
  }
  for(;;){
    uint64_t delta, nLen;
    if( !puny_read_delta(zDelta, nDelta, &j, bias, &delta) ) return -1;
    nLen = (uint64_t)nOut + 1;
    if( pos > UINT64_MAX - delta ) return -1;
    pos += delta;
    if( n > UINT64_MAX - pos / nLen ) return -1;
    n += pos / nLen;
    pos %= nLen;
    if( n > 0x10FFFF || (n>=0xD800 && n<=0xDFFF) ) return -1;
    if( !puny_insert(a, &nOut, nMax, (size_t)pos, (uint32_t)n) ) return -1;
    pos++;
    if( j >= nDelta ) return (int)nOut;
    bias = puny_adapt(delta, nLen, bFirst);
    bFirst = 0;
  }
}
