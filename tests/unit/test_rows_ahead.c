/*
** test_rows_ahead.c: rows_ahead.h against call_tree_build_rows called
** directly.  For files plain, gzip, JSON Lines, with B/E pairs, one cut
** short and one missing: every row taken (its rowid, byte offset, each
** field's kind and bytes) and where its slice is (the slice's depth,
** parent and self time in the tree handed over) must be those the build
** hands its own callback, and each error the build's; with no worker and
** with 1 to 3, files taken ahead by 1, 2 or 32, a small or no memory
** budget, files skipped, rows filtered, rows too many to keep (dropped:
** the tree alone), and a stop asked for while waiting.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event_dump.h"
#include "rows_ahead.h"
#include "unit.h"
#include "unit_files.h"

#define NFILE 6
static char azPath[NFILE][512];

/* What the build hands on: one line per row (dump_event), and after it
** the row's slice as "depth parent self_dur" or "-". */
typedef struct Collect { Str s; CallTree *pTree; int bOnlyX; } Collect;

static void dump_slice(Str *p, CallTree *t, uint64_t iSlice, int64_t iSeq){
  const CallSlice *s = t ? call_tree_slice_ref(t, iSlice, iSeq) : 0;
  if( s ) str_printf(p, "  slice %d %lld %.3f\n", (int)s->depth, (long long)s->parent, (double)s->self_dur);
  else str_printf(p, "  slice -\n");
}

static int only_x(void *pCtx, const TraceEvent *pEv){
  (void)pCtx;
  return pEv->aField[EF_PH].eType==EV_STRING && pEv->aField[EF_PH].nByte==1 && event_field_bytes(pEv, EF_PH)[0]=='X';
}

typedef struct RefRow { uint64_t iSlice; int64_t iSeq; } RefRow;
typedef struct Ref { Str s; RefRow *a; size_t n, nAlloc; int bOnlyX; } Ref;

static int ref_row(void *pCtx, const TraceEvent *pEv, uint64_t iSlice, long iName){
  Ref *r = pCtx;
  (void)iName;
  if( r->bOnlyX && !only_x(0, pEv) ) return 0;
  dump_event(&r->s, pEv);
  if( r->n==r->nAlloc ){
    r->nAlloc = r->nAlloc ? 2*r->nAlloc : 64;
    r->a = realloc(r->a, r->nAlloc*sizeof(RefRow));
    if( r->a==0 ) exit(2);
  }
  r->a[r->n].iSlice = iSlice;
  r->a[r->n++].iSeq = pEv->iSeq;
  return 0;
}

/* The reference text of file k: its rows and slices, or "error: ...". */
static char *reference(int k, int bOnlyX){
  Ref r;
  Str out;
  CallTree *t = 0;
  CallTreeRows rows;
  char zErr[TRACE_ERRMSG_MAX];
  size_t i, iLine = 0;
  memset(&r, 0, sizeof(r));
  memset(&out, 0, sizeof(out));
  r.bOnlyX = bOnlyX;
  rows.mWant = EVENT_WANT_ALL;
  rows.xRow = ref_row;
  rows.pCtx = &r;
  str_printf(&r.s, "");
  if( call_tree_build_rows(azPath[k], 1, 0, 0, 0, 0, &rows, &t, zErr, sizeof(zErr)) ){
    str_printf(&out, "error: %s\n", zErr);
  }else{
    /* each event's line, then its slice in the finished tree */
    const char *z = r.s.z;
    for(i=0; i<r.n; i++){
      const char *zEnd = strchr(z, '\n');
      str_append(&out, z, (size_t)(zEnd - z) + 1);
      z = zEnd + 1;
      dump_slice(&out, t, r.a[i].iSlice, r.a[i].iSeq);
      iLine++;
    }
    str_printf(&out, "events %lld\n", (long long)call_tree_events(t));
  }
  call_tree_free(t);
  free(r.s.z);
  free(r.a);
  return out.z;
}

/* The same text from a file taken (rc the take's). */
static char *taken_text(int rc, AheadRows *pRows, const char *zErr, int *pbDropped){
  Str out;
  TraceEvent ev;
  uint64_t iSlice;
  CallTree *t;
  memset(&out, 0, sizeof(out));
  *pbDropped = 0;
  if( rc ){
    str_printf(&out, "error: %s\n", zErr);
    return out.z;
  }
  t = rows_ahead_tree(pRows);
  CHECK(t!=0 && rows_ahead_tree(pRows)==0);        /* handed over once */
  CHECK(rows_ahead_id(pRows)->bKnown);
  *pbDropped = rows_ahead_dropped(pRows);
  str_printf(&out, "");
  while( rows_ahead_next(pRows, &ev, &iSlice) ){
    dump_event(&out, &ev);
    dump_slice(&out, t, iSlice, ev.iSeq);
  }
  str_printf(&out, "events %lld\n", (long long)call_tree_events(t));
  call_tree_free(t);
  return out.z;
}

static int stop_always(void *pCtx){ (void)pCtx; return 1; }

static void write_inputs(const char *zDir){
  Str big;
  int i;
  const char *zSmall =
    "{\"traceEvents\":[{\"pid\":1,\"tid\":2,\"ph\":\"X\",\"name\":\"outer\",\"ts\":0,\"dur\":100,\"args\":{\"detail\":\"d\\u0000x\"}},"
    "{\"pid\":1,\"tid\":2,\"ph\":\"X\",\"name\":\"inner\",\"ts\":10,\"dur\":20,\"cat\":\"c\",\"id\":7,\"k\":[1,{\"z\":null}]},"
    "{\"pid\":1,\"tid\":2,\"ph\":\"M\",\"name\":\"thread_name\",\"args\":{\"name\":\"main\"}},"
    "{\"pid\":1,\"tid\":3,\"ph\":\"B\",\"name\":\"b\",\"ts\":5},{\"pid\":1,\"tid\":3,\"ph\":\"i\",\"name\":\"now\",\"ts\":6,\"s\":\"t\"},"
    "{\"pid\":1,\"tid\":3,\"ph\":\"E\",\"ts\":50},{\"pid\":\"7\",\"tid\":true,\"ph\":\"X\",\"name\":2.5e1,\"ts\":1,\"dur\":1}],"
    "\"beginningOfTime\":1}";
  const char *zLines =
    "{\"pid\":1,\"tid\":1,\"ph\":\"X\",\"name\":\"a\",\"ts\":0,\"dur\":9}\n"
    "{\"pid\":1,\"tid\":1,\"ph\":\"X\",\"name\":\"b\",\"ts\":1,\"dur\":2}\n";
  snprintf(azPath[0], sizeof(azPath[0]), "%s/small.json", zDir);
  unit_write_file(azPath[0], zSmall, strlen(zSmall), 0);
  snprintf(azPath[1], sizeof(azPath[1]), "%s/small.json.gz", zDir);
  unit_write_file(azPath[1], zSmall, strlen(zSmall), 1);
  /* a few thousand nested slices on a few threads */
  memset(&big, 0, sizeof(big));
  str_printf(&big, "[");
  for(i=0; i<6000; i++){
    int d = i%5;
    str_printf(&big, "%s{\"pid\":1,\"tid\":%d,\"ph\":\"X\",\"name\":\"n%d\",\"ts\":%d,\"dur\":%d}",
               i ? "," : "", (i/5)%3, i%17, 1000*(i/5) + d, 100 - 10*d);
  }
  str_printf(&big, "]");
  snprintf(azPath[2], sizeof(azPath[2]), "%s/big.json", zDir);
  unit_write_file(azPath[2], big.z, big.n, 0);
  /* cut short in the middle of an event */
  snprintf(azPath[3], sizeof(azPath[3]), "%s/cut.json", zDir);
  unit_write_file(azPath[3], big.z, big.n/2, 0);
  free(big.z);
  snprintf(azPath[4], sizeof(azPath[4]), "%s/missing.json", zDir);
  snprintf(azPath[5], sizeof(azPath[5]), "%s/lines.jsonl", zDir);
  unit_write_file(azPath[5], zLines, strlen(zLines), 0);
}

/* Take the files of aiTake (in order) from a run with these settings and
** compare each with its reference. */
static void run(int nWorker, int nAhead, size_t mxHeld, size_t mxRows, int bOnlyX,
                const int *aiTake, int nTake, char **azRef){
  char *apPath[NFILE];
  unsigned amFlags[NFILE];
  RowsAheadConfig cfg;
  RowsAhead *p;
  int i;
  for(i=0; i<NFILE; i++){ apPath[i] = azPath[i]; amFlags[i] = 0; }
  memset(&cfg, 0, sizeof(cfg));
  cfg.nWorker = nWorker;
  cfg.nAhead = nAhead;
  cfg.mxHeldBytes = mxHeld;
  cfg.mWant = EVENT_WANT_ALL;
  cfg.mxRowBytes = mxRows;
  if( bOnlyX ) cfg.xAccept = only_x;
  p = rows_ahead_start(apPath, amFlags, NFILE, &cfg);
  CHECK(p!=0);
  if( p==0 ) return;
  for(i=0; i<nTake; i++){
    char zErr[TRACE_ERRMSG_MAX];
    AheadRows *pRows = 0;
    int k = aiTake[i], bDropped;
    int rc = rows_ahead_take(p, k, 0, 0, &pRows, zErr, sizeof(zErr));
    char *zGot = taken_text(rc, pRows, zErr, &bDropped);
    if( bDropped ){
      /* the tree alone: no rows, the same number of events */
      const char *zEvents = strstr(azRef[k], "events ");
      CHECK(rc==0 && mxRows<100000);
      CHECK(zEvents && strcmp(zGot, zEvents)==0);
    }else if( strcmp(zGot, azRef[k])!=0 ){
      CHECK_STR(zGot, azRef[k]);
      fprintf(stderr, "  (file %d, %d workers, ahead %d, held %zu, rows %zu, only X %d)\n",
              k, nWorker, nAhead, mxHeld, mxRows, bOnlyX);
    }else{
      CHECK(1);
    }
    free(zGot);
    rows_ahead_free(pRows);
  }
  rows_ahead_stop(p);
}

int main(void){
  char zDir[] = "/tmp/tt-rows-ahead-XXXXXX";
  char *azRef[NFILE], *azRefX[NFILE];
  static const int aAll[] = {0, 1, 2, 3, 4, 5}, aSkip[] = {1, 3, 5}, aLast[] = {5};
  static const int aWorkers[] = {0, 1, 2, 3}, aAhead[] = {1, 2, 32};
  int i, j;
  if( mkdtemp(zDir)==0 ) return 2;
  write_inputs(zDir);
  for(i=0; i<NFILE; i++){
    azRef[i] = reference(i, 0);
    azRefX[i] = reference(i, 1);
  }
  CHECK(strncmp(azRef[3], "error: ", 7)==0 && strncmp(azRef[4], "error: ", 7)==0);
  CHECK(strstr(azRef[2], "slice 4 ")!=0);            /* nesting five deep */
  for(i=0; i<4; i++){
    for(j=0; j<3; j++){
      run(aWorkers[i], aAhead[j], (size_t)1<<30, (size_t)1<<30, 0, aAll, 6, azRef);
      run(aWorkers[i], aAhead[j], 1, (size_t)1<<30, 0, aAll, 6, azRef);     /* a budget of nothing */
    }
    run(aWorkers[i], 2, (size_t)1<<30, (size_t)1<<30, 0, aSkip, 3, azRef);
    run(aWorkers[i], 32, (size_t)1<<30, (size_t)1<<30, 0, aLast, 1, azRef);
    run(aWorkers[i], 2, (size_t)1<<30, (size_t)1<<30, 1, aAll, 6, azRefX);
    run(aWorkers[i], 2, (size_t)1<<30, 2000, 0, aAll, 6, azRef);          /* big.json's rows dropped */
  }
  /* a stop asked for while waiting: 2, or the file when it was done */
  for(i=0; i<4; i++){
    char *apPath[NFILE];
    unsigned amFlags[NFILE] = {0};
    RowsAheadConfig cfg;
    RowsAhead *p;
    AheadRows *pRows = 0;
    char zErr[TRACE_ERRMSG_MAX];
    int rc;
    for(j=0; j<NFILE; j++) apPath[j] = azPath[j];
    memset(&cfg, 0, sizeof(cfg));
    cfg.nWorker = aWorkers[i];
    cfg.nAhead = 2;
    cfg.mxHeldBytes = (size_t)1<<30;
    cfg.mxRowBytes = (size_t)1<<30;
    cfg.mWant = EVENT_WANT_ALL;
    p = rows_ahead_start(apPath, amFlags, NFILE, &cfg);
    CHECK(p!=0);
    if( p==0 ) continue;
    rc = rows_ahead_take(p, 2, stop_always, 0, &pRows, zErr, sizeof(zErr));
    if( aWorkers[i]==0 ) CHECK(rc==2 && pRows==0 && zErr[0]==0);
    else CHECK((rc==2 && pRows==0) || (rc==0 && pRows!=0));
    rows_ahead_free(pRows);
    rows_ahead_stop(p);        /* files built and not taken are freed */
  }
  for(i=0; i<NFILE; i++){
    free(azRef[i]);
    free(azRefX[i]);
    unlink(azPath[i]);
  }
  rmdir(zDir);
  return unit_report();
}
