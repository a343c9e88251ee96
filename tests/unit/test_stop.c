/*
** test_stop.c: the stop callback (EventStopFn, event_reader.h) of the
** readers, the parallel scan, the call tree and the event index, without
** SQLite: what sqlite3_interrupt() reaches through trace_events.
**
** For each of them, a first run with a callback that never says stop
** counts how often it is asked (N); then runs that say stop at the k-th
** question, for k from 1 to N, must each fail with EVENT_STOPPED, and
** free everything and join their threads (ASan, valgrind); the callback
** must never be asked from another thread.  The call tree's last
** questions come from its walk, after the read.  A FIFO with no writer:
** trace_source_open_stop gives up when asked to, and the FIFO is not
** taken (the once-per-process rule) by the open that gave up.
** Uses $TT_DATA/tiny-v0.json (a real rustc trace) when it is there,
** else a made-up trace.
*/
#include "call_tree.h"
#include "event_index.h"
#include "event_pscan.h"
#include "event_reader.h"
#include "trace_source.h"
#include "unit.h"
#include "unit_files.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

static char zTmpDir[] = "/tmp/tt_stop_XXXXXX";

typedef struct StopCount {
  long nAsked;        /* times asked */
  long iStopAt;       /* say stop from this question on (0: never) */
  pthread_t owner;    /* the thread that may ask */
  int bOtherThread;   /* asked from another thread */
} StopCount;

static int stop_cb(void *pCtx){
  StopCount *p = pCtx;
  if( !pthread_equal(pthread_self(), p->owner) ) p->bOtherThread = 1;
  p->nAsked++;
  return p->iStopAt>0 && p->nAsked>=p->iStopAt;
}

static void stop_init(StopCount *p, long iStopAt){
  memset(p, 0, sizeof(*p));
  p->iStopAt = iStopAt;
  p->owner = pthread_self();
}

/* What is tested: 0 EventFile, 1 EventPScan, 2 call tree, 3 event index. */
enum { T_FILE = 0, T_PSCAN, T_TREE, T_INDEX };
static const char *const azWhat[] = {"file", "pscan", "tree", "index"};

/* Run test eWhat on zPath, stopping at question iStopAt (0: never).
** Returns 0 when it went to the end, 1 when it stopped with
** EVENT_STOPPED, 2 on any other error. */
static int run_one(int eWhat, const char *zPath, long iStopAt, StopCount *pStop){
  EventReaderConfig cfg;
  char zErr[TRACE_ERRMSG_MAX];
  const char *zMsg = 0;
  int rc = 0;
  stop_init(pStop, iStopAt);
  memset(&cfg, 0, sizeof(cfg));
  cfg.mWant = EVENT_WANT_ALL;
  cfg.xStop = stop_cb;
  cfg.pStopCtx = pStop;
  zErr[0] = 0;
  if( eWhat==T_FILE ){
    EventFile *f;
    if( event_file_open(zPath, &cfg, 4096, &f, zErr, sizeof(zErr)) ){
      zMsg = zErr;
    }else{
      while( event_file_next(f) ){}
      if( event_file_errmsg(f) ) snprintf(zErr, sizeof(zErr), "%s", event_file_errmsg(f));
      zMsg = event_file_errmsg(f) ? zErr : 0;
      event_file_close(f);
    }
  }else if( eWhat==T_PSCAN ){
    EventPScan *p;
    if( event_pscan_open(zPath, &cfg, 2, &p, zErr, sizeof(zErr)) ){
      zMsg = zErr;
    }else{
      event_pscan_set_piece_size(p, 64*1024);
      while( event_pscan_next(p) ){}
      if( event_pscan_errmsg(p) ) snprintf(zErr, sizeof(zErr), "%s", event_pscan_errmsg(p));
      zMsg = event_pscan_errmsg(p) ? zErr : 0;
      event_pscan_close(p);
    }
  }else if( eWhat==T_TREE ){
    CallTree *t = 0;
    if( call_tree_build_ex(zPath, 2, 64*1024, CALL_TREE_NAMES, stop_cb, pStop, &t, zErr, sizeof(zErr)) ){
      zMsg = zErr;
      CHECK(t==0);
    }
    call_tree_free(t);
  }else{
    EventIndex *x = 0;
    if( event_index_build_ex(zPath, 2, 0, stop_cb, pStop, &x, zErr, sizeof(zErr)) ){
      zMsg = zErr;
      CHECK(x==0);
    }
    event_index_free(x);
  }
  if( zMsg==0 ) rc = 0;
  else if( strcmp(zMsg, EVENT_STOPPED)==0 ) rc = 1;
  else{
    fprintf(stderr, "%s %s stop at %ld: %s\n", azWhat[eWhat], zPath, iStopAt, zMsg);
    rc = 2;
  }
  return rc;
}

/* Every way to stop eWhat on zPath (at most about 40 of them). */
static void test_stops(int eWhat, const char *zPath){
  StopCount s;
  long n, k, nStep;
  CHECK(run_one(eWhat, zPath, 0, &s)==0);
  CHECK(!s.bOtherThread);
  n = s.nAsked;
  if( n<2 ){
    fprintf(stderr, "%s %s: asked %ld times only\n", azWhat[eWhat], zPath, n);
    CHECK(n>=2);
    return;
  }
  nStep = n/40 + 1;
  for(k=1; k<=n; k += (k+nStep<=n || k==n) ? nStep : n-k){
    int rc = run_one(eWhat, zPath, k, &s);
    if( rc!=1 ) fprintf(stderr, "%s %s: stop at %ld of %ld gave %d\n", azWhat[eWhat], zPath, k, n, rc);
    CHECK(rc==1);
    CHECK(s.nAsked==k);          /* nothing asked after the stop */
    CHECK(!s.bOtherThread);
    if( k==n ) break;
  }
}

/* A FIFO nobody writes to: the open gives up when told, after waiting in
** slices; the FIFO is not taken by it. */
static void test_fifo(void){
  char zPath[512], zErr[TRACE_ERRMSG_MAX];
  TraceSource *pSrc = 0;
  StopCount s;
  struct timespec t0, t1;
  double ms;
  snprintf(zPath, sizeof(zPath), "%s/fifo", zTmpDir);
  if( mkfifo(zPath, 0600) ){
    CHECK(0);
    return;
  }
  stop_init(&s, 3);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  CHECK(trace_source_open_stop(zPath, stop_cb, &s, &pSrc, zErr, sizeof(zErr))!=0);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  ms = (double)(t1.tv_sec - t0.tv_sec)*1e3 + (double)(t1.tv_nsec - t0.tv_nsec)/1e6;
  CHECK(pSrc==0);
  CHECK_STR(zErr, "interrupted");
  CHECK(s.nAsked==3);
  /* two waits of TRACE_SOURCE_WAIT_MS between the three questions */
  CHECK(ms>=1.5*TRACE_SOURCE_WAIT_MS && ms<20.0*TRACE_SOURCE_WAIT_MS);
  /* not taken: asked again, it waits again instead of refusing */
  stop_init(&s, 1);
  CHECK(trace_source_open_stop(zPath, stop_cb, &s, &pSrc, zErr, sizeof(zErr))!=0);
  CHECK_STR(zErr, "interrupted");
  unlink(zPath);
}

int main(void){
  const char *zData = getenv("TT_DATA");
  char zPlain[512], zGzip[512];
  char *a = 0;
  size_t n = 0;
  if( mkdtemp(zTmpDir)==0 ){ perror("mkdtemp"); return 2; }
  if( zData ) a = unit_read_file(zData, "tiny-v0.json", &n);
  if( a==0 ){
    /* a made-up trace of 20000 slices on 4 threads */
    size_t nAlloc = 4u<<20;
    int i;
    a = malloc(nAlloc);
    if( a==0 ) return 2;
    n = (size_t)snprintf(a, nAlloc, "{\"traceEvents\":[");
    for(i=0; i<20000; i++){
      n += (size_t)snprintf(a + n, nAlloc - n, "%s{\"pid\":1,\"tid\":%d,\"ph\":\"X\",\"ts\":%d,\"dur\":%d,\"name\":\"n%d\"}",
                            i ? "," : "", i%4, i, 20000 - i, i%7);
    }
    n += (size_t)snprintf(a + n, nAlloc - n, "]}");
  }
  snprintf(zPlain, sizeof(zPlain), "%s/t.json", zTmpDir);
  snprintf(zGzip, sizeof(zGzip), "%s/t.json.gz", zTmpDir);
  unit_write_file(zPlain, a, n, 0);
  unit_write_file(zGzip, a, n, 1);
  free(a);

  test_stops(T_FILE, zPlain);
  test_stops(T_FILE, zGzip);
  test_stops(T_PSCAN, zPlain);
  test_stops(T_PSCAN, zGzip);
  test_stops(T_TREE, zPlain);
  test_stops(T_TREE, zGzip);
  test_stops(T_INDEX, zPlain);
  test_stops(T_INDEX, zGzip);
  test_fifo();

  unlink(zPlain);
  unlink(zGzip);
  rmdir(zTmpDir);
  return unit_report();
}
