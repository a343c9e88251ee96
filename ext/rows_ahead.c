/*
** rows_ahead.c: files' call trees and rows built on worker threads ahead
** of the caller.  See rows_ahead.h.
**
** The workers take the files in list order, each the next not started,
** but never more than nAhead past the last one the caller took: the rows
** of a build's biggest unit are ten or more megabytes, and a caller that
** waits on one file must not find every other file kept in memory.  The
** caller's thread asks its own stop callback while it waits (it may step
** a statement of the caller's connection, which only that thread may do)
** and sets an atomic flag the builds' stop callback reads.
**
** A row is kept as: the distance of its rowid from the previous row's,
** the same for its byte offset, the slice reference, then for each wanted
** field its kind and, unless absent, its length and bytes (varints).
** Reading it back points the fields into the kept bytes, so the caller
** sees the TraceEvent the reader made.
*/
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "group_rows.h"
#include "rows_ahead.h"

/* How often rows_ahead_take asks the caller's stop callback while it
** waits (a build's end wakes it at once). */
#define AHEAD_POLL_MS 5

enum { JOB_WAITING = 0, JOB_BUILDING, JOB_DONE, JOB_TAKEN };

struct AheadRows {
  CallTree *pTree;            /* the tree, until rows_ahead_tree hands it over */
  TraceFileId id;             /* the file when its build began */
  int bFailed;                /* the build failed: zErr says why */
  char zErr[TRACE_ERRMSG_MAX];
  int bDropped;               /* the rows were not kept (too many, no memory) */
  unsigned mWant;
  unsigned char *a;           /* the rows, encoded */
  size_t n, nAlloc, mx;       /* bytes used, allocated, allowed */
  size_t iRead;               /* rows_ahead_next's place in a */
  int64_t iSeqLast;           /* the previous row's rowid and offset, */
  uint64_t iByteLast;         /* ... writing or reading */
  const RowsAheadConfig *pCfg;
};

struct RowsAhead {
  RowsAheadConfig cfg;
  int nPath;
  char **azPath;
  unsigned *amFlags;
  unsigned char *aState;      /* JOB_* of each file */
  AheadRows **apRows;         /* each file's, once JOB_DONE */
  int iNext;                  /* the next file to start */
  int iTaken;                 /* files below this were taken or dropped */
  size_t nHeld;               /* bytes of rows of files built, not taken */
  atomic_int bStop;
  pthread_mutex_t mutex;      /* guards the fields above bStop */
  pthread_cond_t condWork;    /* a file may be started, or stop */
  pthread_cond_t condDone;    /* a build ended */
  pthread_t *aTid;
  int nTid;                   /* threads started */
};

/* --- one file's rows ----------------------------------------------------- */

static void rows_drop(AheadRows *r){
  free(r->a);
  r->a = 0;
  r->n = r->nAlloc = 0;
  r->bDropped = 1;
}

/* Room for n more bytes: 0, or 1 when the rows are dropped now. */
static int rows_room(AheadRows *r, size_t n){
  size_t nNew;
  unsigned char *a;
  if( r->n + n <= r->nAlloc ) return 0;
  if( r->n + n > r->mx ){
    rows_drop(r);
    return 1;
  }
  nNew = r->nAlloc ? r->nAlloc*2 : 64*1024;
  while( nNew < r->n + n ) nNew *= 2;
  if( nNew > r->mx ) nNew = r->mx;
  a = realloc(r->a, nNew);
  if( a==0 ){
    rows_drop(r);
    return 1;
  }
  r->a = a;
  r->nAlloc = nNew;
  return 0;
}

/* CallTreeRows.xRow: keep the event.  Never stops the build: rows that
** cannot be kept are dropped, and the caller reads them itself. */
static int rows_keep(void *pCtx, const TraceEvent *pEv, uint64_t iSlice, long iName){
  AheadRows *r = pCtx;
  size_t nMax = 3*GROUP_VARINT_MAX;
  int i;
  (void)iName;
  if( r->bDropped ) return 0;
  if( r->pCfg->xAccept && !r->pCfg->xAccept(r->pCfg->pAcceptCtx, pEv) ) return 0;
  for(i=0; i<EF_COUNT; i++){
    if( r->mWant & EVENT_WANT(i) ) nMax += 1 + GROUP_VARINT_MAX + pEv->aField[i].nByte;
  }
  if( rows_room(r, nMax) ) return 0;
  r->n += group_varint_put(r->a + r->n, (uint64_t)(pEv->iSeq - r->iSeqLast));
  r->n += group_varint_put(r->a + r->n, pEv->iByte - r->iByteLast);
  r->n += group_varint_put(r->a + r->n, iSlice);
  r->iSeqLast = pEv->iSeq;
  r->iByteLast = pEv->iByte;
  for(i=0; i<EF_COUNT; i++){
    const EventField *f = &pEv->aField[i];
    if( !(r->mWant & EVENT_WANT(i)) ) continue;
    r->a[r->n++] = f->eType;
    if( f->eType==EV_ABSENT ) continue;
    r->n += group_varint_put(r->a + r->n, f->nByte);
    memcpy(r->a + r->n, event_field_bytes(pEv, i), f->nByte);
    r->n += f->nByte;
  }
  return 0;
}

int rows_ahead_next(AheadRows *r, TraceEvent *pEv, uint64_t *piSlice){
  const unsigned char *a = r->a;
  size_t k = r->iRead, n = r->n;
  uint64_t d, b, nByte;
  int i;
  if( r->bDropped || k>=n ) return 0;
  k += group_varint_get(a + k, n - k, &d);
  k += group_varint_get(a + k, n - k, &b);
  k += group_varint_get(a + k, n - k, piSlice);
  r->iSeqLast += (int64_t)d;
  r->iByteLast += b;
  pEv->iSeq = r->iSeqLast;
  pEv->iByte = r->iByteLast;
  pEv->zBase = (const char*)a;
  for(i=0; i<EF_COUNT; i++){
    EventField *f = &pEv->aField[i];
    f->eType = EV_ABSENT;
    f->iOff = 0;
    f->nByte = 0;
    if( !(r->mWant & EVENT_WANT(i)) ) continue;
    f->eType = a[k++];
    if( f->eType==EV_ABSENT ) continue;
    k += group_varint_get(a + k, n - k, &nByte);
    f->nByte = (uint32_t)nByte;
    f->iOff = (uint32_t)k;        /* the rows stay below 4 GB (ahead_build) */
    k += nByte;
  }
  r->iRead = k;
  return 1;
}

CallTree *rows_ahead_tree(AheadRows *r){
  CallTree *t = r->pTree;
  r->pTree = 0;
  return t;
}

const TraceFileId *rows_ahead_id(const AheadRows *r){ return &r->id; }
int rows_ahead_dropped(const AheadRows *r){ return r->bDropped; }

void rows_ahead_free(AheadRows *r){
  if( r==0 ) return;
  call_tree_free(r->pTree);
  free(r->a);
  free(r);
}

/* --- the workers --------------------------------------------------------- */

static int ahead_stop(void *pCtx){
  return atomic_load(&((RowsAhead*)pCtx)->bStop);
}

/* Build file k: its tree and rows (NULL: out of memory), asking xStop. */
static AheadRows *ahead_build(RowsAhead *p, int k, EventStopFn xStop, void *pStopCtx){
  CallTreeRows rows;
  AheadRows *r = malloc(sizeof(*r));
  if( r==0 ) return 0;
  memset(r, 0, sizeof(*r));
  r->mWant = p->cfg.mWant;
  /* standard input or a pipe cannot be read again for its rows: keep
  ** them all (up to what a row's offsets can address) */
  r->mx = trace_source_one_pass(p->azPath[k]) ? (size_t)UINT32_MAX : p->cfg.mxRowBytes;
  r->pCfg = &p->cfg;
  rows.mWant = p->cfg.mWant;
  rows.xRow = rows_keep;
  rows.pCtx = r;
  trace_file_id(p->azPath[k], &r->id);
  r->bFailed = call_tree_build_rows(p->azPath[k], 1, p->cfg.nPiece, p->amFlags[k], xStop, pStopCtx,
                                    &rows, &r->pTree, r->zErr, sizeof(r->zErr))!=0;
  if( r->bFailed ) rows_drop(r);
  r->iSeqLast = 0;             /* for rows_ahead_next */
  r->iByteLast = 0;
  return r;
}

/* May a worker start file iNext (the mutex held)?  Always the file the
** caller waits for next; any other within nAhead of it while the rows
** built and not taken are within mxHeldBytes. */
static int ahead_may_start(const RowsAhead *p){
  if( p->iNext<=p->iTaken ) return 1;
  return p->iNext < p->iTaken + p->cfg.nAhead && p->nHeld < p->cfg.mxHeldBytes;
}

static void *ahead_worker(void *pArg){
  RowsAhead *p = pArg;
  pthread_mutex_lock(&p->mutex);
  for(;;){
    int k;
    AheadRows *r;
    while( !atomic_load(&p->bStop) && p->iNext<p->nPath && !ahead_may_start(p) ){
      pthread_cond_wait(&p->condWork, &p->mutex);
    }
    if( atomic_load(&p->bStop) || p->iNext>=p->nPath ) break;
    k = p->iNext++;
    p->aState[k] = JOB_BUILDING;
    pthread_mutex_unlock(&p->mutex);
    r = ahead_build(p, k, ahead_stop, p);
    pthread_mutex_lock(&p->mutex);
    p->apRows[k] = r;
    p->aState[k] = JOB_DONE;
    if( r ) p->nHeld += r->nAlloc;
    pthread_cond_broadcast(&p->condDone);
  }
  pthread_mutex_unlock(&p->mutex);
  return 0;
}

static void ahead_free(RowsAhead *p){
  int i;
  for(i=0; i<p->nPath; i++){
    if( p->apRows ) rows_ahead_free(p->apRows[i]);
    if( p->azPath ) free(p->azPath[i]);
  }
  free(p->azPath);
  free(p->amFlags);
  free(p->aState);
  free(p->apRows);
  free(p->aTid);
  free(p);
}

RowsAhead *rows_ahead_start(char *const *azPath, const unsigned *amFlags, int nPath,
                            const RowsAheadConfig *pCfg){
  RowsAhead *p = malloc(sizeof(*p));
  int i, bSync = 0;
  if( p==0 ) return 0;
  memset(p, 0, sizeof(*p));
  p->cfg = *pCfg;
  if( p->cfg.nWorker<0 ) p->cfg.nWorker = 0;
  if( p->cfg.nAhead<1 ) p->cfg.nAhead = 1;
  p->nPath = nPath;
  atomic_init(&p->bStop, 0);
  p->azPath = calloc((size_t)nPath + 1, sizeof(char*));
  p->amFlags = malloc(sizeof(unsigned)*((size_t)nPath + 1));
  p->aState = calloc((size_t)nPath + 1, 1);
  p->apRows = calloc((size_t)nPath + 1, sizeof(AheadRows*));
  p->aTid = malloc(sizeof(pthread_t)*((size_t)p->cfg.nWorker + 1));
  if( !p->azPath || !p->amFlags || !p->aState || !p->apRows || !p->aTid ) goto fail;
  for(i=0; i<nPath; i++){
    if( (p->azPath[i] = strdup(azPath[i]))==0 ) goto fail;
    p->amFlags[i] = amFlags[i];
  }
  if( p->cfg.nWorker==0 ) return p;      /* each file built when taken */
  if( pthread_mutex_init(&p->mutex, 0)!=0 ) goto fail;
  bSync = 1;
  if( pthread_cond_init(&p->condWork, 0)!=0 ) goto fail_mutex;
  bSync = 2;
  if( pthread_cond_init(&p->condDone, 0)!=0 ) goto fail_mutex;
  bSync = 3;
  for(i=0; i<p->cfg.nWorker; i++){
    if( pthread_create(&p->aTid[i], 0, ahead_worker, p)!=0 ) break;
    p->nTid++;
  }
  if( p->nTid>0 ) return p;
fail_mutex:
  if( bSync>=3 ) pthread_cond_destroy(&p->condDone);
  if( bSync>=2 ) pthread_cond_destroy(&p->condWork);
  pthread_mutex_destroy(&p->mutex);
fail:
  ahead_free(p);
  return 0;
}

/* Wait up to AHEAD_POLL_MS for a build to end (the mutex held). */
static void ahead_wait(RowsAhead *p){
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_nsec += AHEAD_POLL_MS*1000000L;
  if( ts.tv_nsec>=1000000000L ){
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000L;
  }
  pthread_cond_timedwait(&p->condDone, &p->mutex, &ts);
}

/* What rows_ahead_take returns for file r taken (NULL: out of memory). */
static int ahead_taken(AheadRows *r, AheadRows **ppRows, char *zErr, size_t nErr){
  if( r==0 ){
    if( nErr ) snprintf(zErr, nErr, "out of memory");
    return 1;
  }
  if( r->bFailed ){
    if( nErr ) snprintf(zErr, nErr, "%s", r->zErr);
    rows_ahead_free(r);
    return 1;
  }
  *ppRows = r;
  return 0;
}

int rows_ahead_take(RowsAhead *p, int k, EventStopFn xStop, void *pStopCtx, AheadRows **ppRows,
                    char *zErr, size_t nErr){
  AheadRows *r;
  int i;
  *ppRows = 0;
  if( nErr ) zErr[0] = 0;
  if( p->nTid==0 ){
    /* no workers: built now, on the caller's thread, with its callback */
    if( k<0 || k>=p->nPath ) return ahead_taken(0, ppRows, zErr, nErr);
    r = ahead_build(p, k, xStop, pStopCtx);
    if( r && r->bFailed && xStop && xStop(pStopCtx) ){
      rows_ahead_free(r);
      return 2;
    }
    return ahead_taken(r, ppRows, zErr, nErr);
  }
  pthread_mutex_lock(&p->mutex);
  /* files skipped are dropped as they end; none is waited for */
  for(i=p->iTaken; i<k && i<p->nPath; i++){
    if( p->aState[i]==JOB_WAITING ) p->aState[i] = JOB_TAKEN;
    if( p->aState[i]==JOB_DONE ){
      if( p->apRows[i] ) p->nHeld -= p->apRows[i]->nAlloc;
      rows_ahead_free(p->apRows[i]);
      p->apRows[i] = 0;
      p->aState[i] = JOB_TAKEN;
    }
  }
  if( k>p->iTaken ) p->iTaken = k;
  if( p->iNext<p->iTaken ) p->iNext = p->iTaken;
  pthread_cond_broadcast(&p->condWork);
  while( k<p->nPath && p->aState[k]!=JOB_DONE ){
    pthread_mutex_unlock(&p->mutex);
    if( xStop && xStop(pStopCtx) ){
      atomic_store(&p->bStop, 1);
      pthread_mutex_lock(&p->mutex);
      pthread_cond_broadcast(&p->condWork);
      pthread_mutex_unlock(&p->mutex);
      return 2;
    }
    pthread_mutex_lock(&p->mutex);
    if( p->aState[k]!=JOB_DONE ) ahead_wait(p);
  }
  r = k<p->nPath ? p->apRows[k] : 0;
  if( k<p->nPath ){
    if( r ) p->nHeld -= r->nAlloc;
    p->apRows[k] = 0;
    p->aState[k] = JOB_TAKEN;
    p->iTaken = k + 1;
  }
  pthread_cond_broadcast(&p->condWork);
  pthread_mutex_unlock(&p->mutex);
  return ahead_taken(r, ppRows, zErr, nErr);
}

void rows_ahead_stop(RowsAhead *p){
  int i;
  if( p==0 ) return;
  if( p->nTid==0 ){
    ahead_free(p);
    return;
  }
  atomic_store(&p->bStop, 1);
  pthread_mutex_lock(&p->mutex);
  pthread_cond_broadcast(&p->condWork);
  pthread_mutex_unlock(&p->mutex);
  for(i=0; i<p->nTid; i++) pthread_join(p->aTid[i], 0);
  pthread_cond_destroy(&p->condDone);
  pthread_cond_destroy(&p->condWork);
  pthread_mutex_destroy(&p->mutex);
  ahead_free(p);
}
