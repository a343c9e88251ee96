/*
** test_regexp.c: unit tests of ext/regexp.c: the mode, the limits, the
** errors and out-of-memory.
**
** - matches in UTF-8 mode, NUL bytes in text and pattern, the rule for
**   invalid UTF-8 in the text (it matches nothing, the rest as usual);
** - invalid patterns give REGEXP_INVALID and the compiler's reason;
** - each limit is reached by the input that should reach it, quickly:
**   steps (the (a*)*\1b, and 1 MB texts that PCRE2's per-position
**   match limit alone lets run for hours), depth, heap, item length;
** - a failing allocator: every allocation of compile and match made to fail
**   in turn gives REGEXP_NOMEM (or a result, when the allocation was not
**   needed), never a wrong answer; ASan in the sanitizer pass sees leaks.
** Answers to ordinary patterns are checked against Python's re in
** tests/oracle/regexp_oracle.py; here only what Python cannot decide.
*/
#include "unit.h"
#include "regexp.h"

#include <time.h>

/* Match pattern zPat against z[0..n) with malloc/free. */
static int match_bytes(const char *zPat, size_t nPat, const char *z, size_t n){
  Regexp *pRe = 0;
  char zErr[REGEXP_ERR_MAX];
  int rc = regexp_compile(zPat, nPat, 0, &pRe, zErr);
  if( rc!=REGEXP_OK ){
    fprintf(stderr, "cannot compile %s: %s\n", zPat, zErr);
    return -100;
  }
  rc = regexp_match(pRe, z, n);
  regexp_free(pRe);
  return rc;
}

static int match(const char *zPat, const char *z){
  return match_bytes(zPat, strlen(zPat), z, strlen(z));
}

static double seconds(void){
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);   /* work, not the load of the machine */
  return (double)t.tv_sec + (double)t.tv_nsec*1e-9;
}

/* UTF-8 mode: `.` is a character; Unicode classes; NUL bytes are bytes. */
static void test_mode(void){
  CHECK(match("^.$", "\xc3\xa9")==REGEXP_MATCH);            /* é is one character */
  CHECK(match("^..$", "\xc3\xa9")==REGEXP_NOMATCH);
  CHECK(match("^\\w$", "\xc3\xa9")==REGEXP_MATCH);          /* \w knows é (UCP) */
  CHECK(match("^\\d$", "\xd9\xa3")==REGEXP_MATCH);          /* ARABIC-INDIC DIGIT THREE */
  CHECK(match("(?i)^\xc3\x89t\xc3\xa9$", "\xc3\xa9T\xc3\x89")==REGEXP_MATCH);  /* Été, éTÉ */
  CHECK(match("[[:alpha:]]", "\xce\xbb")==REGEXP_MATCH);    /* λ */
  CHECK(match_bytes("a\0b", 3, "xa\0b", 4)==REGEXP_MATCH);   /* NUL in both */
  CHECK(match_bytes("a\0b", 3, "xa\0c", 4)==REGEXP_NOMATCH);
  CHECK(match_bytes("^a.b$", 5, "a\0b", 3)==REGEXP_MATCH);   /* `.` matches NUL */
  CHECK(match("", "")==REGEXP_MATCH);
  CHECK(match_bytes("x", 1, 0, 0)==REGEXP_NOMATCH);          /* no text at all */
}

/* Invalid UTF-8 in the text matches nothing, not even `.`; the valid text
** around it matches as usual. */
static void test_invalid_utf8_text(void){
  CHECK(match("a.c", "a\xff" "c")==REGEXP_NOMATCH);
  CHECK(match("c", "a\xff" "c")==REGEXP_MATCH);
  CHECK(match("^a", "a\xff")==REGEXP_MATCH);
  CHECK(match("a$", "a\xc3")==REGEXP_NOMATCH);               /* truncated é ends the text */
  CHECK(match("\\xff", "\xff")==REGEXP_NOMATCH);             /* U+00FF is not the byte FF */
  CHECK(match("[^a]", "\xed\xa0\x80")==REGEXP_NOMATCH);      /* an encoded surrogate */
}

/* Invalid patterns: REGEXP_INVALID and the reason with its byte. */
static void test_invalid_patterns(void){
  static const struct { const char *zPat; const char *zWant; } a[] = {
    { "a(b",       "missing closing parenthesis at byte 3" },
    { "a)",        "unmatched closing parenthesis at byte 1" },
    { "*a",        "quantifier does not follow a repeatable item at byte 0" },
    { "[b-a]",     "range out of order in character class at byte 3" },
    { "\\C",       "using \\C is disabled by the application at byte 2" },
    { "\xff",      "UTF-8 error: illegal byte (0xfe or 0xff) at byte 0" },
    { "(?<n>a)\\k<m>", "reference to non-existent subpattern at byte 10" },
  };
  size_t i;
  for(i=0; i<sizeof(a)/sizeof(a[0]); i++){
    Regexp *pRe = (Regexp*)&pRe;
    char zErr[REGEXP_ERR_MAX];
    CHECK(regexp_compile(a[i].zPat, strlen(a[i].zPat), 0, &pRe, zErr)==REGEXP_INVALID);
    CHECK(pRe==0);
    CHECK_STR(zErr, a[i].zWant);
  }
}

/* An item longer than REGEXP_ITEM_MAX bytes is refused; one at the limit
** is not. */
static void test_item_length(void){
  char zPat[2100];
  Regexp *pRe = 0;
  char zErr[REGEXP_ERR_MAX];
  memset(zPat, 'a', sizeof(zPat));
  zPat[0] = '[';
  zPat[1024-1] = ']';                     /* a class of exactly 1024 bytes */
  CHECK(regexp_compile(zPat, 1024, 0, &pRe, zErr)==REGEXP_OK);
  regexp_free(pRe);
  zPat[1024-1] = 'a';
  zPat[1025-1] = ']';                     /* 1025 bytes */
  CHECK(regexp_compile(zPat, 1025, 0, &pRe, zErr)==REGEXP_INVALID);
  CHECK_STR(zErr, "the item at byte 0 is 1025 bytes long (a character class?): the limit is 1024");
}

/* A text of n bytes: runs of nRun 'a's each followed by cEnd, then zTail. */
static char *runs(size_t n, size_t nRun, char cEnd, const char *zTail, size_t *pn){
  size_t i, nTail = strlen(zTail);
  char *z = malloc(n + nTail + 1);
  if( z==0 ) abort();
  for(i=0; i<n; i++) z[i] = (i % (nRun+1))==nRun ? cEnd : 'a';
  memcpy(z+n, zTail, nTail + 1);
  *pn = n + nTail;
  return z;
}

/* Match zPat against z[0..n); check the result is rcWant within 1 s of CPU. */
static void check_bounded(const char *zPat, const char *z, size_t n, int rcWant){
  double t0 = seconds();
  int rc = match_bytes(zPat, strlen(zPat), z, n);
  double t = seconds() - t0;
  CHECK(rc==rcWant);
  CHECK(t<1.0);
  if( rc!=rcWant || t>=1.0 || getenv("TT_REGEXP_TIMES") ){
    fprintf(stderr, "  %.60s on %zu bytes: %d in %.3f s of CPU, want %d\n", zPat, n, rc, t, rcWant);
  }
}

/* The limits: each reached by the input meant to reach it, within 1 s of CPU. */
static void test_limits(void){
  size_t n;
  char *z;
  /* the inputs: no 'b' in the text, PCRE2 knows there is no match */
  z = runs(2000, 2000, 'a', "", &n);
  check_bounded("(a*)*\\1b", z, 500, REGEXP_NOMATCH);
  check_bounded("(a*)*\\1b", z, 2000, REGEXP_NOMATCH);
  free(z);
  /* with a 'b' after: exponential backtracking from the first position */
  z = runs(500, 500, 'a', "cb", &n);
  check_bounded("(a*)*\\1b", z, n, REGEXP_STEPS);
  free(z);
  /* 1 MB of 20-byte runs: under PCRE2's limit at every position, hours in all */
  z = runs(1000000, 20, 'c', "b", &n);
  check_bounded("(a*)*\\1b", z, n, REGEXP_STEPS);
  free(z);
  /* 1 MB rescanned from every position (quadratic), one scan per item */
  z = runs(1000000, 1000000, 'a', "-YX", &n);
  check_bounded("[a-z]*-X", z, n, REGEXP_STEPS);
  check_bounded("(?>a*)-X", z, n, REGEXP_STEPS);
  free(z);
  /* a counted repeat that fails just short of its count, at every position */
  z = runs(1000000, 65534, 'b', "", &n);
  check_bounded("a{65535}", z, n, REGEXP_STEPS);
  free(z);
  /* a back-reference compared at length and failing at its end */
  z = runs(1000000, 50000, 'b', "xz", &n);
  check_bounded("(a+)b(?:\\1x|\\1y|\\1z)", z, n, REGEXP_STEPS);
  free(z);
  /* depth: a group repeated over 1 MB keeps a backtracking point each time */
  z = runs(1000000, 1000000, 'a', "", &n);
  check_bounded("^(?:a|b)*$", z, n, REGEXP_DEPTH);
  check_bounded("^(?:a|b)*+$", z, n, REGEXP_MATCH);    /* possessive: none kept */
  free(z);
  /* heap: 300 capturing groups make each backtracking point 4.8 KB */
  {
    char zPat[1000];
    int i;
    for(i=0; i<300; i++) memcpy(zPat + 2*i, "()", 2);
    strcpy(zPat + 600, "(?:a|b)*$");
    z = runs(20000, 20000, 'a', "", &n);
    check_bounded(zPat, z, n, REGEXP_HEAP);
    free(z);
  }
}

/* An allocator that fails the nFail-th allocation (counting from 1) and
** every one after, and counts what is still allocated. */
typedef struct FailAlloc {
  int nCall;        /* allocations asked for so far */
  int nFail;        /* the first that fails; 0: none */
  int nLive;        /* allocated and not yet freed */
} FailAlloc;

static void *fail_malloc(size_t n, void *pArg){
  FailAlloc *p = pArg;
  void *pMem;
  p->nCall++;
  if( p->nFail && p->nCall>=p->nFail ) return 0;
  pMem = malloc(n);
  if( pMem ) p->nLive++;
  return pMem;
}
static void fail_free(void *pMem, void *pArg){
  FailAlloc *p = pArg;
  if( pMem ) p->nLive--;
  free(pMem);
}

/* Compile and match with the k-th allocation failing, for every k until
** nothing fails: the result is the right one or REGEXP_NOMEM, and nothing
** stays allocated. */
static void check_nomem(const char *zPat, const char *z, size_t n, int rcWant){
  int k, bBad = 0, nNomem = 0;
  for(k=1; k<1000; k++){
    FailAlloc fa = { 0, k, 0 };
    RegexpAlloc alloc = { fail_malloc, fail_free, &fa };
    Regexp *pRe = 0;
    char zErr[REGEXP_ERR_MAX];
    int rc = regexp_compile(zPat, strlen(zPat), &alloc, &pRe, zErr);
    if( rc==REGEXP_OK ){
      rc = regexp_match(pRe, z, n);
      if( rc==REGEXP_NOMEM ) rc = regexp_match(pRe, z, n);   /* still failing */
      regexp_free(pRe);
    }
    if( rc==REGEXP_NOMEM ) nNomem++;
    else if( rc!=rcWant ) bBad = 1;
    if( fa.nLive!=0 ) bBad = 1;
    if( fa.nCall<k ) break;        /* nothing failed: all allocations seen */
  }
  CHECK(!bBad);
  CHECK(nNomem>0);
  CHECK(k<1000);
  if( bBad ) fprintf(stderr, "  out of memory on %s: wrong result or leak\n", zPat);
}

static void test_nomem(void){
  size_t n;
  char *z = runs(5000, 5000, 'a', "b", &n);
  check_nomem("^(\\w+::)*run$", "web_http_server::photos::run", 28, REGEXP_MATCH);
  check_nomem("x", "abc", 3, REGEXP_NOMATCH);
  check_nomem("^(?:a|b)*b$", z, n, REGEXP_MATCH);          /* frames grow: allocations in match */
  check_nomem("a(b", "ab", 2, REGEXP_INVALID);
  free(z);
  {
    /* the message for it, and the default one for other codes */
    CHECK_STR(regexp_errmsg(0, REGEXP_NOMEM), "out of memory");
    CHECK(strstr(regexp_errmsg(0, REGEXP_STEPS), "match limit exceeded")!=0);
  }
}

int main(void){
  test_mode();
  test_invalid_utf8_text();
  test_invalid_patterns();
  test_item_length();
  test_limits();
  test_nomem();
  return unit_report();
}
