/*
** mm_parallel.c: the self-profile's events with their strings resolved on
** worker threads (mm_profdata_threads; internals shared in
** mm_profdata_int.h, the API in mm_profdata.h).  Plain C and POSIX
** threads, no SQLite.
**
** Owns the pool: the workers, their copies of the profile and a ring of
** batches.  mm_profdata_next comes here when p->nThread>1 and strings are
** wanted (without strings a record is decoded faster than it is handed
** to a thread).  Resolving a string is what a scan with strings costs,
** almost all of it cache misses in the string data, so that is what the
** workers do; reading the file stays on the calling thread, as before
** (a gzip file is inflated once, in order).
**
**   calling thread                          each worker
**   fill every free batch in ring order:    take the oldest READY batch,
**     MM_BATCH raw records, their iSeq        mm_decode each record on its
**     and file offsets (mm_events_need)       own copy of the profile, the
**     -> READY                                events and their strings into
**   wait for the oldest batch to be DONE,     the batch (its own text, its
**   hand out its events one at a time,        own error) -> DONE
**   then FREE it and fill again
**
** The events come out in file order with the same strings, the same iSeq
** and iByte, and the same error after the same event as mm_events.c
** gives on one thread: a batch stops at its first bad record, with the
** message mm_decode wrote on the worker's copy, and the events end there
** (the batches after it are thrown away).  An error reading the file (a
** cut page, a read error, the file changed) is kept until every record
** read before it has been handed out, as on one thread.
**
** What is shared while the workers run is read only: the string data,
** the index and its hash, the page map, the name, the kind filter.  A
** worker's copy of MmProfile (MmWorker.view) has its own ev, label, args,
** kind cache and zErr, and pointers to the shared rest; the calling
** thread alone touches the input and p's own fields.  The ring's state
** is under one mutex: workers wait on cWork for a READY batch, the
** calling thread on cDone for the oldest to be DONE.
**
** Out of memory starting the pool is "out of memory" (the events end);
** in a worker it is the batch's error at that event.  Threads that cannot
** be started are done without (none at all: the one-thread path).  The
** workers are joined at the end of the events, on an error and by
** mm_profdata_close, whichever comes first (mm_parallel_end).
*/
#include "mm_profdata_int.h"

#include <pthread.h>
#include <stdlib.h>

#define MM_BATCH     4096          /* records a batch holds */
#define MM_NO_TEXT   ((size_t)-1)  /* an offset for a NULL string */

enum { MM_FREE, MM_READY, MM_WORK, MM_DONE };

/* A batch of records and, once resolved, their events. */
typedef struct MmBatch {
  int eState;                 /* MM_FREE, MM_READY, MM_WORK, MM_DONE (under the mutex) */
  int64_t iSeq0;              /* iSeq of the first record */
  size_t nRec;                /* Records in aRaw */
  unsigned char *aRaw;        /* The records as read (MM_BATCH * nRecord bytes) */
  uint64_t *aByte;            /* File offset of each record */
  MmEvent *aEv;               /* The events given (kind filter: fewer than nRec) */
  size_t *aOff;               /* Offsets in text of each event's kind, label, args (MM_NO_TEXT: NULL) */
  size_t nEv;                 /* Events in aEv */
  size_t iNext;               /* Events of aEv handed out */
  TextBuf text;               /* The events' strings, each NUL-terminated */
  int bErr;                   /* The events stop after aEv: zErr says why */
  char zErr[MM_ERRMSG_MAX];
} MmBatch;

typedef struct MmPool MmPool;

/* A worker and its own copy of the profile. */
typedef struct MmWorker {
  MmPool *pPool;
  MmProfile view;             /* p's fields; its own ev, label, args, aKind, zErr */
  pthread_t tid;
} MmWorker;

struct MmPool {
  pthread_mutex_t mu;
  pthread_cond_t cWork;       /* A batch is READY, or bStop */
  pthread_cond_t cDone;       /* A batch is DONE */
  MmBatch *aBatch;            /* The ring */
  int nBatch;
  int iHead;                  /* The oldest batch in flight */
  int nFlight;                /* Batches from iHead not FREE (calling thread only) */
  int iTake;                  /* The batch the next worker takes */
  int nReady;                 /* READY batches not taken */
  int bStop;                  /* Workers: leave */
  MmWorker *aWorker;
  int nWorker;                /* Workers started */
  int64_t iSeq;               /* Records read */
  int bReadEnd;               /* No more records: zReadErr says why, "" at the end */
  char zReadErr[MM_ERRMSG_MAX];
  MmBatch *pCur;              /* The batch being handed out */
};

/* ------------------------------------------------------------ workers */

/* Append z (NUL-terminated, n bytes) to the batch's text; its offset. */
static size_t mm_batch_text(MmBatch *b, const char *z, size_t n){
  size_t iOff = b->text.n;
  if( z==0 ) return MM_NO_TEXT;
  text_buf_append(&b->text, z, n);
  text_buf_append(&b->text, "", 1);        /* the NUL, kept */
  return iOff;
}

static const char *mm_batch_ptr(const MmBatch *b, size_t iOff){
  return iOff==MM_NO_TEXT ? 0 : b->text.z + iOff;
}

/* Decode the batch's records on the worker's copy v: its events and
** strings, or its error at the first bad record. */
static void mm_batch_resolve(MmProfile *v, MmBatch *b){
  size_t i;
  for(i=0; i<b->nRec; i++){
    int rc;
    v->ev.iSeq = b->iSeq0 + (int64_t)i;
    v->ev.iByte = b->aByte[i];
    rc = mm_decode(v, b->aRaw + i*v->nRecord);
    if( rc==2 ) continue;
    if( rc==0 ){
      size_t *aOff = b->aOff + 3*b->nEv;
      b->aEv[b->nEv] = v->ev;
      aOff[0] = mm_batch_text(b, v->ev.zKind, v->ev.nKind);
      aOff[1] = mm_batch_text(b, v->ev.zLabel, v->ev.nLabel);
      aOff[2] = mm_batch_text(b, v->ev.zArgs, v->ev.nArgs);
      if( mm_text_oom(v, &b->text) ) rc = 1;
    }
    if( rc==1 ){
      memcpy(b->zErr, v->zErr, sizeof b->zErr);
      v->zErr[0] = 0;                       /* the copy goes on with the next batch */
      b->bErr = 1;
      break;
    }
    b->nEv++;
  }
  for(i=0; i<b->nEv; i++){                  /* the text has stopped moving */
    b->aEv[i].zKind = mm_batch_ptr(b, b->aOff[3*i]);
    b->aEv[i].zLabel = mm_batch_ptr(b, b->aOff[3*i + 1]);
    b->aEv[i].zArgs = mm_batch_ptr(b, b->aOff[3*i + 2]);
  }
}

static void *mm_worker_main(void *pArg){
  MmWorker *w = pArg;
  MmPool *pool = w->pPool;
  pthread_mutex_lock(&pool->mu);
  for(;;){
    MmBatch *b;
    while( !pool->bStop && pool->nReady==0 ) pthread_cond_wait(&pool->cWork, &pool->mu);
    if( pool->bStop ) break;
    b = &pool->aBatch[pool->iTake];
    pool->iTake = (pool->iTake + 1) % pool->nBatch;
    pool->nReady--;
    b->eState = MM_WORK;
    pthread_mutex_unlock(&pool->mu);
    mm_batch_resolve(&w->view, b);
    pthread_mutex_lock(&pool->mu);
    b->eState = MM_DONE;
    pthread_cond_signal(&pool->cDone);      /* one waiter: the calling thread */
  }
  pthread_mutex_unlock(&pool->mu);
  return 0;
}

/* ------------------------------------------------------------ the pool */

/* Join the workers (a batch being resolved is finished first) and free
** the pool. */
void mm_parallel_end(MmProfile *p){
  MmPool *pool = p->pPool;
  int i;
  if( pool==0 ) return;
  pthread_mutex_lock(&pool->mu);
  pool->bStop = 1;
  pthread_cond_broadcast(&pool->cWork);
  pthread_mutex_unlock(&pool->mu);
  for(i=0; i<pool->nWorker; i++) pthread_join(pool->aWorker[i].tid, 0);
  for(i=0; pool->aWorker && i<p->nThread; i++){
    MmProfile *v = &pool->aWorker[i].view;
    unsigned k;
    free(v->label.z);
    free(v->args.z);
    for(k=0; k<MM_KIND_CACHE; k++) free(v->aKind[k].text.z);
  }
  for(i=0; pool->aBatch && i<pool->nBatch; i++){
    MmBatch *b = &pool->aBatch[i];
    free(b->aRaw);
    free(b->aByte);
    free(b->aEv);
    free(b->aOff);
    free(b->text.z);
  }
  pthread_cond_destroy(&pool->cDone);
  pthread_cond_destroy(&pool->cWork);
  pthread_mutex_destroy(&pool->mu);
  free(pool->aBatch);
  free(pool->aWorker);
  free(pool);
  p->pPool = 0;
}

/* A worker's copy of p: the shared fields as they are, its own state
** empty, nothing of the input (only the calling thread reads it). */
static void mm_view_init(MmProfile *v, const MmProfile *p){
  unsigned k;
  memcpy(v, p, sizeof *v);
  v->fd = -1;
  v->g = 0;
  v->aScratch = 0;
  v->aBuf = 0;
  v->pPool = 0;
  v->zErr[0] = 0;
  memset(&v->ev, 0, sizeof v->ev);
  memset(&v->label, 0, sizeof v->label);
  memset(&v->args, 0, sizeof v->args);
  for(k=0; k<MM_KIND_CACHE; k++){
    memset(&v->aKind[k].text, 0, sizeof v->aKind[k].text);
    v->aKind[k].iId = MM_INVALID_ID;
  }
  v->iKindNext = 0;
  memset(&v->meta, 0, sizeof v->meta);
  memset(&v->metaText, 0, sizeof v->metaText);
  memset(&v->metaCmd, 0, sizeof v->metaCmd);
  memset(&v->metaCounter, 0, sizeof v->metaCounter);
}

/* Start the workers.  Returns 0, 1 out of memory (the error set), 2 when
** no thread could be started (the caller reads on one thread). */
static int mm_parallel_start(MmProfile *p){
  MmPool *pool = calloc(1, sizeof *pool);
  int i, nSync = 0;
  if( pool==0 ) return mm_oom(p);
  p->pPool = pool;
  if( pthread_mutex_init(&pool->mu, 0)==0 ) nSync++;
  if( nSync==1 && pthread_cond_init(&pool->cWork, 0)==0 ) nSync++;
  if( nSync==2 && pthread_cond_init(&pool->cDone, 0)==0 ) nSync++;
  if( nSync<3 ){
    if( nSync>1 ) pthread_cond_destroy(&pool->cWork);
    if( nSync>0 ) pthread_mutex_destroy(&pool->mu);
    free(pool);
    p->pPool = 0;
    return mm_oom(p);
  }
  pool->nBatch = 2*p->nThread + 2;         /* a batch resolving per worker, as many waiting */
  pool->aBatch = calloc((size_t)pool->nBatch, sizeof *pool->aBatch);
  pool->aWorker = calloc((size_t)p->nThread, sizeof *pool->aWorker);
  if( pool->aBatch==0 || pool->aWorker==0 ) goto oom;
  for(i=0; i<pool->nBatch; i++){
    MmBatch *b = &pool->aBatch[i];
    b->aRaw = malloc((size_t)MM_BATCH * p->nRecord);
    b->aByte = malloc(MM_BATCH * sizeof *b->aByte);
    b->aEv = malloc(MM_BATCH * sizeof *b->aEv);
    b->aOff = malloc(3 * MM_BATCH * sizeof *b->aOff);
    if( !b->aRaw || !b->aByte || !b->aEv || !b->aOff ) goto oom;
  }
  for(i=0; i<p->nThread; i++){
    pool->aWorker[i].pPool = pool;
    mm_view_init(&pool->aWorker[i].view, p);
  }
  for(i=0; i<p->nThread; i++){
    if( pthread_create(&pool->aWorker[i].tid, 0, mm_worker_main, &pool->aWorker[i])!=0 ) break;
    pool->nWorker++;
  }
  if( pool->nWorker==0 ){
    mm_parallel_end(p);
    return 2;
  }
  return 0;
oom:
  mm_parallel_end(p);
  return mm_oom(p);
}

/* Read up to MM_BATCH records into the free batch b.  At the end of the
** records, or on an error reading them, the pool's reading ends: the
** error waits in zReadErr for the events before it to be handed out. */
static void mm_batch_fill(MmProfile *p, MmPool *pool, MmBatch *b){
  b->iSeq0 = pool->iSeq + 1;
  b->nRec = b->nEv = b->iNext = 0;
  b->text.n = 0;
  b->text.bOom = 0;
  b->bErr = 0;
  b->zErr[0] = 0;
  while( b->nRec<MM_BATCH ){
    int rc = mm_events_need(p, p->nRecord);
    if( rc!=1 ){
      if( rc==0 ) mm_events_check_end(p);
      memcpy(pool->zReadErr, p->zErr, sizeof pool->zReadErr);
      p->zErr[0] = 0;
      pool->bReadEnd = 1;
      break;
    }
    memcpy(b->aRaw + b->nRec*p->nRecord, p->aBuf + p->iBuf, p->nRecord);
    b->aByte[b->nRec++] = mm_events_byte(p);
    p->iBuf += p->nRecord;
  }
  pool->iSeq += (int64_t)b->nRec;
}

/* Fill the free batches, in ring order, and give them to the workers. */
static void mm_parallel_read(MmProfile *p, MmPool *pool){
  while( !pool->bReadEnd && pool->nFlight<pool->nBatch ){
    MmBatch *b = &pool->aBatch[(pool->iHead + pool->nFlight) % pool->nBatch];
    mm_batch_fill(p, pool, b);
    if( b->nRec==0 ) break;
    pthread_mutex_lock(&pool->mu);
    b->eState = MM_READY;
    pool->nReady++;
    pthread_cond_signal(&pool->cWork);
    pthread_mutex_unlock(&pool->mu);
    pool->nFlight++;
  }
}

const MmEvent *mm_parallel_next(MmProfile *p){
  MmPool *pool = p->pPool;
  if( pool==0 ){
    int rc = mm_parallel_start(p);
    if( rc==2 ){                            /* no threads: one is enough */
      p->nThread = 1;
      return mm_profdata_next(p);
    }
    if( rc ) goto done;
    pool = p->pPool;
  }
  for(;;){
    MmBatch *b = pool->pCur;
    if( b ){
      if( b->iNext<b->nEv ){
        p->ev = b->aEv[b->iNext++];
        return &p->ev;
      }
      if( b->bErr ){
        memcpy(p->zErr, b->zErr, sizeof p->zErr);
        goto done;
      }
      pthread_mutex_lock(&pool->mu);
      b->eState = MM_FREE;
      pthread_mutex_unlock(&pool->mu);
      pool->iHead = (pool->iHead + 1) % pool->nBatch;
      pool->nFlight--;
      pool->pCur = 0;
    }
    mm_parallel_read(p, pool);
    if( pool->nFlight==0 ){                 /* every record read was handed out */
      memcpy(p->zErr, pool->zReadErr, sizeof p->zErr);
      goto done;
    }
    b = &pool->aBatch[pool->iHead];
    pthread_mutex_lock(&pool->mu);
    while( b->eState!=MM_DONE ) pthread_cond_wait(&pool->cDone, &pool->mu);
    pthread_mutex_unlock(&pool->mu);
    pool->pCur = b;
  }
done:
  p->bDone = 1;
  mm_parallel_end(p);
  return 0;
}
