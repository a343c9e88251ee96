/*
** regexp.c: regular expressions for regexp(PATTERN, TEXT), with bounded
** work and memory and no dependence on the locale (no SQLite here).
**
**   SELECT detail FROM trace_events('t.json') WHERE detail REGEXP '^web_http_server::';
**
** The engine is PCRE2 (8-bit library, the interpreter; no JIT).  The mode
** is fixed, whatever the process's locale:
**
**   - UTF-8 with Unicode properties (PCRE2_UTF | PCRE2_UCP): `.` is one
**     character, `\w`, `\d`, `\s`, `\b`, [[:alpha:]] and (?i) follow
**     Unicode, as in Python's re on str.  PCRE2's character tables are
**     the ones built into the library (we never call pcre2_maketables(),
**     the only way the locale could get in).
**   - a pattern that is not valid UTF-8 is an invalid pattern; in the
**     text, bytes that are not valid UTF-8 match nothing, not even `.`
**     (PCRE2_MATCH_INVALID_UTF), while the valid text around them matches
**     as usual: regexp('a.c', 'a\xffc') is 0, regexp('c', 'a\xffc') is 1.
**   - `\C` (one byte of a character) is refused (PCRE2_NEVER_BACKSLASH_C).
**
** Limits.  PCRE2's match limit counts the work done from one starting
** position and starts again at zero at the next one, so on a long text a
** pattern that works hard but not too hard at every position (20-byte
** runs against (a*)*\1b) can run for hours under any limit that normal
** patterns can live with.  So the work is counted here, for the whole
** call: the pattern is compiled with PCRE2_AUTO_CALLOUT, which makes PCRE2
** call step_callout() before it tries each item of the pattern, and each
** call adds one step plus the characters the matcher moved over since the
** last one (what an item scanned in one go, possessively, is charged when
** the next item starts).  Two kinds of item can scan without moving on
** when they fail, so they are charged in advance: a counted repeat
** x{m,n} its minimum m, a back-reference the length of the longest group
** captured so far (times its minimum).  A character costs more than one
** step when the item that moved over it is long (item_weight(): a class
** of a thousand characters is searched entry by entry).  Past
** REGEXP_STEP_LIMIT steps the match stops with REGEXP_STEPS, within about
** 0.1-0.3 s on any text.  Since one item scans in one go before the next
** callout can charge it, an item may be at most REGEXP_ITEM_MAX bytes
** long: a longer one (a class of hundreds of characters) is an invalid
** pattern.  PCRE2's own limits stay as a second
** fence: the match limit at REGEXP_STEP_LIMIT, the depth (backtracking
** points alive at once) at REGEXP_DEPTH_LIMIT, the memory for them at
** REGEXP_HEAP_LIMIT_KIB.
**
** Memory comes from a RegexpAlloc through a PCRE2 general context, so an
** allocation that fails is told apart from everything else: REGEXP_NOMEM,
** never "no match" and never "invalid pattern".
*/
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regexp.h"

/* The longest item (a character, a class, an escape, with its repeat) a
** pattern may have; see check_item_lengths(). */
#define REGEXP_ITEM_MAX 1024

/* Bytes of an item's text that count as one more step per character it
** moves over (item_weight()). */
#define REGEXP_WEIGHT_BYTES 32

/* PCRE2's options: the mode described above. */
#define REGEXP_COMPILE_OPTIONS (PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | \
                                PCRE2_NEVER_BACKSLASH_C | PCRE2_AUTO_CALLOUT)

struct Regexp {
  RegexpAlloc alloc;                 /* where memory comes from */
  int bNoMem;                        /* an allocation failed since the last reset */
  pcre2_general_context *pGen;       /* allocation through alloc */
  pcre2_code *pCode;                 /* the compiled pattern */
  pcre2_match_context *pMatchCtx;    /* the limits and step_callout() */
  pcre2_match_data *pData;           /* kept between calls (its frames too) */
  const char *zPattern;              /* the pattern's text (a copy), for the charges */
  size_t nPattern;
  uint64_t nStep;                    /* steps of the current call */
  size_t iLastPos;                   /* text offset at the previous callout */
  uint64_t nLastWeight;              /* item_weight() of the item tried there */
  char zErr[REGEXP_ERR_MAX];         /* message of a REGEXP_FAILED */
};

static void *default_malloc(size_t n, void *pArg){
  (void)pArg;
  return malloc(n);
}
static void default_free(void *p, void *pArg){
  (void)pArg;
  free(p);
}

/* PCRE2's allocation functions: pArg is the Regexp. */
static void *regexp_malloc(PCRE2_SIZE n, void *pArg){
  Regexp *pRe = pArg;
  void *p = pRe->alloc.xMalloc(n, pRe->alloc.pArg);
  if( p==0 ) pRe->bNoMem = 1;
  return p;
}
static void regexp_free_mem(void *p, void *pArg){
  Regexp *pRe = pArg;
  if( p ) pRe->alloc.xFree(p, pRe->alloc.pArg);
}

/* The minimum count of the counted repeat {m}, {m,} or {m,n} that ends the
** item z[0..n) (a possessive + or lazy ? may follow), or 1 when the item
** has none.  The braces of an escape such as \x{41} or \g{12} are not a
** repeat. */
static uint64_t repeat_minimum(const char *z, size_t n){
  size_t i, iOpen;
  uint64_t m = 0;
  if( n>0 && (z[n-1]=='+' || z[n-1]=='?') ) n--;
  if( n<3 || z[n-1]!='}' ) return 1;
  for(iOpen=n-1; iOpen>0 && z[iOpen]!='{'; iOpen--){}
  if( z[iOpen]!='{' || (iOpen==2 && z[0]=='\\') ) return 1;
  for(i=iOpen+1; i<n-1 && z[i]>='0' && z[i]<='9'; i++) m = m*10 + (uint64_t)(z[i]-'0');
  if( i==iOpen+1 || (z[i]!=',' && z[i]!='}') || m>65535 ) return 1;
  return m ? m : 1;
}

/* Is the item z[0..n) a back-reference: \1, \g..., \k..., (?P=name)? */
static int is_backref(const char *z, size_t n){
  if( n>=2 && z[0]=='\\' ){
    return (z[1]>='1' && z[1]<='9') || z[1]=='g' || z[1]=='k';
  }
  return n>=4 && memcmp(z, "(?P=", 4)==0;
}

/* The length of the longest group captured so far at callout pBlock. */
static uint64_t longest_capture(const pcre2_callout_block *pBlock){
  uint64_t nMax = 0;
  uint32_t i;
  for(i=1; i<pBlock->capture_top; i++){
    PCRE2_SIZE s = pBlock->offset_vector[2*i], e = pBlock->offset_vector[2*i+1];
    if( s!=PCRE2_UNSET && e!=PCRE2_UNSET && e>s && e-s>nMax ) nMax = e - s;
  }
  return nMax;
}

/* What trying the next item at callout pBlock may cost beyond one step,
** when it fails without moving on (see the header comment). */
static uint64_t item_charge(const Regexp *pRe, const pcre2_callout_block *pBlock){
  const char *z;
  size_t n = pBlock->next_item_length;
  if( pBlock->callout_number!=255 || n==0 || pBlock->pattern_position+n>pRe->nPattern ) return 0;
  z = pRe->zPattern + pBlock->pattern_position;
  if( z[0]==')' ) return 0;   /* a group's repeat: its items have their own callouts */
  if( is_backref(z, n) ) return longest_capture(pBlock) * repeat_minimum(z, n);
  return repeat_minimum(z, n) - 1;
}

/* Steps one character costs the item at callout pBlock: 1, or more for a
** long item (a class with many ranges is searched range by range). */
static uint64_t item_weight(const pcre2_callout_block *pBlock){
  return 1 + pBlock->next_item_length / REGEXP_WEIGHT_BYTES;
}

/* PCRE2 calls this before each item of the pattern: count the step, stop
** the match past the limit (a negative result ends pcre2_match() with it). */
static int step_callout(pcre2_callout_block *pBlock, void *pArg){
  Regexp *pRe = pArg;
  size_t iPos = pBlock->current_position;
  uint64_t nMoved = iPos>pRe->iLastPos ? iPos - pRe->iLastPos : pRe->iLastPos - iPos;
  uint64_t nWeight = item_weight(pBlock);
  pRe->nStep += 1 + nMoved*pRe->nLastWeight + item_charge(pRe, pBlock)*nWeight;
  pRe->iLastPos = iPos;
  pRe->nLastWeight = nWeight;
  return pRe->nStep>REGEXP_STEP_LIMIT ? PCRE2_ERROR_MATCHLIMIT : 0;
}

/* The match context: the limits and the callout. */
static int regexp_make_match_context(Regexp *pRe){
  pRe->pMatchCtx = pcre2_match_context_create(pRe->pGen);
  if( pRe->pMatchCtx==0 ) return REGEXP_NOMEM;
  if( pcre2_set_match_limit(pRe->pMatchCtx, REGEXP_STEP_LIMIT)
   || pcre2_set_depth_limit(pRe->pMatchCtx, REGEXP_DEPTH_LIMIT)
   || pcre2_set_heap_limit(pRe->pMatchCtx, REGEXP_HEAP_LIMIT_KIB)
   || pcre2_set_callout(pRe->pMatchCtx, step_callout, pRe) ){
    return REGEXP_FAILED;
  }
  pRe->pData = pcre2_match_data_create(1, pRe->pGen);
  return pRe->pData ? REGEXP_OK : REGEXP_NOMEM;
}

/* pcre2_callout_enumerate() callback: stop at the first item longer than
** REGEXP_ITEM_MAX bytes, remembering where it starts (pArg: a size_t[2]). */
static int find_long_item(pcre2_callout_enumerate_block *pBlock, void *pArg){
  size_t *a = pArg;
  if( pBlock->next_item_length<=REGEXP_ITEM_MAX ) return 0;
  a[0] = pBlock->pattern_position;
  a[1] = pBlock->next_item_length;
  return 1;
}

/* Refuse a pattern with an item longer than REGEXP_ITEM_MAX bytes: one
** item scans the text in one go before any callout can stop it, at a cost
** per character that grows with its length.  Returns REGEXP_OK or
** REGEXP_INVALID (reason in zErr). */
static int check_item_lengths(const Regexp *pRe, char *zErr){
  size_t a[2] = {0, 0};
  if( pcre2_callout_enumerate(pRe->pCode, find_long_item, a)==0 ) return REGEXP_OK;
  snprintf(zErr, REGEXP_ERR_MAX, "the item at byte %zu is %zu bytes long (a character class?): "
           "the limit is %d", a[0], a[1], REGEXP_ITEM_MAX);
  return REGEXP_INVALID;
}

/* Compile z[0..n) into pRe->pCode.  Returns REGEXP_OK, REGEXP_NOMEM or
** REGEXP_INVALID (reason in zErr). */
static int regexp_compile_code(Regexp *pRe, const char *z, size_t n, char *zErr){
  int iErr = 0;
  PCRE2_SIZE iOffset = 0;
  pcre2_compile_context *pCompileCtx = pcre2_compile_context_create(pRe->pGen);
  if( pCompileCtx==0 ) return REGEXP_NOMEM;
  pRe->pCode = pcre2_compile((PCRE2_SPTR)z, n, REGEXP_COMPILE_OPTIONS, &iErr, &iOffset, pCompileCtx);
  pcre2_compile_context_free(pCompileCtx);
  if( pRe->pCode ) return check_item_lengths(pRe, zErr);
  if( pRe->bNoMem || iErr==PCRE2_ERROR_HEAP_FAILED ) return REGEXP_NOMEM;
  if( pcre2_get_error_message(iErr, (PCRE2_UCHAR*)zErr, REGEXP_ERR_MAX)<0 ){
    snprintf(zErr, REGEXP_ERR_MAX, "PCRE2 error %d", iErr);
  }
  snprintf(zErr + strlen(zErr), REGEXP_ERR_MAX - strlen(zErr), " at byte %zu", (size_t)iOffset);
  return REGEXP_INVALID;
}

int regexp_compile(const char *z, size_t n, const RegexpAlloc *pAlloc, Regexp **ppRe, char *zErr){
  static const RegexpAlloc sDefault = { default_malloc, default_free, 0 };
  Regexp *pRe;
  char *zCopy;
  int rc;
  *ppRe = 0;
  zErr[0] = 0;
  if( pAlloc==0 ) pAlloc = &sDefault;
  if( n>SIZE_MAX - sizeof(*pRe) - 1 ) return REGEXP_NOMEM;
  pRe = pAlloc->xMalloc(sizeof(*pRe) + n + 1, pAlloc->pArg);
  if( pRe==0 ) return REGEXP_NOMEM;
  memset(pRe, 0, sizeof(*pRe));
  pRe->alloc = *pAlloc;
  zCopy = (char*)(pRe + 1);
  if( n ) memcpy(zCopy, z, n);
  zCopy[n] = 0;
  pRe->zPattern = zCopy;
  pRe->nPattern = n;
  pRe->pGen = pcre2_general_context_create(regexp_malloc, regexp_free_mem, pRe);
  rc = pRe->pGen ? regexp_compile_code(pRe, zCopy, n, zErr) : REGEXP_NOMEM;
  if( rc==REGEXP_OK ) rc = regexp_make_match_context(pRe);
  if( rc!=REGEXP_OK ){
    regexp_free(pRe);
    return rc;
  }
  *ppRe = pRe;
  return REGEXP_OK;
}

int regexp_match(Regexp *pRe, const char *z, size_t n){
  int rc;
  pRe->nStep = 0;
  pRe->iLastPos = 0;
  pRe->nLastWeight = 1;
  pRe->bNoMem = 0;
  rc = pcre2_match(pRe->pCode, (PCRE2_SPTR)(z ? z : ""), n, 0, 0, pRe->pData, pRe->pMatchCtx);
  if( rc>=0 ) return REGEXP_MATCH;
  switch( rc ){
    case PCRE2_ERROR_NOMATCH:    return REGEXP_NOMATCH;
    case PCRE2_ERROR_MATCHLIMIT: return REGEXP_STEPS;
    case PCRE2_ERROR_DEPTHLIMIT: return REGEXP_DEPTH;
    case PCRE2_ERROR_HEAPLIMIT:  return pRe->bNoMem ? REGEXP_NOMEM : REGEXP_HEAP;
    case PCRE2_ERROR_NOMEMORY:   return REGEXP_NOMEM;
  }
  if( pRe->bNoMem ) return REGEXP_NOMEM;
  if( pcre2_get_error_message(rc, (PCRE2_UCHAR*)pRe->zErr, sizeof(pRe->zErr))<0 ){
    snprintf(pRe->zErr, sizeof(pRe->zErr), "PCRE2 error %d", rc);
  }
  return REGEXP_FAILED;
}

/* The limits as text: the numbers come from regexp.h. */
#define REGEXP_STR_(x) #x
#define REGEXP_STR(x) REGEXP_STR_(x)

const char *regexp_errmsg(const Regexp *pRe, int rc){
  switch( rc ){
    case REGEXP_NOMEM:
      return "out of memory";
    case REGEXP_STEPS:
      return "match limit exceeded: more than " REGEXP_STR(REGEXP_STEP_LIMIT) " steps on this "
             "text (nested or overlapping repeats backtrack; make them unambiguous)";
    case REGEXP_DEPTH:
      return "depth limit exceeded: more than " REGEXP_STR(REGEXP_DEPTH_LIMIT) " backtracking "
             "points at once (a group repeated over a long text; try a possessive *+ or an atomic group)";
    case REGEXP_HEAP:
      return "heap limit exceeded: more than " REGEXP_STR(REGEXP_HEAP_LIMIT_KIB) " KiB for "
             "backtracking points (fewer capturing groups, or a possessive *+)";
    case REGEXP_FAILED:
      return pRe ? pRe->zErr : "matching failed";
  }
  return "no error";
}

void regexp_free(Regexp *pRe){
  RegexpAlloc alloc;
  if( pRe==0 ) return;
  pcre2_match_data_free(pRe->pData);
  pcre2_match_context_free(pRe->pMatchCtx);
  pcre2_code_free(pRe->pCode);
  pcre2_general_context_free(pRe->pGen);
  alloc = pRe->alloc;
  alloc.xFree(pRe, alloc.pArg);
}
