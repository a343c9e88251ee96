/*
** chrome_trace.c: rows back into a Chrome trace, one JSON text (what it
** writes and the rules: chrome_trace.h).  Plain C, no SQLite.
**
**   .load build/timetrace
**   SELECT writefile('hot.json', chrome_trace(pid, tid, ph, name, cat, ts, dur, args, id, extra))
**     FROM trace_events('big.json') WHERE dur >= 1000 OR ph = 'M';
**
** This file owns the text: one TextBuf (text_buf.c) under the size limit,
** the head written with the first event and the tail by
** chrome_trace_finish().  A row is checked
** before anything of it is written (types, args and extra as JSON objects
** by json_text.c, keys written twice), then written in one go; a failure
** while writing (out of memory, the size limit) cuts the text back to the
** end of the row before, so a failed row leaves no trace.  Nothing is kept
** per row.
*/
#include "chrome_trace.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_text.h"
#include "text_buf.h"

#define CHROME_HEAD "{\"traceEvents\":["
#define CHROME_TAIL "\n],\"displayTimeUnit\":\"ms\"}"

/* The keys of the columns, in the order of CHROME_PID .. CHROME_EXTRA. */
static const char *const azKey[CHROME_NCOL] = {
  "pid", "tid", "ph", "name", "cat", "ts", "dur", "args", "id", "extra"
};

struct ChromeTrace {
  TextBuf b;             /* the text so far, head included once a row is in */
  size_t nMax;           /* the longest the finished text may be */
  int64_t nRow;          /* rows added */
};

/* What the members of extra are, as json_object_check() walks them. */
typedef struct ExtraMembers {
  const char *z;         /* extra's text */
  int nMember;           /* members seen */
  size_t iFirst;         /* where the first member's key starts */
  size_t iEnd;           /* where the last member's value ends */
  size_t iEndBefore;     /* where the value of the member before the last ends */
  size_t iLastKey;       /* the last member's key: offset and length */
  size_t nLastKey;
  size_t iLastValue;     /* where the last member's value starts */
  unsigned mWritten;     /* columns written (bit per CHROME_*), to find keys given twice */
  int iTwice;            /* the first column whose key extra has too, or -1 */
} ExtraMembers;

ChromeTrace *chrome_trace_new(size_t nMax){
  ChromeTrace *t = malloc(sizeof(*t));
  if( t==0 ) return 0;
  memset(t, 0, sizeof(*t));         /* t->b is TEXT_BUF_INIT */
  t->nMax = nMax;
  return t;
}

void chrome_trace_free(ChromeTrace *t){
  if( t==0 ) return;
  free(t->b.z);
  free(t);
}

/* Room for nMore more bytes and the tail.  Returns CHROME_OK,
** CHROME_TOOBIG when the finished text would be longer than t->nMax, or
** CHROME_NOMEM. */
static int ct_reserve(ChromeTrace *t, size_t nMore){
  size_t nTail = sizeof(CHROME_TAIL) - 1;
  if( nMore>t->nMax || t->nMax - nMore<t->b.n || t->nMax - nMore - t->b.n<nTail ) return CHROME_TOOBIG;
  return text_buf_reserve(&t->b, nMore + nTail) ? CHROME_OK : CHROME_NOMEM;
}

/* Append z[0..n). */
static int ct_put(ChromeTrace *t, const char *z, size_t n){
  int rc = ct_reserve(t, n);
  if( rc==CHROME_OK ) text_buf_append(&t->b, z, n);
  return rc;
}

/* Append z[0..n) as a JSON string literal. */
static int ct_put_string(ChromeTrace *t, const char *z, size_t n){
  size_t nLit = json_string_write(0, z, n);
  int rc = ct_reserve(t, nLit);
  if( rc==CHROME_OK ){
    json_string_write(t->b.z + t->b.n, z, n);
    t->b.n += nLit;
    t->b.z[t->b.n] = 0;
  }
  return rc;
}

/* Is the event's ph one of the letters of zPh? */
static int ph_is(const ChromeValue *a, const char *zPh){
  const ChromeValue *ph = &a[CHROME_PH];
  return ph->eType==CHROME_TEXT && ph->n==1 && ph->z[0] && strchr(zPh, ph->z[0])!=0;
}

/* The finite double v as JSON into zBuf (at least 32 bytes): the shortest
** of 15, 16 or 17 significant digits that reads back as v (of 1 to 17 for
** a subnormal, which holds fewer than 15: 5e-324, not 4.94065645841247e-324;
** a normal double's shortest text of fewer digits is what %.15g prints,
** its zeros dropped), the locale's
** decimal point (snprintf and strtod both use it) written as '.', and
** ".0" added to what would read as an integer.  Returns its length. */
static size_t real_text(double v, char *zBuf){
  char aTmp[40];
  int nDigit, bPoint = 0, bExp = 0;
  size_t i, n = 0;
  for(nDigit = v!=0.0 && fabs(v)<DBL_MIN ? 1 : 15; nDigit<17; nDigit++){
    snprintf(aTmp, sizeof(aTmp), "%.*g", nDigit, v);
    if( strtod(aTmp, 0)==v ) break;
  }
  if( nDigit==17 ) snprintf(aTmp, sizeof(aTmp), "%.17g", v);
  for(i=0; aTmp[i]; i++){
    char c = aTmp[i];
    if( (c>='0' && c<='9') || c=='-' || c=='+' ){
      zBuf[n++] = c;
    }else if( c=='e' ){
      zBuf[n++] = 'e';
      bExp = 1;
    }else if( !bPoint ){
      zBuf[n++] = '.';     /* the decimal point, in any locale (several bytes in some) */
      bPoint = 1;
    }
  }
  if( !bPoint && !bExp ){
    zBuf[n++] = '.';
    zBuf[n++] = '0';
  }
  return n;
}

/* Is the column iCol of row a written? */
static int ct_written(const ChromeValue *a, int iCol){
  const ChromeValue *v = &a[iCol];
  if( v->eType==CHROME_NULL || (v->eType==CHROME_REAL && isnan(v->r)) ) return 0;
  if( iCol==CHROME_DUR && ph_is(a, "Bb") ) return 0;     /* trace_events' time to the E (e) */
  return 1;
}

/* Is z[0..n) a JSON integer ("0", "-12"; no leading zero, no sign +)? */
static int integer_text(const char *z, size_t n){
  size_t i = (n>0 && z[0]=='-') ? 1 : 0;
  if( i>=n || (z[i]=='0' && n>i+1) ) return 0;
  for(; i<n; i++){
    if( z[i]<'0' || z[i]>'9' ) return 0;
  }
  return 1;
}

/* Append the value of one column (not extra). */
static int ct_put_value(ChromeTrace *t, const ChromeValue *v, int iCol){
  char aNum[40];
  switch( v->eType ){
    case CHROME_INTEGER:
      return ct_put(t, aNum, (size_t)snprintf(aNum, sizeof(aNum), "%lld", (long long)v->i));
    case CHROME_REAL:
      if( isinf(v->r) ) return ct_put(t, v->r<0 ? "-1e999" : "1e999", v->r<0 ? 6 : 5);
      return ct_put(t, aNum, real_text(v->r, aNum));
    default:
      if( iCol==CHROME_ID && integer_text(v->z, v->n) ) return ct_put(t, v->z, v->n);
      if( iCol!=CHROME_ARGS ) return ct_put_string(t, v->z, v->n);
      {
        /* checked to be one object: from its '{' to its '}' */
        size_t i = 0, n = v->n;
        while( v->z[i]!='{' ) i++;
        while( v->z[n-1]!='}' ) n--;
        return ct_put(t, v->z + i, n - i);
      }
  }
}

static void extra_member(void *pArg, size_t iKey, size_t nKey, size_t iValue, size_t iEnd){
  ExtraMembers *x = (ExtraMembers*)pArg;
  int iCol;
  if( x->nMember++==0 ) x->iFirst = iKey;
  x->iEndBefore = x->iEnd;
  x->iEnd = iEnd;
  x->iLastKey = iKey;
  x->nLastKey = nKey;
  x->iLastValue = iValue;
  for(iCol=0; iCol<CHROME_EXTRA && x->iTwice<0; iCol++){
    if( (x->mWritten & (1u<<iCol)) && json_key_is(x->z + iKey, nKey, azKey[iCol]) ) x->iTwice = iCol;
  }
}

/* Where extra's members end once a last "unmatched":true that
** trace_events added to a B, E, b or e event is left out. */
static size_t extra_end(const ExtraMembers *x, const ChromeValue *a){
  if( ph_is(a, "BEbe") && json_key_is(x->z + x->iLastKey, x->nLastKey, "unmatched")
   && x->iEnd - x->iLastValue==4 && memcmp(x->z + x->iLastValue, "true", 4)==0 ){
    return x->nMember>1 ? x->iEndBefore : x->iFirst;
  }
  return x->iEnd;
}

/* The error zWhy of the row being added, into zErr. */
static int ct_bad(const ChromeTrace *t, char *zErr, size_t nErr, const char *zWhy){
  snprintf(zErr, nErr, "row %lld: %s", (long long)t->nRow + 1, zWhy);
  return CHROME_BADARG;
}

/* Check column iCol of a (args or extra): NULL, or the text of one JSON
** object, whose members x gathers (extra). */
static int ct_check_object(const ChromeTrace *t, const ChromeValue *v, int iCol, ExtraMembers *x,
                           char *zErr, size_t nErr){
  static const char *const azType[] = { "NULL", "an integer", "a real", "text", "a blob" };
  char aWhy[200];
  JsonError e;
  if( v->eType==CHROME_NULL ) return CHROME_OK;
  if( v->eType!=CHROME_TEXT ){
    snprintf(aWhy, sizeof(aWhy), "%s must be the text of a JSON object (or NULL), not %s",
             azKey[iCol], azType[v->eType]);
    return ct_bad(t, zErr, nErr, aWhy);
  }
  if( json_object_check(v->z, v->n, iCol==CHROME_EXTRA ? extra_member : 0, x, &e) ){
    snprintf(aWhy, sizeof(aWhy), "%s is not the text of one JSON object: byte %zu: %s",
             azKey[iCol], e.iByte, e.zWhy);
    return ct_bad(t, zErr, nErr, aWhy);
  }
  return CHROME_OK;
}

/* Check the types of row a and that args and extra are JSON objects;
** fills x with extra's members.  Returns CHROME_OK or CHROME_BADARG. */
static int ct_check(const ChromeTrace *t, const ChromeValue *a, ExtraMembers *x, char *zErr, size_t nErr){
  char aWhy[200];
  int iCol, rc;
  for(iCol=0; iCol<CHROME_ARGS; iCol++){
    if( a[iCol].eType==CHROME_BLOB ){
      snprintf(aWhy, sizeof(aWhy), "%s is a blob: give text, a number or NULL", azKey[iCol]);
      return ct_bad(t, zErr, nErr, aWhy);
    }
  }
  if( a[CHROME_ID].eType==CHROME_BLOB ) return ct_bad(t, zErr, nErr, "id is a blob: give text, a number or NULL");
  rc = ct_check_object(t, &a[CHROME_ARGS], CHROME_ARGS, x, zErr, nErr);
  if( rc==CHROME_OK ) rc = ct_check_object(t, &a[CHROME_EXTRA], CHROME_EXTRA, x, zErr, nErr);
  if( rc==CHROME_OK && x->iTwice>=0 ){
    snprintf(aWhy, sizeof(aWhy), "extra has the key \"%s\", which the %s argument gives too: "
             "leave one of them NULL", azKey[x->iTwice], azKey[x->iTwice]);
    rc = ct_bad(t, zErr, nErr, aWhy);
  }
  return rc;
}

/* Write the event of row a (checked), extra's members being x's. */
static int ct_put_event(ChromeTrace *t, const ChromeValue *a, const ExtraMembers *x){
  int iCol, rc, bFirst = 1;
  size_t iEnd;
  rc = ct_put(t, t->nRow ? ",\n{" : "\n{", t->nRow ? 3 : 2);
  for(iCol=0; rc==CHROME_OK && iCol<CHROME_EXTRA; iCol++){
    char aKey[16];
    if( !(x->mWritten & (1u<<iCol)) ) continue;
    rc = ct_put(t, aKey, (size_t)snprintf(aKey, sizeof(aKey), "%s\"%s\":", bFirst ? "" : ",", azKey[iCol]));
    if( rc==CHROME_OK ) rc = ct_put_value(t, &a[iCol], iCol);
    bFirst = 0;
  }
  iEnd = x->nMember ? extra_end(x, a) : 0;
  if( rc==CHROME_OK && iEnd>x->iFirst ){
    if( !bFirst ) rc = ct_put(t, ",", 1);
    if( rc==CHROME_OK ) rc = ct_put(t, x->z + x->iFirst, iEnd - x->iFirst);
  }
  if( rc==CHROME_OK ) rc = ct_put(t, "}", 1);
  return rc;
}

int chrome_trace_add(ChromeTrace *t, const ChromeValue *a, char *zErr, size_t nErr){
  ExtraMembers x;
  size_t n0 = t->b.n;
  int iCol, rc;
  memset(&x, 0, sizeof(x));
  x.z = a[CHROME_EXTRA].z;
  x.iTwice = -1;
  for(iCol=0; iCol<CHROME_EXTRA; iCol++){
    if( ct_written(a, iCol) ) x.mWritten |= 1u<<iCol;
  }
  rc = ct_check(t, a, &x, zErr, nErr);
  if( rc!=CHROME_OK ) return rc;
  if( t->b.n==0 ) rc = ct_put(t, CHROME_HEAD, sizeof(CHROME_HEAD) - 1);
  if( rc==CHROME_OK ) rc = ct_put_event(t, a, &x);
  if( rc!=CHROME_OK ){
    t->b.n = n0;                       /* the row leaves nothing */
    if( t->b.z ) t->b.z[n0] = 0;
    t->b.bOom = 0;                     /* a later row may fit (the caller stops anyway) */
    return rc;
  }
  t->nRow++;
  return CHROME_OK;
}

int chrome_trace_finish(ChromeTrace *t, char **pz, size_t *pn){
  int rc = CHROME_OK;
  *pz = 0;
  *pn = 0;
  if( t->b.n==0 ) rc = ct_put(t, CHROME_HEAD, sizeof(CHROME_HEAD) - 1);
  if( rc!=CHROME_OK ) return rc;
  text_buf_append(&t->b, CHROME_TAIL, sizeof(CHROME_TAIL) - 1);   /* ct_reserve kept room for it */
  *pn = t->b.n;
  *pz = t->b.z;
  memset(&t->b, 0, sizeof(t->b));
  return CHROME_OK;
}
