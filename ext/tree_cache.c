/*
** tree_cache.c: call trees shared between cursors.  See tree_cache.h.
**
** A short list: a statement holds at most a few trees at once (one per
** cursor), so a linear search costs nothing next to building one.  The
** file's identity is taken with stat(2) when the tree is added and again
** when it is asked for, so a file rewritten in between (a rebuild) is
** never answered with the old file's tree.
*/
#include "tree_cache.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Flags a borrower may have fewer of than the tree was built with. */
#define TREE_CACHE_OPTIONAL (CALL_TREE_NAMES | CALL_TREE_FUNCTIONS | CALL_TREE_OFFSETS)

struct TreeCacheEntry {
  TreeCacheEntry *pNext;
  char *zPath;
  TraceFileId id;         /* the file when its tree was added */
  unsigned mFlags;
  CallTree *pTree;
  int nRef;
};

CallTree *tree_cache_borrow(TreeCache *pCache, const char *zPath, unsigned mFlags){
  TreeCacheEntry *e;
  TraceFileId id;
  int bStat = 0;
  for(e=pCache->pFirst; e; e=e->pNext){
    if( strcmp(e->zPath, zPath)!=0 ) continue;
    if( (e->mFlags & mFlags)!=mFlags ) continue;
    if( (e->mFlags & ~TREE_CACHE_OPTIONAL)!=(mFlags & ~TREE_CACHE_OPTIONAL) ) continue;
    if( !bStat ){
      trace_file_id(zPath, &id);
      bStat = 1;
    }
    if( !trace_file_id_same(&e->id, &id) ) continue;
    e->nRef++;
    return e->pTree;
  }
  return 0;
}

int tree_cache_add(TreeCache *pCache, const char *zPath, unsigned mFlags, CallTree *t){
  TreeCacheEntry *e = calloc(1, sizeof(*e));
  if( e==0 ) return 1;
  e->zPath = strdup(zPath);
  if( e->zPath==0 ){
    free(e);
    return 1;
  }
  /* a file that is not a regular one (standard input, a pipe) has no
  ** identity: trace_file_id_same never finds it again */
  trace_file_id(zPath, &e->id);
  e->mFlags = mFlags;
  e->pTree = t;
  e->nRef = 1;
  e->pNext = pCache->pFirst;
  pCache->pFirst = e;
  return 0;
}

static void entry_free(TreeCacheEntry *e){
  call_tree_free(e->pTree);
  free(e->zPath);
  free(e);
}

void tree_cache_release(TreeCache *pCache, CallTree *t){
  TreeCacheEntry **pp;
  if( t==0 ) return;
  for(pp=&pCache->pFirst; *pp; pp=&(*pp)->pNext){
    TreeCacheEntry *e = *pp;
    if( e->pTree!=t ) continue;
    if( --e->nRef==0 ){
      *pp = e->pNext;
      entry_free(e);
    }
    return;
  }
  call_tree_free(t);     /* not in the cache: the caller's own */
}

void tree_cache_clear(TreeCache *pCache){
  while( pCache->pFirst ){
    TreeCacheEntry *e = pCache->pFirst;
    pCache->pFirst = e->pNext;
    entry_free(e);
  }
}
