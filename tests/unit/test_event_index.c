/*
** test_event_index.c: event_index.c (any event by its number) and
** tree_cache.c (trees shared between cursors), without SQLite.
**
** The oracle of a fetch is the scan: event_file_next gives every event of
** the file with its fields, number and offset; fetching event k from the
** index must give the same dump line (event_dump.h), in any order, with
** any subset of fields, for the object format, the array format, JSON
** Lines and gzip.  Also: numbers that are no event, files that cannot be
** indexed (the error of a scan), a file rewritten after indexing, and the
** tree cache's sharing rules.  $TT_DATA/tiny-v0.json (a real rustc trace)
** is used too when it is there.
*/
#include "event_index.h"
#include "event_dump.h"
#include "tree_cache.h"
#include "unit.h"
#include "unit_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

static char zTmpDir[] = "/tmp/tt_index_XXXXXX";

static const char *tmp_path(const char *zName){
  static char z[4][512];
  static int i;
  i = (i + 1) % 4;
  snprintf(z[i], sizeof(z[i]), "%s/%s", zTmpDir, zName);
  return z[i];
}

/* The dump line of each event of a scan, with the fields of mWant. */
static char **scan_lines(const char *zPath, unsigned mWant, int64_t *pn){
  EventReaderConfig cfg;
  EventFile *pFile;
  const TraceEvent *pEv;
  char zErr[TRACE_ERRMSG_MAX];
  char **az = 0;
  int64_t n = 0;
  memset(&cfg, 0, sizeof(cfg));
  cfg.mWant = mWant;
  if( event_file_open(zPath, &cfg, 0, &pFile, zErr, sizeof(zErr)) ){ fprintf(stderr, "%s\n", zErr); exit(2); }
  while( (pEv = event_file_next(pFile))!=0 ){
    Str s = {0};
    dump_event(&s, pEv);
    az = realloc(az, sizeof(char*)*(size_t)(n+1));
    if( az==0 ) exit(2);
    az[n++] = s.z;
  }
  event_file_close(pFile);
  *pn = n;
  return az;
}

/* Fetch every event of zPath from its index in a shuffled order and
** compare with the scan; also numbers that are no event. */
static void check_fetches(const char *zWhat, const char *zPath, unsigned mWant, int nThread){
  int64_t n, i, *aOrder;
  char **az = scan_lines(zPath, mWant, &n);
  EventIndex *p;
  char zErr[TRACE_ERRMSG_MAX];
  int nBad = 0;
  if( event_index_build(zPath, nThread, 0, &p, zErr, sizeof(zErr)) ){
    fprintf(stderr, "%s: %s\n", zWhat, zErr);
    CHECK(0);
    return;
  }
  CHECK(event_index_count(p)==n);
  aOrder = malloc(sizeof(int64_t)*(size_t)(n ? n : 1));
  for(i=0; i<n; i++) aOrder[i] = i + 1;
  for(i=n-1; i>0; i--){
    int64_t j = rand() % (i + 1), t = aOrder[i];
    aOrder[i] = aOrder[j];
    aOrder[j] = t;
  }
  for(i=0; i<n; i++){
    const TraceEvent *pEv = event_index_fetch(p, aOrder[i], mWant, zErr, sizeof(zErr));
    Str s = {0};
    if( pEv==0 ){ nBad++; continue; }
    dump_event(&s, pEv);
    if( strcmp(s.z, az[aOrder[i]-1])!=0 ){
      if( nBad++==0 ) fprintf(stderr, "%s: event %lld\n  got:  %s  want: %s", zWhat, (long long)aOrder[i], s.z, az[aOrder[i]-1]);
    }
    free(s.z);
    if( i%7==0 ){     /* the same event again: from the cache, still right */
      pEv = event_index_fetch(p, aOrder[i], mWant, zErr, sizeof(zErr));
      s.z = 0; s.n = s.nAlloc = 0;
      if( pEv ){ dump_event(&s, pEv); if( strcmp(s.z, az[aOrder[i]-1])!=0 ) nBad++; free(s.z); }
      else nBad++;
    }
  }
  if( nBad ) fprintf(stderr, "%s: %d fetches differ from the scan\n", zWhat, nBad);
  CHECK(nBad==0);
  CHECK(event_index_fetch(p, 0, mWant, zErr, sizeof(zErr))==0 && zErr[0]==0);
  CHECK(event_index_fetch(p, n + 1, mWant, zErr, sizeof(zErr))==0 && zErr[0]==0);
  CHECK(event_index_fetch(p, -5, mWant, zErr, sizeof(zErr))==0 && zErr[0]==0);
  event_index_free(p);
  for(i=0; i<n; i++) free(az[i]);
  free(az);
  free(aOrder);
}

static const char zObject[] =
  "{\"traceEvents\":[{\"pid\":1,\"tid\":2,\"ph\":\"X\",\"ts\":0,\"dur\":5,\"name\":\"a\",\"args\":{\"detail\":\"d\"}},\n"
  " {\"pid\":1,\"tid\":2,\"ph\":\"X\",\"ts\":1,\"dur\":2,\"name\":\"b \\u00e9\\n\",\"cat\":\"c\",\"x\":[1,{\"y\":null}]},"
  "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":2,\"args\":{\"name\":\"main\"}},"
  "{\"ph\":\"i\",\"name\":\"last\",\"id\":\"0x1\",\"ts\":9.5}],\"beginningOfTime\":1,\"otherData\":{\"k\":[1,2]}}";

static void check_alternating(const char *zPath);

static void test_formats(void){
  static const char zLines[] =
    "{\"ph\":\"X\",\"ts\":0,\"dur\":5,\"name\":\"a\"}\n\n{\"ph\":\"B\",\"ts\":1,\"name\":\"b\"}\n{\"ph\":\"E\",\"ts\":3}";
  static const char zArray[] = "[{\"ph\":\"X\",\"ts\":0,\"dur\":5,\"name\":\"a\"} , {\"ph\":\"X\",\"name\":\"z\"},";
  unit_write_file(tmp_path("object.json"), zObject, sizeof(zObject)-1, 0);
  unit_write_file(tmp_path("object.json.gz"), zObject, sizeof(zObject)-1, 1);
  unit_write_file(tmp_path("lines.json"), zLines, sizeof(zLines)-1, 0);
  unit_write_file(tmp_path("array.json"), zArray, sizeof(zArray)-1, 0);
  check_fetches("object", tmp_path("object.json"), EVENT_WANT_ALL, 1);
  check_fetches("object, name only", tmp_path("object.json"), EVENT_WANT(EF_NAME), 1);
  check_fetches("object gzip", tmp_path("object.json.gz"), EVENT_WANT_ALL, 2);
  check_fetches("lines", tmp_path("lines.json"), EVENT_WANT_ALL, 1);
  /* JSON Lines whose events the fast path takes and does not (an escape,
  ** spaces inside, CR LF, a last line without a newline), side by side:
  ** each fetch parses one event, on the fast path when it can */
  {
    static const char zMixed[] =
      "{\"ph\":\"X\",\"ts\":0,\"dur\":5,\"name\":\"a\",\"args\":{\"detail\":\"d\"}}\n"
      "{\"ph\":\"X\",\"ts\":1,\"dur\":2,\"name\":\"b \\u00e9\"}\r\n"
      "{ \"ph\" : \"B\", \"ts\" : 2, \"name\" : \"c\" }\n"
      "{\"ph\":\"E\",\"ts\":3}   {\"ph\":\"i\",\"ts\":4,\"name\":\"same line\"}\n"
      "{\"ph\":\"X\",\"ts\":5,\"dur\":1,\"name\":\"last\",\"x\":[1,{\"y\":null}]}";
    unit_write_file(tmp_path("mixed.jsonl"), zMixed, sizeof(zMixed)-1, 0);
    check_fetches("lines, mixed", tmp_path("mixed.jsonl"), EVENT_WANT_ALL, 1);
    check_fetches("lines, mixed, name and dur", tmp_path("mixed.jsonl"), EVENT_WANT(EF_NAME)|EVENT_WANT(EF_DUR), 1);
    check_alternating(tmp_path("mixed.jsonl"));
  }
  check_fetches("array", tmp_path("array.json"), EVENT_WANT_ALL, 1);
}

/* Fetches that alternate between two sets of fields: a reset that keeps
** yajl (event_reader_reset after a fast-path event) takes the new set. */
static void check_alternating(const char *zPath){
  int64_t n, n2, i;
  unsigned mA = EVENT_WANT_ALL, mB = EVENT_WANT(EF_NAME)|EVENT_WANT(EF_TS);
  char **azA = scan_lines(zPath, mA, &n), **azB = scan_lines(zPath, mB, &n2);
  EventIndex *p;
  char zErr[TRACE_ERRMSG_MAX];
  int nBad = 0;
  CHECK(n==n2);
  if( event_index_build(zPath, 1, 0, &p, zErr, sizeof(zErr)) ){
    CHECK(0);
    return;
  }
  for(i=1; i<=n; i++){
    int64_t k = 1 + (i*7919) % n;          /* all of them, out of order */
    unsigned m = (i & 1) ? mA : mB;
    const TraceEvent *pEv = event_index_fetch(p, k, m, zErr, sizeof(zErr));
    Str s = {0};
    if( pEv==0 ){ nBad++; continue; }
    dump_event(&s, pEv);
    if( strcmp(s.z, ((i & 1) ? azA : azB)[k-1])!=0 ) nBad++;
    free(s.z);
  }
  CHECK(nBad==0);
  event_index_free(p);
  for(i=0; i<n; i++){ free(azA[i]); free(azB[i]); }
  free(azA);
  free(azB);
}

/* A real trace, plain and gzip, with the parallel scan indexing it. */
static void test_real(void){
  const char *zDir = getenv("TT_DATA");
  size_t n;
  char *a = unit_read_file(zDir ? zDir : "build/testdata", "tiny-v0.json", &n);
  if( a==0 ){
    fprintf(stderr, "tiny-v0.json not found: skipped\n");
    return;
  }
  unit_write_file(tmp_path("tiny.json"), a, n, 0);
  unit_write_file(tmp_path("tiny.json.gz"), a, n, 1);
  free(a);
  check_fetches("tiny-v0", tmp_path("tiny.json"), EVENT_WANT_ALL, 4);
  check_fetches("tiny-v0 gzip", tmp_path("tiny.json.gz"), EVENT_WANT(EF_NAME)|EVENT_WANT(EF_DUR), 1);
  check_alternating(tmp_path("tiny.json"));
  /* the same trace as JSON Lines (lookups parse one line each) */
  a = unit_read_file(zDir ? zDir : "build/testdata", "tiny-v0.jsonl", &n);
  if( a==0 ) return;
  unit_write_file(tmp_path("tiny.jsonl"), a, n, 0);
  free(a);
  check_fetches("tiny-v0 JSON Lines", tmp_path("tiny.jsonl"), EVENT_WANT_ALL, 2);
  check_fetches("tiny-v0 JSON Lines, name and dur", tmp_path("tiny.jsonl"), EVENT_WANT(EF_NAME)|EVENT_WANT(EF_DUR), 1);
  check_alternating(tmp_path("tiny.jsonl"));
}

static void test_errors(void){
  EventIndex *p = 0;
  char zErr[TRACE_ERRMSG_MAX];
  const TraceEvent *pEv;
  struct timespec ts = { 0, 20*1000*1000 };
  CHECK(event_index_build(tmp_path("missing.json"), 1, 0, &p, zErr, sizeof(zErr))!=0 && p==0);
  CHECK(strstr(zErr, "cannot open")!=0);
  /* a truncated trace: the scan's error */
  unit_write_file(tmp_path("cut.json"), zObject, 60, 0);
  CHECK(event_index_build(tmp_path("cut.json"), 1, 0, &p, zErr, sizeof(zErr))!=0 && p==0);
  CHECK(strncmp(zErr, "byte ", 5)==0);
  unit_write_file(tmp_path("cut.json.gz"), zObject, 60, 1);
  CHECK(event_index_build(tmp_path("cut.json.gz"), 1, 0, &p, zErr, sizeof(zErr))!=0 && p==0);
  CHECK(strncmp(zErr, "byte ", 5)==0);
  CHECK(event_index_build("-", 1, 0, &p, zErr, sizeof(zErr))!=0);
  CHECK(strstr(zErr, "only once")!=0);
  /* rewritten after indexing: same size, other bytes, a later time; the
  ** events already read (in the window) are as they were, the others an
  ** error, never the bytes of another event */
  {
    Str big = {0};
    int i;
    str_printf(&big, "{\"traceEvents\":[");
    for(i=0; i<3000; i++) str_printf(&big, "%s{\"ph\":\"X\",\"ts\":%d,\"dur\":1,\"name\":\"e%d\"}", i ? "," : "", i, i);
    str_printf(&big, "]}");
    unit_write_file(tmp_path("change.json"), big.z, big.n, 0);
    CHECK(event_index_build(tmp_path("change.json"), 1, 0, &p, zErr, sizeof(zErr))==0);
    if( p==0 ) return;
    pEv = event_index_fetch(p, 2, EVENT_WANT_ALL, zErr, sizeof(zErr));
    CHECK(pEv!=0);
    nanosleep(&ts, 0);
    big.z[20] = ' ';
    memmove(big.z + 21, big.z + 20, big.n - 21);     /* everything a byte later */
    unit_write_file(tmp_path("change.json"), big.z, big.n, 0);
    free(big.z);
  }
  pEv = event_index_fetch(p, 3, EVENT_WANT(EF_NAME), zErr, sizeof(zErr));
  CHECK(pEv!=0 && pEv->aField[EF_NAME].nByte==2 && memcmp(event_field_bytes(pEv, EF_NAME), "e2", 2)==0);
  pEv = event_index_fetch(p, 2999, EVENT_WANT_ALL, zErr, sizeof(zErr));
  CHECK(pEv==0 && strstr(zErr, "changed during the statement")!=0);
  event_index_free(p);
}

static void test_tree_cache(void){
  TreeCache cache = {0};
  CallTree *t1 = 0, *t2 = 0;
  char zErr[TRACE_ERRMSG_MAX];
  struct timespec ts = { 0, 20*1000*1000 };
  const char *zPath = tmp_path("object.json");
  CHECK(call_tree_build(zPath, 1, 0, CALL_TREE_NAMES, &t1, zErr, sizeof(zErr))==0);
  CHECK(tree_cache_borrow(&cache, zPath, 0)==0);
  CHECK(tree_cache_add(&cache, zPath, CALL_TREE_NAMES, t1)==0);
  CHECK(tree_cache_borrow(&cache, zPath, 0)==t1);                   /* fewer flags: shared */
  CHECK(tree_cache_borrow(&cache, zPath, CALL_TREE_NAMES)==t1);
  CHECK(tree_cache_borrow(&cache, zPath, CALL_TREE_FUNCTIONS)==0);  /* more: not */
  CHECK(tree_cache_borrow(&cache, zPath, CALL_TREE_YAJL_ONLY)==0);  /* another lexer: not */
  CHECK(tree_cache_borrow(&cache, tmp_path("lines.json"), 0)==0);
  tree_cache_release(&cache, t1);
  tree_cache_release(&cache, t1);
  CHECK(tree_cache_borrow(&cache, zPath, 0)==t1);                   /* still held once */
  tree_cache_release(&cache, t1);
  tree_cache_release(&cache, t1);                                   /* the last user: freed */
  CHECK(cache.pFirst==0);
  /* a file rewritten since its tree was added is not answered with it */
  CHECK(call_tree_build(zPath, 1, 0, 0, &t2, zErr, sizeof(zErr))==0);
  CHECK(tree_cache_add(&cache, zPath, 0, t2)==0);
  nanosleep(&ts, 0);
  unit_write_file(zPath, zObject, sizeof(zObject)-1, 0);
  CHECK(tree_cache_borrow(&cache, zPath, 0)==0);
  tree_cache_clear(&cache);
  CHECK(cache.pFirst==0);
}

/* call_tree_slice_at agrees with the in-order lookup, in any order. */
static void test_slice_at(void){
  CallTree *t = 0;
  char zErr[TRACE_ERRMSG_MAX];
  EventReaderConfig cfg;
  EventFile *pFile;
  const TraceEvent *pEv;
  int nBad = 0, nSlice = 0, bNoMem;
  const char *zPath = tmp_path("tiny.json");
  if( access(zPath, R_OK)!=0 ) zPath = tmp_path("object.json");
  CHECK(call_tree_build(zPath, 2, 0, CALL_TREE_NAMES, &t, zErr, sizeof(zErr))==0);
  if( t==0 ) return;
  memset(&cfg, 0, sizeof(cfg));
  if( event_file_open(zPath, &cfg, 0, &pFile, zErr, sizeof(zErr)) ) exit(2);
  while( (pEv = event_file_next(pFile))!=0 ){
    const CallSlice *a = call_tree_slice(t, pEv);
    int64_t k = call_tree_events(t) + 1 - pEv->iSeq;     /* from the other end */
    const CallSlice *b = call_tree_slice_at(t, pEv->iSeq, &bNoMem);
    if( a!=b ) nBad++;
    if( a ) nSlice++;
    if( call_tree_slice_at(t, k, &bNoMem) && call_tree_slice_at(t, k, &bNoMem)->rowid!=(uint32_t)k ) nBad++;
  }
  event_file_close(pFile);
  CHECK(nBad==0 && nSlice>0);
  CHECK(call_tree_slice_at(t, 0, &bNoMem)==0 && call_tree_slice_at(t, call_tree_events(t) + 1, &bNoMem)==0);
  call_tree_free(t);
}

int main(void){
  if( mkdtemp(zTmpDir)==0 ){ perror("mkdtemp"); return 2; }
  srand(11);
  test_formats();
  test_real();
  test_errors();
  test_tree_cache();
  test_slice_at();
  {
    char zCmd[600];
    snprintf(zCmd, sizeof(zCmd), "rm -rf '%s'", zTmpDir);
    if( system(zCmd)!=0 ) fprintf(stderr, "could not remove %s\n", zTmpDir);
  }
  return unit_report();
}
