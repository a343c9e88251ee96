/*
** duration_text.c: nanoseconds as Rust's Duration debug text
** (duration_text.h).
*/
#include "duration_text.h"

#include <string.h>

/* Append the decimal digits of v to z at *pn. */
static void put_uint(char *z, size_t *pn, uint64_t v){
  char a[24];
  int i = 0;
  do{ a[i++] = (char)('0' + v%10); v /= 10; }while( v );
  while( i>0 ) z[(*pn)++] = a[--i];
}

size_t duration_text(int64_t ns, int nDecimals, char *zOut){
  /* magnitude without overflow for INT64_MIN */
  uint64_t v = ns<0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
  uint64_t whole, frac, div;
  const char *zUnit;
  char aDigit[9];
  int nDigit = 0, nShow, i;
  size_t n = 0;
  if( v>=1000000000u ){       whole = v/1000000000u; frac = v%1000000000u; div = 100000000u; zUnit = "s"; }
  else if( v>=1000000u ){     whole = v/1000000u;    frac = v%1000000u;    div = 100000u;    zUnit = "ms"; }
  else if( v>=1000u ){        whole = v/1000u;       frac = v%1000u;       div = 100u;       zUnit = "\xC2\xB5s"; }
  else{                       whole = v;             frac = 0;             div = 1;          zUnit = "ns"; }
  if( nDecimals>9 ) nDecimals = 9;
  /* the digits shown, then round on the rest */
  memset(aDigit, '0', sizeof(aDigit));
  while( frac>0 && div>0 && (nDecimals<0 || nDigit<nDecimals) ){
    aDigit[nDigit++] = (char)('0' + frac/div);
    frac %= div;
    div /= 10;
  }
  /* the rest against half a unit of the last digit shown: above rounds
  ** up, exactly half rounds to an even last digit (as Rust 1.95 does) */
  if( frac>0 && (frac>div*5 || (frac==div*5
      && ((nDigit>0 ? (uint64_t)(aDigit[nDigit-1]-'0') : whole) & 1))) ){
    for(i=nDigit-1; i>=0 && aDigit[i]=='9'; i--) aDigit[i] = '0';
    if( i>=0 ) aDigit[i]++;
    else whole++;
  }
  nShow = nDecimals<0 ? nDigit : nDecimals;
  if( ns<0 ) zOut[n++] = '-';
  put_uint(zOut, &n, whole);
  if( nShow>0 ){
    zOut[n++] = '.';
    memcpy(zOut + n, aDigit, (size_t)nShow);
    n += (size_t)nShow;
  }
  memcpy(zOut + n, zUnit, strlen(zUnit) + 1);
  return n + strlen(zUnit);
}
