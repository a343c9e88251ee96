/*
** tree_prefetch.c: a file's call tree built on a worker thread while the
** caller reads another file.  See tree_prefetch.h.
**
** The worker runs call_tree_build_ex with a stop callback of its own that
** reads an atomic flag; the caller's thread, waiting in
** tree_prefetch_take, asks the caller's own callback (which may step a
** statement of the caller's connection: only its thread may) and sets the
** flag.  The file's identity is taken before the build reads a byte, so a
** caller can tell a tree of a file that was replaced since from one of
** the file it is about to read.
*/
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "event_reader.h"
#include "tree_prefetch.h"

/* How often tree_prefetch_take asks the caller's stop callback while it
** waits (the worker's end wakes it at once). */
#define PREFETCH_POLL_MS 5

struct TreePrefetch {
  pthread_t tid;
  char *zPath;
  int nThread;
  size_t nPiece;
  unsigned mFlags;
  atomic_int bStop;         /* the caller said stop */
  pthread_mutex_t mutex;    /* guards bDone, with cond */
  pthread_cond_t cond;      /* signalled when bDone is set */
  int bDone;                /* the worker has finished */
  /* the worker's results, read once bDone is set */
  int rc;
  CallTree *pTree;
  TraceFileId id;
  char zErr[512];
};

static int prefetch_stop(void *pCtx){
  return atomic_load(&((TreePrefetch*)pCtx)->bStop);
}

static void *prefetch_main(void *pArg){
  TreePrefetch *p = pArg;
  trace_file_id(p->zPath, &p->id);
  p->zErr[0] = 0;
  p->rc = call_tree_build_ex(p->zPath, p->nThread, p->nPiece, p->mFlags, prefetch_stop, p,
                             &p->pTree, p->zErr, sizeof(p->zErr));
  pthread_mutex_lock(&p->mutex);
  p->bDone = 1;
  pthread_cond_signal(&p->cond);
  pthread_mutex_unlock(&p->mutex);
  return 0;
}

static void prefetch_free(TreePrefetch *p){
  pthread_cond_destroy(&p->cond);
  pthread_mutex_destroy(&p->mutex);
  free(p->zPath);
  free(p);
}

/* Wait up to PREFETCH_POLL_MS for the worker to finish: 1 when it has. */
static int prefetch_wait(TreePrefetch *p){
  struct timespec ts;
  int bDone;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_nsec += PREFETCH_POLL_MS*1000000L;
  if( ts.tv_nsec>=1000000000L ){
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&p->mutex);
  if( !p->bDone ) pthread_cond_timedwait(&p->cond, &p->mutex, &ts);
  bDone = p->bDone;
  pthread_mutex_unlock(&p->mutex);
  return bDone;
}

TreePrefetch *tree_prefetch_start(const char *zPath, int nThread, size_t nPiece, unsigned mFlags){
  TreePrefetch *p = malloc(sizeof(*p));
  if( p==0 ) return 0;
  memset(p, 0, sizeof(*p));
  p->zPath = strdup(zPath);
  if( p->zPath==0 ){
    free(p);
    return 0;
  }
  p->nThread = nThread;
  p->nPiece = nPiece;
  p->mFlags = mFlags;
  atomic_init(&p->bStop, 0);
  if( pthread_mutex_init(&p->mutex, 0)!=0 ){
    free(p->zPath);
    free(p);
    return 0;
  }
  if( pthread_cond_init(&p->cond, 0)!=0 ){
    pthread_mutex_destroy(&p->mutex);
    free(p->zPath);
    free(p);
    return 0;
  }
  if( pthread_create(&p->tid, 0, prefetch_main, p)!=0 ){
    prefetch_free(p);
    return 0;
  }
  return p;
}

const char *tree_prefetch_path(const TreePrefetch *p){ return p->zPath; }
unsigned tree_prefetch_flags(const TreePrefetch *p){ return p->mFlags; }


int tree_prefetch_take(TreePrefetch *p, EventStopFn xStop, void *pStopCtx, CallTree **ppTree,
                       TraceFileId *pId, char *zErr, size_t nErr){
  int rc;
  *ppTree = 0;
  if( nErr ) zErr[0] = 0;
  while( !prefetch_wait(p) ){
    if( xStop && xStop(pStopCtx) ){
      tree_prefetch_cancel(p);
      return 2;
    }
  }
  pthread_join(p->tid, 0);
  rc = p->rc!=0;
  if( rc ){
    if( nErr ){
      strncpy(zErr, p->zErr, nErr - 1);
      zErr[nErr - 1] = 0;
    }
  }else{
    *ppTree = p->pTree;
    *pId = p->id;
  }
  prefetch_free(p);
  return rc;
}

void tree_prefetch_cancel(TreePrefetch *p){
  if( p==0 ) return;
  atomic_store(&p->bStop, 1);
  pthread_join(p->tid, 0);
  call_tree_free(p->pTree);
  prefetch_free(p);
}
