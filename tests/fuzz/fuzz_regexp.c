/*
** fuzz_regexp.c: libFuzzer target for ext/regexp.c: any pattern against any
** text ends within a time bound, with an answer or a limit's error.
**
** Build with `make fuzz`, run
**     build/fuzz/fuzz_regexp -max_len=512 -timeout=60 -dict=tests/fuzz/regexp.dict build/fuzz/corpus_regexp
** (libFuzzer's -timeout is wall-clock time for the whole input, three
** matches in a sanitized build: on a loaded machine give it room; the
** bound that matters, CPU time per call, is checked here.)
** The first byte is the pattern's length (at most the rest of the input);
** the pattern follows, then the text.  The second byte, when its top bit is
** set, repeats the text 2^(bits 0-3) times (at most 1 MB), so the fuzzer
** reaches the long texts where backtracking and rescans cost most.  Checks:
** - compiling gives a Regexp or REGEXP_INVALID with a message (malloc
**   does not fail here: REGEXP_NOMEM would be a bug);
** - matching gives MATCH, NOMATCH or a limit (STEPS, DEPTH, HEAP), or
**   REGEXP_FAILED for a recursion that loops ((?R) at the same place),
**   never another error, and takes at most TIME_BOUND seconds of CPU;
** - the same text gives the same answer again after another text
**   (no state leaks from one call into the next).
*/
#include "regexp.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* CPU seconds one match may take here: the limits stop a match in about
** 0.15 s in an optimized build; ASan and UBSan make it a few times slower. */
#define TIME_BOUND 2.0

/* The longest text a repeated input makes. */
#define TEXT_MAX (1 << 20)

static double cpu_seconds(void){
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec*1e-9;
}

/* Is rc PCRE2's one error of the pattern found while matching: a recursion
** that calls itself at the same place, (?R) in ^(?R)? */
static int is_recursion_loop(const Regexp *pRe, int rc){
  return rc==REGEXP_FAILED
      && strcmp(regexp_errmsg(pRe, rc), "nested recursion at the same subject position")==0;
}

/* Match, check the result and the time taken; return the result. */
static int timed_match(Regexp *pRe, const char *z, size_t n){
  double t0 = cpu_seconds();
  int rc = regexp_match(pRe, z, n);
  double t = cpu_seconds() - t0;
  if( rc!=REGEXP_MATCH && rc!=REGEXP_NOMATCH && rc!=REGEXP_STEPS
   && rc!=REGEXP_DEPTH && rc!=REGEXP_HEAP && !is_recursion_loop(pRe, rc) ){
    fprintf(stderr, "regexp_match: unexpected %d: %s\n", rc, regexp_errmsg(pRe, rc));
    abort();
  }
  if( t>TIME_BOUND ){
    fprintf(stderr, "regexp_match: %.2f s of CPU on %zu bytes (result %d)\n", t, n, rc);
    abort();
  }
  return rc;
}

/* The text: z[0..n) repeated as byte b asks (see above); malloc()ed. */
static char *repeated_text(const uint8_t *z, size_t n, uint8_t b, size_t *pnText){
  size_t nCopy = (b & 0x80) ? (size_t)1 << (b & 15) : 1, i;
  char *zText;
  if( n==0 ) nCopy = 1;
  while( nCopy>1 && n*nCopy>TEXT_MAX ) nCopy /= 2;
  zText = malloc(n*nCopy + 1);
  if( zText==0 ) abort();
  for(i=0; i<nCopy; i++) memcpy(zText + i*n, z, n);
  *pnText = n*nCopy;
  return zText;
}

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData){
  Regexp *pRe = 0;
  char zErr[REGEXP_ERR_MAX];
  size_t nPat, nText;
  char *zText;
  int rc, rc2;
  if( nData<2 ) return 0;
  nPat = aData[0];
  if( nPat>nData-2 ) nPat = nData-2;
  rc = regexp_compile((const char*)aData+2, nPat, 0, &pRe, zErr);
  if( rc==REGEXP_INVALID ){
    if( pRe!=0 || zErr[0]==0 || memchr(zErr, 0, REGEXP_ERR_MAX)==0 ) abort();
    return 0;
  }
  if( rc!=REGEXP_OK || pRe==0 ) abort();
  zText = repeated_text(aData+2+nPat, nData-2-nPat, aData[1], &nText);
  rc = timed_match(pRe, zText, nText);
  timed_match(pRe, (const char*)aData+2, nPat);      /* another text between */
  rc2 = timed_match(pRe, zText, nText);
  if( rc!=rc2 ){
    fprintf(stderr, "regexp_match: %d, then %d on the same text\n", rc, rc2);
    abort();
  }
  free(zText);
  regexp_free(pRe);
  return 0;
}
