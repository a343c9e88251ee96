/*
** cargo_timings_read.c: the units of a cargo timings page (API and format
** in cargo_timings_read.h).  Plain C, no SQLite; cargo_timings.c is the
** virtual table over it.
**
**   CargoTimings t;
**   if( cargo_timings_read("target/cargo-timings/cargo-timing.html", &t, zErr, n)==0 )
**     for(i=0; i<t.nUnit; i++) puts(t.aUnit[i].zUnit);
**   cargo_timings_free(&t);
**
** How it works.  The whole file is read into memory (trace_source.c, so a
** gzip'ed page works too), the first `UNIT_DATA` followed by `=` is found
** and the JSON value after it is parsed by the small recursive parser
** below (Json*): it must be an array of objects.  Known keys fill a
** CargoUnit; values kept as JSON text ("sections", "features", the
** unblocked lists) are copied in compact form (whitespace outside strings
** dropped, strings and numbers byte for byte as written).  Unknown keys
** are parsed and dropped.  Nesting is limited to CARGO_TIMINGS_MAX_DEPTH,
** a number to CARGO_TIMINGS_MAX_NUMBER characters and to what a double
** holds; strings must be valid UTF-8 with valid escapes (no lone
** surrogate), as Python's json and SQLite's TEXT want.  Every error says
** at which byte of the file it is and what was expected there.
*/
#include "cargo_timings_read.h"
#include "json_text.h"
#include "text_buf.h"
#include "trace_source.h"
#include "utf8.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The parser's state over a[0..n). */
typedef struct Json {
  const unsigned char *a;   /* the page */
  size_t n;                 /* its size */
  size_t i;                 /* the next byte to read */
  int iDepth;               /* arrays and objects open */
  int rc;                   /* CARGO_TIMINGS_OK until the first failure */
  char *zErr;               /* where the first failure's message goes */
  size_t nErr;
} Json;

/* Record the first failure: rc, and "byte N: <message>" in zErr.
** Returns 0, so that a parse function can `return json_fail(...)`. */
static int json_fail(Json *p, int rc, const char *zFmt, ...){
  va_list ap;
  int k;
  if( p->rc ) return 0;
  p->rc = rc;
  if( rc==CARGO_TIMINGS_NOMEM ){
    snprintf(p->zErr, p->nErr, "out of memory");
    return 0;
  }
  k = snprintf(p->zErr, p->nErr, "byte %zu: ", p->i);
  if( k<0 || (size_t)k>=p->nErr ) return 0;
  va_start(ap, zFmt);
  vsnprintf(p->zErr + k, p->nErr - (size_t)k, zFmt, ap);
  va_end(ap);
  return 0;
}

static int json_nomem(Json *p){
  return json_fail(p, CARGO_TIMINGS_NOMEM, "out of memory");
}

static void json_ws(Json *p){
  while( p->i<p->n && (p->a[p->i]==' ' || p->a[p->i]=='\t' || p->a[p->i]=='\n' || p->a[p->i]=='\r') ) p->i++;
}

/* What is at the current byte, for messages. */
static const char *json_here(const Json *p){
  return p->i>=p->n ? "the end of the file" : "this byte";
}

/* Expect byte c (after whitespace).  Returns 1, or 0 (failure recorded). */
static int json_expect(Json *p, unsigned char c, const char *zWhat){
  json_ws(p);
  if( p->i<p->n && p->a[p->i]==c ){ p->i++; return 1; }
  return json_fail(p, CARGO_TIMINGS_ERROR, "expected %s, found %s", zWhat, json_here(p));
}

/* Append z[0..n) to the compact copy, when there is one. */
static int json_copy(Json *p, TextBuf *pCopy, const void *z, size_t n){
  if( pCopy==0 ) return 1;
  text_buf_append(pCopy, (const char*)z, n);
  return pCopy->bOom ? json_nomem(p) : 1;
}

/* The value of the 4 hex digits at a[i..i+4), or -1. */
static long json_hex4(const Json *p, size_t i){
  long v = 0;
  size_t k;
  if( i > p->n || p->n - i < 4 ) return -1;
  for(k=0; k<4; k++){
    unsigned char c = p->a[i+k];
    int d = (c>='0' && c<='9') ? c-'0' : (c>='a' && c<='f') ? c-'a'+10 : (c>='A' && c<='F') ? c-'A'+10 : -1;
    if( d<0 ) return -1;
    v = v*16 + d;
  }
  return v;
}

/* A \u escape at a[i] (the backslash): its code point in *pc and the
** escape's length (6 or 12 for a surrogate pair), or 0 when invalid. */
static size_t json_unicode_escape(const Json *p, size_t i, uint32_t *pc){
  long hi = json_hex4(p, i+2), lo;
  if( hi<0 ) return 0;
  if( hi>=0xDC00 && hi<=0xDFFF ) return 0;
  if( hi<0xD800 || hi>0xDBFF ){ *pc = (uint32_t)hi; return 6; }
  if( p->n - i < 12 || p->a[i+6]!='\\' || p->a[i+7]!='u' ) return 0;
  lo = json_hex4(p, i+8);
  if( lo<0xDC00 || lo>0xDFFF ) return 0;
  *pc = 0x10000 + (((uint32_t)hi - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
  return 12;
}

/* An escape at a[p->i] (the backslash): appends the character to pOut
** (when not NULL), advances.  Returns 1, or 0 (failure recorded). */
static int json_escape(Json *p, TextBuf *pOut){
  static const char zFrom[] = "\"\\/bfnrt", zTo[] = "\"\\/\b\f\n\r\t";
  const char *zHit;
  unsigned char aUtf[4];
  uint32_t c;
  size_t nEsc, nUtf;
  if( p->i+1>=p->n ) return json_fail(p, CARGO_TIMINGS_ERROR, "the file ends in a string");
  if( p->a[p->i+1]=='u' ){
    nEsc = json_unicode_escape(p, p->i, &c);
    if( nEsc==0 ) return json_fail(p, CARGO_TIMINGS_ERROR, "invalid \\u escape (bad hex digits or a lone surrogate)");
    if( c==0 && pOut ){
      /* the names, versions, modes and targets are kept as C text, which
      ** ends at a NUL: refused, not cut short (cargo writes none) */
      return json_fail(p, CARGO_TIMINGS_ERROR, "\\u0000 (a NUL character) in a name, version, mode or target");
    }
    nUtf = utf8_encode(c, aUtf);
    p->i += nEsc;
    if( pOut ){ text_buf_append(pOut, (const char*)aUtf, nUtf); if( pOut->bOom ) return json_nomem(p); }
    return 1;
  }
  zHit = p->a[p->i+1] ? strchr(zFrom, p->a[p->i+1]) : 0;
  if( zHit==0 ) return json_fail(p, CARGO_TIMINGS_ERROR, "invalid escape in a string");
  p->i += 2;
  if( pOut ){ text_buf_append(pOut, &zTo[zHit - zFrom], 1); if( pOut->bOom ) return json_nomem(p); }
  return 1;
}

/* A string at a[p->i] (the quote).  Its decoded text is appended to pOut
** and its bytes as written (quotes included) to pCopy, each when not
** NULL.  Returns 1, or 0 (failure recorded). */
static int json_string(Json *p, TextBuf *pOut, TextBuf *pCopy){
  size_t iStart = p->i, iRun;
  if( !json_expect(p, '"', "a string") ) return 0;
  iStart = p->i - 1;
  iRun = p->i;
  for(;;){
    unsigned char c;
    if( p->i>=p->n ) return json_fail(p, CARGO_TIMINGS_ERROR, "the file ends in a string");
    c = p->a[p->i];
    if( c=='"' || c=='\\' ){
      if( pOut && p->i>iRun ){ text_buf_append(pOut, (const char*)p->a + iRun, p->i - iRun); if( pOut->bOom ) return json_nomem(p); }
      if( c=='"' ) break;
      if( !json_escape(p, pOut) ) return 0;
      iRun = p->i;
    }else if( c<0x20 ){
      return json_fail(p, CARGO_TIMINGS_ERROR, "a control character in a string");
    }else if( c<0x80 ){
      p->i++;
    }else{
      uint32_t cp;
      size_t k = utf8_decode(p->a + p->i, p->n - p->i, &cp);
      if( k==0 ) return json_fail(p, CARGO_TIMINGS_ERROR, "invalid UTF-8 in a string");
      p->i += k;
    }
  }
  p->i++;
  if( pOut && pOut->z==0 ){ text_buf_reserve(pOut, 0); if( pOut->bOom ) return json_nomem(p); pOut->z[0] = 0; }
  return json_copy(p, pCopy, p->a + iStart, p->i - iStart);
}

/* Advance over the digits at a[p->i]; returns how many. */
static size_t json_digits(Json *p){
  size_t i0 = p->i;
  while( p->i<p->n && p->a[p->i]>='0' && p->a[p->i]<='9' ) p->i++;
  return p->i - i0;
}

/* A number (RFC 8259's grammar) at a[p->i]: its value in *pr, and when
** it is written as an integer that fits 64 bits, 1 in *pbInt and the
** value in *piVal.  Its text is appended to pCopy.  Returns 1, or 0. */
static int json_number(Json *p, double *pr, int *pbInt, int64_t *piVal, TextBuf *pCopy){
  char zNum[CARGO_TIMINGS_MAX_NUMBER + 1], *zEnd;
  size_t i0 = p->i, nInt, nLen;
  int bInt = 1;
  if( p->i<p->n && p->a[p->i]=='-' ) p->i++;
  nInt = json_digits(p);
  if( nInt==0 ) return json_fail(p, CARGO_TIMINGS_ERROR, "expected a value, found %s", json_here(p));
  if( nInt>1 && p->a[p->i - nInt]=='0' ) return json_fail(p, CARGO_TIMINGS_ERROR, "a number with a leading zero");
  if( p->i<p->n && p->a[p->i]=='.' ){
    p->i++; bInt = 0;
    if( json_digits(p)==0 ) return json_fail(p, CARGO_TIMINGS_ERROR, "expected a digit after the decimal point");
  }
  if( p->i<p->n && (p->a[p->i]=='e' || p->a[p->i]=='E') ){
    p->i++; bInt = 0;
    if( p->i<p->n && (p->a[p->i]=='+' || p->a[p->i]=='-') ) p->i++;
    if( json_digits(p)==0 ) return json_fail(p, CARGO_TIMINGS_ERROR, "expected a digit in the exponent");
  }
  nLen = p->i - i0;
  if( nLen>CARGO_TIMINGS_MAX_NUMBER ){
    p->i = i0;
    return json_fail(p, CARGO_TIMINGS_ERROR, "a number of more than %d characters", CARGO_TIMINGS_MAX_NUMBER);
  }
  memcpy(zNum, p->a + i0, nLen);
  zNum[nLen] = 0;
  *pr = json_number_double(zNum, nLen);    /* whatever the locale */
  if( !isfinite(*pr) ){
    p->i = i0;
    return json_fail(p, CARGO_TIMINGS_ERROR, "a number too large for a double");
  }
  *pbInt = 0;
  if( bInt ){
    long long v;
    errno = 0;
    v = strtoll(zNum, &zEnd, 10);
    if( errno==0 ){ *pbInt = 1; *piVal = (int64_t)v; }
  }
  return json_copy(p, pCopy, p->a + i0, nLen);
}

/* A literal (true, false, null) at a[p->i]. */
static int json_literal(Json *p, const char *zLit, TextBuf *pCopy){
  size_t n = strlen(zLit);
  if( p->n - p->i < n || memcmp(p->a + p->i, zLit, n)!=0 ){
    return json_fail(p, CARGO_TIMINGS_ERROR, "expected a value, found %s", json_here(p));
  }
  p->i += n;
  return json_copy(p, pCopy, zLit, n);
}

static int json_value(Json *p, TextBuf *pCopy);

/* Open an array or object: the nesting limit.  Returns 1, or 0. */
static int json_enter(Json *p){
  if( p->iDepth>=CARGO_TIMINGS_MAX_DEPTH ){
    return json_fail(p, CARGO_TIMINGS_ERROR, "JSON nested more than %d deep", CARGO_TIMINGS_MAX_DEPTH);
  }
  p->iDepth++;
  return 1;
}

/* After an element of an array or a member of an object: a ',' (returns
** 1, more follow) or cClose (returns 2, the end); 0 on a failure. */
static int json_next(Json *p, unsigned char cClose, const char *zWhat){
  json_ws(p);
  if( p->i<p->n && p->a[p->i]==',' ){ p->i++; return 1; }
  if( p->i<p->n && p->a[p->i]==cClose ){ p->i++; p->iDepth--; return 2; }
  return json_fail(p, CARGO_TIMINGS_ERROR, "expected ',' or %s, found %s", zWhat, json_here(p));
}

/* An array at a[p->i], any elements. */
static int json_array(Json *p, TextBuf *pCopy){
  int r;
  if( !json_expect(p, '[', "'['") || !json_enter(p) || !json_copy(p, pCopy, "[", 1) ) return 0;
  json_ws(p);
  if( p->i<p->n && p->a[p->i]==']' ){ p->i++; p->iDepth--; return json_copy(p, pCopy, "]", 1); }
  do{
    if( !json_value(p, pCopy) ) return 0;
    r = json_next(p, ']', "']'");
    if( r && !json_copy(p, pCopy, r==1 ? "," : "]", 1) ) return 0;
  }while( r==1 );
  return r==2;
}

/* An object at a[p->i], any members. */
static int json_object(Json *p, TextBuf *pCopy){
  int r;
  if( !json_expect(p, '{', "'{'") || !json_enter(p) || !json_copy(p, pCopy, "{", 1) ) return 0;
  json_ws(p);
  if( p->i<p->n && p->a[p->i]=='}' ){ p->i++; p->iDepth--; return json_copy(p, pCopy, "}", 1); }
  do{
    if( !json_string(p, 0, pCopy) || !json_expect(p, ':', "':'") || !json_copy(p, pCopy, ":", 1) ) return 0;
    if( !json_value(p, pCopy) ) return 0;
    r = json_next(p, '}', "'}'");
    if( r && !json_copy(p, pCopy, r==1 ? "," : "}", 1) ) return 0;
  }while( r==1 );
  return r==2;
}

/* Any value at a[p->i] (after whitespace), copied compact to pCopy. */
static int json_value(Json *p, TextBuf *pCopy){
  double r;
  int bInt;
  int64_t iVal;
  json_ws(p);
  if( p->i>=p->n ) return json_fail(p, CARGO_TIMINGS_ERROR, "expected a value, found the end of the file");
  switch( p->a[p->i] ){
    case '{': return json_object(p, pCopy);
    case '[': return json_array(p, pCopy);
    case '"': return json_string(p, 0, pCopy);
    case 't': return json_literal(p, "true", pCopy);
    case 'f': return json_literal(p, "false", pCopy);
    case 'n': return json_literal(p, "null", pCopy);
    default:  return json_number(p, &r, &bInt, &iVal, pCopy);
  }
}

/* Is the next value null?  Then skip it and return 1. */
static int json_null(Json *p){
  json_ws(p);
  if( p->n - p->i >= 4 && memcmp(p->a + p->i, "null", 4)==0 ){ p->i += 4; return 1; }
  return 0;
}

/*
** The members of a unit
*/

/* A member that is a string or null: the text in *pz (malloc()ed). */
static int unit_text(Json *p, const char *zKey, char **pz){
  TextBuf b = TEXT_BUF_INIT;
  if( json_null(p) ) return 1;
  if( p->i>=p->n || p->a[p->i]!='"' ){
    return json_fail(p, CARGO_TIMINGS_ERROR, "\"%s\" is not a string", zKey);
  }
  if( !json_string(p, &b, 0) ){ free(b.z); return 0; }
  free(*pz);          /* a key given twice: the last one, as Python's json */
  *pz = b.z;
  return 1;
}

/* A member that is a number or null: *pr and *pb. */
static int unit_number(Json *p, const char *zKey, int *pb, double *pr){
  int bInt;
  int64_t iVal;
  if( json_null(p) ){ *pb = 0; return 1; }
  if( p->i>=p->n || !(p->a[p->i]=='-' || (p->a[p->i]>='0' && p->a[p->i]<='9')) ){
    return json_fail(p, CARGO_TIMINGS_ERROR, "\"%s\" is not a number", zKey);
  }
  if( !json_number(p, pr, &bInt, &iVal, 0) ) return 0;
  *pb = 1;
  return 1;
}

/* A member that is an array or null, kept as compact JSON in *pz. */
static int unit_json(Json *p, const char *zKey, char **pz){
  TextBuf b = TEXT_BUF_INIT;
  if( json_null(p) ){ free(*pz); *pz = 0; return 1; }
  if( p->i>=p->n || p->a[p->i]!='[' ){
    return json_fail(p, CARGO_TIMINGS_ERROR, "\"%s\" is not an array", zKey);
  }
  if( !json_array(p, &b) ){ free(b.z); return 0; }
  free(*pz);
  *pz = b.z;
  return 1;
}

/* "i": an integer. */
static int unit_index(Json *p, CargoUnit *pU){
  double r;
  int bInt = 0;
  size_t i0;
  json_ws(p);
  i0 = p->i;
  if( json_null(p) ){ pU->bIndex = 0; return 1; }
  if( p->i>=p->n || !(p->a[p->i]=='-' || (p->a[p->i]>='0' && p->a[p->i]<='9')) ){
    return json_fail(p, CARGO_TIMINGS_ERROR, "\"i\" is not a number");
  }
  if( !json_number(p, &r, &bInt, &pU->iIndex, 0) ) return 0;
  if( !bInt ){
    p->i = i0;
    return json_fail(p, CARGO_TIMINGS_ERROR, "\"i\" is not an integer of 64 bits");
  }
  pU->bIndex = 1;
  return 1;
}

/* The end of the "frontend" section in the compact JSON zSections
** ([["frontend",{"start":0.0,"end":0.3}],...]): 1 with it in *pr when
** found, 0 when not, -1 when out of memory. */
static int sections_frontend_end(const char *zSections, double *pr){
  static const char zMark[] = "[\"frontend\",{";
  const char *z = zSections ? strstr(zSections, zMark) : 0;
  char zErr[8];
  Json j;
  int bFound = 0;
  if( z==0 ) return 0;
  /* that object's members, with the same parser (the text is valid JSON) */
  memset(&j, 0, sizeof(j));
  j.a = (const unsigned char*)z;
  j.n = strlen(z);
  j.i = sizeof(zMark) - 1;    /* after the '{' */
  j.zErr = zErr; j.nErr = sizeof(zErr);
  while( j.rc==0 && j.i<j.n && j.a[j.i]!='}' ){
    TextBuf k = TEXT_BUF_INIT;
    int bKey;
    if( !json_string(&j, &k, 0) ){ free(k.z); break; }
    bKey = k.z && strcmp(k.z, "end")==0;
    free(k.z);
    if( !json_expect(&j, ':', "':'") ) break;
    if( bKey && j.i<j.n && (j.a[j.i]=='-' || (j.a[j.i]>='0' && j.a[j.i]<='9')) ){
      int bInt; int64_t iVal;
      if( !json_number(&j, pr, &bInt, &iVal, 0) ) break;
      bFound = 1;
    }else{
      if( !json_value(&j, 0) ) break;
      if( bKey ) bFound = 0;     /* a later "end" that is no number wins, as in Python */
    }
    if( j.i<j.n && j.a[j.i]==',' ) j.i++;
  }
  if( j.rc==CARGO_TIMINGS_NOMEM ) return -1;
  return bFound;
}

/* One member of a unit object, its key in zKey. */
static int unit_member(Json *p, const char *zKey, CargoUnit *pU){
  json_ws(p);
  if( strcmp(zKey, "i")==0 ) return unit_index(p, pU);
  if( strcmp(zKey, "name")==0 ) return unit_text(p, zKey, &pU->zName);
  if( strcmp(zKey, "version")==0 ) return unit_text(p, zKey, &pU->zVersion);
  if( strcmp(zKey, "mode")==0 ) return unit_text(p, zKey, &pU->zMode);
  if( strcmp(zKey, "target")==0 ) return unit_text(p, zKey, &pU->zTarget);
  if( strcmp(zKey, "start")==0 ) return unit_number(p, zKey, &pU->bStart, &pU->rStart);
  if( strcmp(zKey, "duration")==0 ) return unit_number(p, zKey, &pU->bDuration, &pU->rDuration);
  if( strcmp(zKey, "rmeta_time")==0 ) return unit_number(p, zKey, &pU->bRmeta, &pU->rRmeta);
  if( strcmp(zKey, "sections")==0 ) return unit_json(p, zKey, &pU->zSections);
  if( strcmp(zKey, "features")==0 ) return unit_json(p, zKey, &pU->zFeatures);
  if( strcmp(zKey, "unblocked_units")==0 ) return unit_json(p, zKey, &pU->zUnblocked);
  if( strcmp(zKey, "unblocked_rmeta_units")==0 ) return unit_json(p, zKey, &pU->zUnblockedRmeta);
  return json_value(p, 0);
}

/* One element of UNIT_DATA: an object. */
static int unit_object(Json *p, CargoUnit *pU, int iUnit){
  TextBuf k = TEXT_BUF_INIT;
  int r = 0, bRmetaGiven;
  json_ws(p);
  if( p->i>=p->n || p->a[p->i]!='{' ){
    return json_fail(p, CARGO_TIMINGS_ERROR, "UNIT_DATA[%d] is not an object", iUnit);
  }
  if( !json_expect(p, '{', "'{'") || !json_enter(p) ) return 0;
  json_ws(p);
  if( p->i<p->n && p->a[p->i]=='}' ){ p->i++; p->iDepth--; r = 2; }
  while( r!=2 ){
    k.n = 0;
    if( k.z ) k.z[0] = 0;
    if( !json_string(p, &k, 0) || !json_expect(p, ':', "':'") ) break;
    if( !unit_member(p, k.z, pU) ) break;
    r = json_next(p, '}', "'}'");
    if( r==0 ) break;
  }
  free(k.z);
  if( r!=2 ) return 0;
  bRmetaGiven = pU->bRmeta;
  if( !bRmetaGiven ){
    int rc = sections_frontend_end(pU->zSections, &pU->rRmeta);
    if( rc<0 ) return json_nomem(p);
    pU->bRmeta = rc;
  }
  if( pU->zName ){
    int bNoMem = 0;
    pU->zUnit = cargo_timings_unit(pU->zName, pU->zTarget, pU->zMode, &bNoMem);
    if( bNoMem ) return json_nomem(p);
  }
  return 1;
}

/* Find "UNIT_DATA" followed by "=" in a[0..n): the index after the "=",
** or n when there is none. */
static size_t find_unit_data(const unsigned char *a, size_t n){
  static const char zKey[] = "UNIT_DATA";
  const size_t nKey = sizeof(zKey) - 1;
  size_t i, j;
  for(i=0; i+nKey<=n; i++){
    if( a[i]!='U' || memcmp(a + i, zKey, nKey)!=0 ) continue;
    for(j=i+nKey; j<n && (a[j]==' ' || a[j]=='\t' || a[j]=='\n' || a[j]=='\r'); j++){}
    if( j<n && a[j]=='=' && (j+1>=n || a[j+1]!='=') ) return j+1;
  }
  return n;
}

/* Make room for one more unit in pOut. */
static int units_grow(CargoTimings *pOut, int *pnAlloc){
  CargoUnit *aNew;
  int nNew;
  if( pOut->nUnit<*pnAlloc ) return 1;
  if( *pnAlloc > (1<<28) ) return 0;
  nNew = *pnAlloc ? *pnAlloc*2 : 16;
  aNew = realloc(pOut->aUnit, sizeof(CargoUnit)*(size_t)nNew);
  if( aNew==0 ) return 0;
  pOut->aUnit = aNew;
  *pnAlloc = nNew;
  return 1;
}

int cargo_timings_parse(const unsigned char *a, size_t n, CargoTimings *pOut, char *zErr, size_t nErr){
  Json j;
  int nAlloc = 0, r = 0;
  memset(pOut, 0, sizeof(*pOut));
  memset(&j, 0, sizeof(j));
  j.a = a; j.n = n; j.zErr = zErr; j.nErr = nErr;
  if( nErr ) zErr[0] = 0;
  j.i = find_unit_data(a, n);
  if( j.i>=n ){
    snprintf(zErr, nErr, "not a cargo timings page: no \"UNIT_DATA =\" in it");
    return CARGO_TIMINGS_ERROR;
  }
  json_ws(&j);
  if( j.i>=n || a[j.i]!='[' ){
    json_fail(&j, CARGO_TIMINGS_ERROR, "UNIT_DATA is not an array");
  }else if( json_expect(&j, '[', "'['") && json_enter(&j) ){
    json_ws(&j);
    if( j.i<n && a[j.i]==']' ){ j.i++; r = 2; }
    while( r!=2 ){
      if( !units_grow(pOut, &nAlloc) ){ json_nomem(&j); break; }
      memset(&pOut->aUnit[pOut->nUnit], 0, sizeof(CargoUnit));
      pOut->nUnit++;
      if( !unit_object(&j, &pOut->aUnit[pOut->nUnit-1], pOut->nUnit-1) ) break;
      r = json_next(&j, ']', "']'");
      if( r==0 ) break;
    }
  }
  if( j.rc ){
    cargo_timings_free(pOut);
    return j.rc;
  }
  return CARGO_TIMINGS_OK;
}

int cargo_timings_read(const char *zPath, CargoTimings *pOut, char *zErr, size_t nErr){
  char zSrcErr[TRACE_ERRMSG_MAX];
  TraceSource *pSrc = 0;
  unsigned char *a = 0;
  size_t n = 0, nAlloc = 0;
  long k;
  int rc = CARGO_TIMINGS_ERROR;
  memset(pOut, 0, sizeof(*pOut));
  if( trace_source_open(zPath, &pSrc, zSrcErr, sizeof(zSrcErr)) ){
    snprintf(zErr, nErr, "%s", zSrcErr);
    return strstr(zSrcErr, "out of memory") ? CARGO_TIMINGS_NOMEM : CARGO_TIMINGS_ERROR;
  }
  for(;;){
    if( nAlloc - n < 65536 ){
      size_t nNew = nAlloc ? nAlloc*2 : 65536;
      unsigned char *aNew;
      if( nNew > CARGO_TIMINGS_MAX_FILE + 65536 ){
        snprintf(zErr, nErr, "larger than %zu bytes: not a cargo timings page", CARGO_TIMINGS_MAX_FILE);
        goto done;
      }
      aNew = realloc(a, nNew);
      if( aNew==0 ){ rc = CARGO_TIMINGS_NOMEM; snprintf(zErr, nErr, "out of memory"); goto done; }
      a = aNew;
      nAlloc = nNew;
    }
    k = trace_source_read(pSrc, a + n, nAlloc - n, zSrcErr, sizeof(zSrcErr));
    if( k<0 ){
      snprintf(zErr, nErr, "%s", zSrcErr);
      if( strstr(zSrcErr, "out of memory") ) rc = CARGO_TIMINGS_NOMEM;
      goto done;
    }
    if( k==0 ) break;
    n += (size_t)k;
  }
  rc = cargo_timings_parse(a, n, pOut, zErr, nErr);
done:
  trace_source_close(pSrc);
  free(a);
  return rc;
}

void cargo_timings_free(CargoTimings *pOut){
  int i;
  for(i=0; i<pOut->nUnit; i++){
    CargoUnit *pU = &pOut->aUnit[i];
    free(pU->zName); free(pU->zVersion); free(pU->zMode); free(pU->zTarget);
    free(pU->zSections); free(pU->zFeatures); free(pU->zUnblocked);
    free(pU->zUnblockedRmeta); free(pU->zUnit);
  }
  free(pOut->aUnit);
  pOut->aUnit = 0;
  pOut->nUnit = 0;
}

/*
** Unit names
*/

/* Does the target text name a target kind (the quoted word of cargo
** 1.95's ` tally-cli "bin"`)? */
static int is_kind(const char *z, size_t n){
  static const char *const azKind[] = { "lib", "bin", "test", "bench", "example", "build-script", "build script", 0 };
  int i;
  for(i=0; azKind[i]; i++){
    if( strlen(azKind[i])==n && memcmp(azKind[i], z, n)==0 ) return 1;
  }
  return 0;
}

/* Is t a build script's target text: " build-script" (older cargo: " build
** script"), alone or before " (run)"?  Not a target whose name holds the
** words: ` build-script-gen "bin"` is a bin. */
static int is_build_script(const char *t){
  static const char *const az[] = { "build-script", "build script" };
  int i;
  while( *t==' ' ) t++;
  for(i=0; i<2; i++){
    size_t n = strlen(az[i]);
    if( strncmp(t, az[i], n)==0 && (t[n]==0 || (t[n]==' ' && t[n+1]=='(')) ) return 1;
  }
  return 0;
}

/* zA then zB[0..nB) with '-' as '_' when bUnderscore, then zC. */
static char *unit_concat(const char *zA, size_t nA, int bUnderscore, const char *zC, int *pbNoMem){
  size_t nC = strlen(zC), i;
  char *z = malloc(nA + nC + 1);
  if( z==0 ){ *pbNoMem = 1; return 0; }
  memcpy(z, zA, nA);
  if( bUnderscore ) for(i=0; i<nA; i++) if( z[i]=='-' ) z[i] = '_';
  memcpy(z + nA, zC, nC + 1);
  return z;
}

char *cargo_timings_unit(const char *zName, const char *zTarget, const char *zMode, int *pbNoMem){
  const char *t = zTarget ? zTarget : "";
  const char *q1, *q2, *w;
  int bRun, bBuild;
  if( zName==0 ) return 0;
  bRun = (zMode && strcmp(zMode, "run-custom-build")==0) || strstr(t, "(run)")!=0;
  bBuild = bRun || is_build_script(t);
  if( bBuild ){
    return unit_concat(zName, strlen(zName), 0, bRun ? "/build_script_build (run)" : "/build_script_build", pbNoMem);
  }
  q1 = strchr(t, '"');
  q2 = q1 ? strchr(q1 + 1, '"') : 0;
  if( q2 ){
    if( is_kind(q1 + 1, (size_t)(q2 - q1 - 1)) ){
      /* cargo 1.95: ` <name> "<kind>"`: the word before the quote */
      const char *e = q1;
      while( e>t && e[-1]==' ' ) e--;
      w = e;
      while( w>t && w[-1]!=' ' ) w--;
      if( e>w && !(e - w==3 && memcmp(w, "lib", 3)==0) ) return unit_concat(w, (size_t)(e - w), 1, "", pbNoMem);
    }else{
      /* older cargo: ` <kind> "<name>"` */
      return unit_concat(q1 + 1, (size_t)(q2 - q1 - 1), 1, "", pbNoMem);
    }
  }
  return unit_concat(zName, strlen(zName), 1, "", pbNoMem);
}
