/*
** trace_tree_ahead.c: a scan of several files that reads the call tree's
** columns beside the events' fields builds the next file's tree on a
** worker (tree_prefetch.h) while SQLite's thread reads the current file's
** rows.  Such a scan reads each file twice, the tree first; the tree of
** file k+1 and the rows of file k are independent, so on a build's
** hundreds of small gzip files the two passes overlap.
**
**   tracecurStartAhead(pCur)   after the current file's tree is ready:
**                              start on the next file the scan will open
**   tracecurTakeAhead(...)     in tracecurBuildTree: the tree, if it is
**                              the one being built ahead
**   tracecurCancelAhead(pCur)  when the scan ends or starts again
**
** Only for a plain scan of more than one file: not for rowid lookups
** (they keep their own trees), nor for the one-pass grouping (its rows
** come with the build, on SQLite's thread), nor for files that can be
** read only once.  A tree built ahead is used only if it is of the file
** the scan opens, with the flags it needs, and the file has not changed
** since (its identity when the build began); otherwise it is dropped and
** the tree is built as before.  Errors are the build's own, reported when
** the scan reaches the file, as if it were built then.
*/
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include <stdlib.h>
#include <string.h>

#include "trace_table.h"
#include "tree_prefetch.h"

/* The file after iFile the scan will open (its order and its file
** filters), or -1. */
static int next_wanted_file(TraceCursor *pCur){
  int iOrder = pCur->iOrder, iFile = pCur->iFile;
  for(;;){
    char *zUnit;
    char zMtime[32];
    TraceFileId id;
    int bWanted;
    if( pCur->aFileOrder ){
      iOrder++;
      iFile = iOrder<pCur->nFile ? pCur->aFileOrder[iOrder] : pCur->nFile;
    }else{
      iFile++;
    }
    if( iFile>=pCur->nFile ) return -1;
    if( pCur->mFilter==0 && pCur->zSince[0]==0 ) return iFile;
    zUnit = trace_source_unit(pCur->azFile[iFile]);
    if( zUnit==0 ) return -1;                /* out of memory: no build ahead */
    trace_file_id(pCur->azFile[iFile], &id);
    trace_file_mtime(&id, zMtime);
    bWanted = tracecurFileWanted(pCur, pCur->azFile[iFile], zUnit, zMtime);
    free(zUnit);
    if( bWanted ) return iFile;
  }
}

void tracecurStartAhead(TraceCursor *pCur){
  const char *zNext;
  int iNext;
  if( pCur->pAhead || pCur->bLookup || pCur->pRowsInBuild || pCur->nFile<2 ) return;
  if( pCur->eTree!=TREE_WITH_ROWS && pCur->eTree!=TREE_ALONE ) return;
  if( (iNext = next_wanted_file(pCur))<0 ) return;
  zNext = pCur->azFile[iNext];
  if( trace_source_one_pass(zNext) ) return;
  /* NULL (no memory, no thread): the scan builds it itself, as before */
  pCur->pAhead = tree_prefetch_start(zNext, pCur->nThread, (size_t)pCur->nPiece, tracecurTreeFlags(pCur, zNext, 1));
  pCur->iAhead = iNext;
}

int tracecurTakeAhead(TraceCursor *pCur, const char *zFile, unsigned mFlags, int *pbTook){
  TreePrefetch *p = pCur->pAhead;
  char zErr[TRACE_ERRMSG_MAX];
  TraceFileId id;
  CallTree *pTree = 0;
  int rc;
  *pbTook = 0;
  if( p==0 ) return SQLITE_OK;
  pCur->pAhead = 0;
  if( pCur->iAhead!=pCur->iFile || strcmp(tree_prefetch_path(p), zFile)!=0 || tree_prefetch_flags(p)!=mFlags ){
    tree_prefetch_cancel(p);
    return SQLITE_OK;
  }
  rc = tree_prefetch_take(p, tracecurStop, pCur, &pTree, &id, zErr, sizeof(zErr));
  if( rc==2 ) return tracecurError(pCur, zFile, "interrupted");     /* bInterrupted: SQLite's words */
  if( rc ) return tracecurError(pCur, zFile, zErr);
  if( !trace_file_id_same(&id, &pCur->idFile) ){
    call_tree_free(pTree);          /* the file changed since: build it again */
    return SQLITE_OK;
  }
  pCur->pTree = pTree;
  *pbTook = 1;
  return SQLITE_OK;
}

void tracecurCancelAhead(TraceCursor *pCur){
  tree_prefetch_cancel(pCur->pAhead);
  pCur->pAhead = 0;
}
