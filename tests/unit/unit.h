/*
** unit.h: the smallest test harness that works for timetrace's C unit tests.
**
** A test file includes this header, calls CHECK / CHECK_STR as often as it
** likes and ends main() with `return unit_report();`, which prints the
** line "N passed, M failed" that tests/run.sh adds up, and returns
** non-zero when anything failed.  Every failure is printed with its file
** and line, so the first failing check is easy to find.
*/
#ifndef TIMETRACE_UNIT_H
#define TIMETRACE_UNIT_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_nPass = 0;
static int unit_nFail = 0;

#define CHECK(cond) do { \
  if( cond ){ unit_nPass++; } \
  else { unit_nFail++; fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond); } \
} while(0)

/* Compare two C strings (NULL allowed) and show both when they differ. */
#define CHECK_STR(got, want) do { \
  const char *g_ = (got), *w_ = (want); \
  if( (g_==0 && w_==0) || (g_ && w_ && strcmp(g_, w_)==0) ){ unit_nPass++; } \
  else { unit_nFail++; fprintf(stderr, "%s:%d: FAIL: %s\n  got:  %s\n  want: %s\n", \
         __FILE__, __LINE__, #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } \
} while(0)

/* Read the file zDir/zName (zDir may be NULL) into memory.  Returns a
** malloc()ed copy and its size in *pn, or NULL. */
static inline char *unit_read_file(const char *zDir, const char *zName, size_t *pn){
  char zPath[4096];
  FILE *f;
  char *a;
  long n;
  snprintf(zPath, sizeof(zPath), "%s%s%s", zDir ? zDir : "", zDir ? "/" : "", zName);
  f = fopen(zPath, "rb");
  if( f==0 ) return 0;
  if( fseek(f, 0, SEEK_END) || (n = ftell(f))<0 || fseek(f, 0, SEEK_SET) ){ fclose(f); return 0; }
  a = malloc((size_t)n + 1);
  if( a && fread(a, 1, (size_t)n, f)!=(size_t)n ){ free(a); a = 0; }
  fclose(f);
  *pn = (size_t)n;
  return a;
}

static int unit_report(void){
  printf("%d passed, %d failed\n", unit_nPass, unit_nFail);
  return unit_nFail ? 1 : 0;
}
#endif
