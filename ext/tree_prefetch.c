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
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "event_reader.h"
#include "tree_prefetch.h"

/* How often tree_prefetch_take asks the caller's stop callback. */
#define PREFETCH_POLL_MS 2

struct TreePrefetch {
  pthread_t tid;
  char *zPath;
  int nThread;
  size_t nPiece;
  unsigned mFlags;
  atomic_int bStop;         /* the caller said stop */
  atomic_int bDone;         /* the worker has finished */
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
  atomic_store(&p->bDone, 1);
  return 0;
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
  atomic_init(&p->bDone, 0);
  if( pthread_create(&p->tid, 0, prefetch_main, p)!=0 ){
    free(p->zPath);
    free(p);
    return 0;
  }
  return p;
}

const char *tree_prefetch_path(const TreePrefetch *p){ return p->zPath; }
unsigned tree_prefetch_flags(const TreePrefetch *p){ return p->mFlags; }

static void prefetch_free(TreePrefetch *p){
  free(p->zPath);
  free(p);
}

int tree_prefetch_take(TreePrefetch *p, EventStopFn xStop, void *pStopCtx, CallTree **ppTree,
                       TraceFileId *pId, char *zErr, size_t nErr){
  int rc;
  *ppTree = 0;
  if( nErr ) zErr[0] = 0;
  while( !atomic_load(&p->bDone) ){
    struct timespec ts = { 0, PREFETCH_POLL_MS*1000000L };
    if( xStop && xStop(pStopCtx) ){
      tree_prefetch_cancel(p);
      return 2;
    }
    while( nanosleep(&ts, &ts)!=0 && errno==EINTR ){}
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
