/*
** trace_rows_ahead.c: a scan that reads the call tree's columns beside
** the events' fields reads each file once, its rows kept as its tree is
** built, on worker threads ahead of SQLite's thread (rows_ahead.h).
**
** Without this, such a scan reads a file twice on SQLite's thread: its
** tree, then its rows.  sql/build-units.sql over a build's 133 gzip
** traces spent most of its time inflating and parsing them twice, on one
** core.  Now a worker builds file k+1's tree while keeping its rows, and
** SQLite's thread hands out file k's rows from memory with their slices.
**
**   tracecurAheadStart   before the scan's first file: lists the files it
**                        will open (its order, its file filters) that may
**                        be read ahead, and starts the workers
**   tracecurAheadTake    when the scan opens one of them: its tree, added
**                        to the table's tree cache as a tree built here
**                        would be, and its rows
**   tracecurAheadNext    the scan's next row, from them
**   tracecurAheadStop    when the scan ends or starts again
**
** Which scans: those with the tree's columns and the events' fields
** (TREE_WITH_ROWS), not lookups, not trace_metadata, not the one-pass
** grouping (its rows come with the build already).  Which files: regular
** files of at most AHEAD_MAX_FILE bytes (a bigger one is read as before,
** twice, by the parallel scan, which a single worker reading it once
** would not beat), and files that can be read only once (standard input,
** a pipe), which otherwise could not give the tree and the rows at all.
** threads=1 keeps every read on SQLite's thread: each file is then still
** read once, when the scan reaches it.  A regular file whose rows pass
** AHEAD_MAX_ROWS bytes keeps only its tree and is read again for its rows
** (one read only once keeps them all: rows_ahead.h); a file changed since
** its build began is built again.  Errors are
** the build's, reported when the scan reaches the file, after the rows of
** the files before it, as without this.
*/
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include <stdlib.h>
#include <string.h>

#include "rows_ahead.h"
#include "trace_table.h"

/* Files up to this size are read ahead; the rows a file keeps may take
** AHEAD_MAX_ROWS bytes (then only its tree is kept). */
#define AHEAD_MAX_FILE  ((off_t)64 << 20)
#define AHEAD_MAX_ROWS  ((size_t)64 << 20)
/* Files built ahead of the scan, at most, while their rows take less
** than AHEAD_MAX_ROWS together. */
#define AHEAD_FILES     32

/* The position after iOrder in the scan's order of files, and its file. */
static int next_in_order(const TraceCursor *pCur, int *piOrder, int iFile){
  if( pCur->aFileOrder==0 ) return iFile + 1;
  ++*piOrder;
  return *piOrder<pCur->nFile ? pCur->aFileOrder[*piOrder] : pCur->nFile;
}

/* May file zFile (wanted by the scan) be read ahead?  A regular file up
** to AHEAD_MAX_FILE, and one that can be read only once (standard input,
** a pipe), which otherwise could not give the tree and the rows at all. */
static int ahead_file_fits(const char *zFile, const TraceFileId *pId){
  return trace_source_one_pass(zFile) || (pId->bKnown && pId->size<=AHEAD_MAX_FILE);
}

int tracecurAheadStart(TraceCursor *pCur){
  TraceTable *pTab = (TraceTable*)pCur->base.pVtab;
  RowsAheadConfig cfg;
  char **azPath = 0;
  unsigned *amFlags = 0;
  int iOrder = pCur->iOrder, iFile = pCur->iFile, nJob = 0, rc = SQLITE_OK;
  pCur->bAheadTried = 1;
  if( pCur->eTree!=TREE_WITH_ROWS || pCur->bLookup || pCur->pRowsInBuild || pTab->bMeta ) return SQLITE_OK;
  if( pCur->nFile<1 || pCur->iFile>=pCur->nFile ) return SQLITE_OK;
  pCur->aAheadJob = sqlite3_malloc64(sizeof(int)*(size_t)pCur->nFile);
  azPath = sqlite3_malloc64(sizeof(char*)*(size_t)pCur->nFile);
  amFlags = sqlite3_malloc64(sizeof(unsigned)*(size_t)pCur->nFile);
  if( pCur->aAheadJob==0 || azPath==0 || amFlags==0 ){
    rc = SQLITE_NOMEM;
    goto done;
  }
  memset(pCur->aAheadJob, 0xff, sizeof(int)*(size_t)pCur->nFile);     /* -1: not ahead */
  for(iFile=next_in_order(pCur, &iOrder, iFile); iFile<pCur->nFile; iFile=next_in_order(pCur, &iOrder, iFile)){
    const char *zFile = pCur->azFile[iFile];
    char zMtime[32];
    TraceFileId id;
    char *zUnit = trace_source_unit(zFile);
    int bWanted;
    if( zUnit==0 ){
      rc = SQLITE_NOMEM;
      goto done;
    }
    trace_file_id(zFile, &id);
    trace_file_mtime(&id, zMtime);
    bWanted = tracecurFileWanted(pCur, zFile, zUnit, zMtime);
    free(zUnit);
    if( !bWanted || !ahead_file_fits(zFile, &id) ) continue;
    pCur->aAheadJob[iFile] = nJob;
    azPath[nJob] = pCur->azFile[iFile];
    amFlags[nJob++] = tracecurTreeFlags(pCur, zFile, 1);
  }
  if( nJob==0 ) goto done;
  memset(&cfg, 0, sizeof(cfg));
  cfg.nWorker = pCur->nThread>1 ? (pCur->nThread<nJob ? pCur->nThread : nJob) : 0;
  /* a build's files differ a hundredfold in size: while SQLite's thread
  ** waits for a big one, the other workers go on with the small ones */
  cfg.nAhead = AHEAD_FILES;
  cfg.mxHeldBytes = AHEAD_MAX_ROWS;
  cfg.nPiece = (size_t)pCur->nPiece;
  cfg.mWant = pCur->mWant;
  if( pCur->filter.m ){
    cfg.xAccept = event_filter_accept;      /* it only reads: safe on the workers */
    cfg.pAcceptCtx = &pCur->filter;
  }
  cfg.mxRowBytes = AHEAD_MAX_ROWS;
  /* NULL: no memory or no thread; the files are read as before */
  pCur->pAhead = rows_ahead_start(azPath, amFlags, nJob, &cfg);
done:
  sqlite3_free(azPath);
  sqlite3_free(amFlags);
  if( pCur->pAhead==0 ){
    sqlite3_free(pCur->aAheadJob);
    pCur->aAheadJob = 0;
  }
  return rc;
}

int tracecurAheadTake(TraceCursor *pCur, const char *zFile){
  TraceTable *pTab = (TraceTable*)pCur->base.pVtab;
  char zErr[TRACE_ERRMSG_MAX];
  AheadRows *pRows = 0;
  CallTree *pTree;
  int k = pCur->aAheadJob[pCur->iFile], rc;
  if( k<0 ) return SQLITE_OK;
  rc = rows_ahead_take(pCur->pAhead, k, tracecurStop, pCur, &pRows, zErr, sizeof(zErr));
  if( rc==2 ) return tracecurError(pCur, zFile, "interrupted");   /* bInterrupted: SQLite's words */
  if( rc ) return tracecurError(pCur, zFile, zErr);
  if( (pCur->idFile.bKnown || rows_ahead_id(pRows)->bKnown)
   && !trace_file_id_same(rows_ahead_id(pRows), &pCur->idFile) ){
    rows_ahead_free(pRows);          /* changed since: built again, as usual */
    return SQLITE_OK;
  }
  if( rows_ahead_dropped(pRows) && trace_source_one_pass(zFile) ){
    /* more rows than can be kept, and no second read: the build's error */
    rows_ahead_free(pRows);
    return SQLITE_OK;
  }
  pTree = rows_ahead_tree(pRows);
  if( tree_cache_add(&pTab->trees, zFile, tracecurTreeFlags(pCur, zFile, 1), pTree) ){
    call_tree_free(pTree);
    rows_ahead_free(pRows);
    return SQLITE_NOMEM;
  }
  pCur->pTree = pTree;
  if( rows_ahead_dropped(pRows) ){
    rows_ahead_free(pRows);          /* too many to keep: read again for them */
  }else{
    pCur->pAheadRows = pRows;
  }
  return SQLITE_OK;
}

int tracecurAheadNext(TraceCursor *pCur){
  uint64_t iSlice;
  if( !rows_ahead_next(pCur->pAheadRows, &pCur->evAhead, &iSlice) ){
    if( call_tree_stopped(pCur->pTree) ) tracecurLogStop(pCur, call_tree_stopped(pCur->pTree));
    rows_ahead_free(pCur->pAheadRows);
    pCur->pAheadRows = 0;
    pCur->pEv = 0;
    return 0;
  }
  pCur->pEv = &pCur->evAhead;
  pCur->iLastSeq = pCur->evAhead.iSeq;
  pCur->pSlice = call_tree_slice_ref(pCur->pTree, iSlice, pCur->evAhead.iSeq);
  pCur->iSliceOf = pCur->evAhead.iSeq;
  return 1;
}

void tracecurAheadStop(TraceCursor *pCur){
  rows_ahead_stop(pCur->pAhead);
  pCur->pAhead = 0;
  sqlite3_free(pCur->aAheadJob);
  pCur->aAheadJob = 0;
  pCur->bAheadTried = 0;
}
