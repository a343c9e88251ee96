/*
** regexp.h: regular expressions with bounded work and no locale (regexp.c).
**
**   Regexp *pRe;
**   char zErr[REGEXP_ERR_MAX];
**   int rc = regexp_compile("^web_http_server::", 18, 0, &pRe, zErr);
**   if( rc==REGEXP_OK ){
**     rc = regexp_match(pRe, zText, nText);   -- 1, 0, or REGEXP_STEPS...
**     regexp_free(pRe);
**   }
**
** Patterns are PCRE2's syntax (Perl's) in UTF-8 mode with Unicode
** properties (\w, \d, \b and [[:alpha:]] know every script, like Python's
** re on str); see regexp.c for the rules and the limits.
*/
#ifndef TIMETRACE_REGEXP_H
#define TIMETRACE_REGEXP_H
#include <stddef.h>

/* Work one match may do: steps of the matcher (an item of the pattern
** tried, a character it moves over; see regexp.c).  At about 10-30 ns a
** step, 0.1-0.3 s at most, whatever the text and the pattern. */
#define REGEXP_STEP_LIMIT      10000000
/* Backtracking points alive at once (a group repeated over a long text
** keeps one per repetition). */
#define REGEXP_DEPTH_LIMIT     100000
/* Memory for those backtracking points, in KiB. */
#define REGEXP_HEAP_LIMIT_KIB  32768

/* Bytes of the buffer regexp_compile() writes its error message into. */
#define REGEXP_ERR_MAX 160

/* Results.  regexp_match() returns MATCH or NOMATCH, or a negative code. */
#define REGEXP_MATCH    1
#define REGEXP_NOMATCH  0
#define REGEXP_OK       0     /* regexp_compile(): compiled */
#define REGEXP_NOMEM   (-1)   /* an allocation failed */
#define REGEXP_INVALID (-2)   /* regexp_compile(): not a valid pattern */
#define REGEXP_STEPS   (-3)   /* REGEXP_STEP_LIMIT reached */
#define REGEXP_DEPTH   (-4)   /* REGEXP_DEPTH_LIMIT reached */
#define REGEXP_HEAP    (-5)   /* REGEXP_HEAP_LIMIT_KIB reached */
#define REGEXP_FAILED  (-6)   /* any other error of the matcher */

/* Where a Regexp gets its memory: xMalloc returns NULL when out of memory.
** A NULL RegexpAlloc means malloc() and free(). */
typedef struct RegexpAlloc {
  void *(*xMalloc)(size_t nByte, void *pArg);
  void (*xFree)(void *p, void *pArg);
  void *pArg;
} RegexpAlloc;

typedef struct Regexp Regexp;

/* Compile the pattern z[0..n) (NUL bytes allowed).  Returns REGEXP_OK and
** sets *ppRe (free it with regexp_free()); else *ppRe is NULL and the
** result is REGEXP_NOMEM, or REGEXP_INVALID with the reason written into
** zErr (REGEXP_ERR_MAX bytes, e.g. "missing closing parenthesis at byte 3"). */
int regexp_compile(const char *z, size_t n, const RegexpAlloc *pAlloc, Regexp **ppRe, char *zErr);

/* Does the text z[0..n) (any bytes) contain a match of pRe?  Returns
** REGEXP_MATCH, REGEXP_NOMATCH, or REGEXP_STEPS, REGEXP_DEPTH, REGEXP_HEAP,
** REGEXP_NOMEM, REGEXP_FAILED.  pRe keeps state: one thread at a time. */
int regexp_match(Regexp *pRe, const char *z, size_t n);

/* What the error code rc of regexp_match() means, for a person: a static
** string, or for REGEXP_FAILED the matcher's message kept in pRe. */
const char *regexp_errmsg(const Regexp *pRe, int rc);

void regexp_free(Regexp *pRe);

#endif
