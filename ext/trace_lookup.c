/*
** trace_lookup.c: lookups by rowid in trace_events, which make a join on
** parent cheap:
**
**   SELECT c.name, p.name FROM trace_events('t.json') c
**     JOIN trace_events('t.json') p ON p.rowid = c.parent;
**
** xBestIndex offers `rowid = ?` as a plan of its own (TEV_IDX_ROWID); its
** xFilter comes here once per rowid.  A rowid is the file's index << 32
** plus the event's number, so the file is known at once; the event comes
** from the file's event index (event_index.h: one read and parse of that
** event), its tree columns from the tree the statement's scan built
** (tree_cache.h) or one built for the lookups.  What a file's lookups need
** is kept in a slot from one xFilter to the next (the last
** TEV_LOOKUP_FILES files), while the plan, the path and the options stay
** the same.
*/
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include <stdlib.h>
#include <string.h>

#include "trace_table.h"

/* Should the tree of zFile record where its events start?  When rowid
** lookups that read events' fields will want the file's event index: the
** lookups' own tree (they read fields: mWant), or a scan of an argument a
** lookup plan was made for.  8 bytes per event, saving the index its pass
** over the file; only for a regular uncompressed file (a gzip one is
** indexed from its inflated copy). */
static int tracecurWantOffsets(TraceCursor *pCur, const char *zFile){
  TraceTable *pTab = (TraceTable*)pCur->base.pVtab;
  int bWant = 0, i;
  if( pCur->bLookup ){
    bWant = pCur->mWant!=0;
  }else if( pCur->zArg ){
    bWant = pTab->bLookupAnyPath;
    for(i=0; i<TEV_LOOKUP_PLANS && !bWant; i++){
      bWant = pTab->azLookupPlan[i] && strcmp(pTab->azLookupPlan[i], pCur->zArg)==0;
    }
  }
  return bWant && event_index_adoptable(zFile);
}

/* xBestIndex made a plan that looks up rows by rowid and reads their
** fields: note its path argument (constraint iPath, or -1 when the table
** has its own file) for tracecurWantOffsets.  Only a hint: a note that is
** missing or stale costs a pass over the file, never a wrong row. */
void tracetabNoteLookupPlan(TraceTable *pTab, sqlite3_index_info *pIdx, int iPath){
  sqlite3_value *pVal = 0;
  const char *zPath = pTab->zPath;
  int i;
  if( iPath>=0 ){
    zPath = 0;
    /* sqlite3_vtab_rhs_value is there from SQLite 3.38 on */
    if( sqlite3_libversion_number()>=3038000 && sqlite3_vtab_rhs_value(pIdx, iPath, &pVal)==SQLITE_OK
     && sqlite3_value_type(pVal)==SQLITE_TEXT ){
      zPath = (const char*)sqlite3_value_text(pVal);
    }
  }
  if( zPath==0 ){
    pTab->bLookupAnyPath = 1;
    return;
  }
  for(i=0; i<TEV_LOOKUP_PLANS; i++){
    if( pTab->azLookupPlan[i] && strcmp(pTab->azLookupPlan[i], zPath)==0 ) return;
  }
  i = pTab->iLookupPlanNext;
  pTab->iLookupPlanNext = (i + 1) % TEV_LOOKUP_PLANS;
  sqlite3_free(pTab->azLookupPlan[i]);
  pTab->azLookupPlan[i] = sqlite3_mprintf("%s", zPath);   /* NULL: a note less */
}

/* What the tree of zFile must hold for the statement (CALL_TREE_*);
** bOffsets: with where its events start, when lookups will want that. */
unsigned tracecurTreeFlags(TraceCursor *pCur, const char *zFile, int bOffsets){
  unsigned mFlags = (pCur->bStack ? CALL_TREE_NAMES : 0) | (pCur->bFunction ? CALL_TREE_FUNCTIONS : 0)
                  | (pCur->bYajlOnly ? CALL_TREE_YAJL_ONLY : 0) | (pCur->bPartial ? CALL_TREE_PARTIAL : 0)
                  | (pCur->bStack ? pCur->mFrames : 0);
  if( bOffsets && tracecurWantOffsets(pCur, zFile) ) mFlags |= CALL_TREE_OFFSETS;
  return mFlags;
}

/* Empty slot p of the lookups' files. */
void lookup_file_free(TraceTable *pTab, LookupFile *p){
  free(p->zUnit);
  tree_cache_release(&pTab->trees, p->pTree);
  event_index_free(p->pIndex);
  memset(p, 0, sizeof(*p));
  p->iFile = -1;
}

/* The rowid a lookup asks for, into *piRowid.  Returns 0 when the value
** is no whole number (NULL: a slice with no parent), which matches no row.
** A text or real value is compared as a number, as SQLite compares a
** rowid. */
static int lookup_rowid(sqlite3_value *pVal, sqlite3_int64 *piRowid){
  double r;
  switch( sqlite3_value_numeric_type(pVal) ){
    case SQLITE_INTEGER:
      *piRowid = sqlite3_value_int64(pVal);
      return 1;
    case SQLITE_FLOAT:
      r = sqlite3_value_double(pVal);
      if( r<1 || r>9e18 || r!=(double)(sqlite3_int64)r ) return 0;
      *piRowid = (sqlite3_int64)r;
      return 1;
  }
  return 0;
}

/* The options argument of a plan (TEV_IDX_OPTIONS), or NULL. */
const char *plan_options(int idxNum, sqlite3_value **argv){
  int i, iArg = 0;
  if( (idxNum & TEV_IDX_OPTIONS)==0 ) return 0;
  for(i=TEV_IDX_PATH; i<TEV_IDX_OPTIONS; i<<=1){
    if( idxNum & i ) iArg++;
  }
  return (const char*)sqlite3_value_text(argv[iArg]);
}

/* May a lookup keep what the cursor's last lookup set up (files, tree,
** index)?  When the plan, the path and the options are the same. */
int tracecurLookupReuse(const TraceCursor *pCur, int idxNum, const char *zArg, const char *zOpt){
  if( !pCur->bLookup || idxNum!=pCur->idxNumLookup ) return 0;
  if( zArg==0 || pCur->zArg==0 || strcmp(zArg, pCur->zArg)!=0 ) return 0;
  if( (zOpt==0)!=(pCur->zOptLookup==0) ) return 0;
  return zOpt==0 || strcmp(zOpt, pCur->zOptLookup)==0;
}

/* The slot of file iFile among the lookups' files: the one it has, or a
** new one in place of the least recently used (or, past the budget of
** events, in place of all the others). */
static LookupFile *tracecurLookupSlot(TraceCursor *pCur, int iFile){
  TraceTable *pTab = (TraceTable*)pCur->base.pVtab;
  LookupFile *pOld = &pCur->aLook[0];
  int64_t nEvent = 0;
  int i;
  for(i=0; i<TEV_LOOKUP_FILES; i++){
    LookupFile *p = &pCur->aLook[i];
    if( p->iFile==iFile ) return p;
    if( p->iUsed < pOld->iUsed ) pOld = p;
    if( p->pIndex ) nEvent += event_index_count(p->pIndex);
    else if( p->pTree ) nEvent += call_tree_events(p->pTree);
  }
  if( nEvent>TEV_LOOKUP_EVENTS ){
    for(i=0; i<TEV_LOOKUP_FILES; i++) lookup_file_free(pTab, &pCur->aLook[i]);
  }
  lookup_file_free(pTab, pOld);
  pOld->iFile = iFile;
  return pOld;
}

/* Make file iFile the cursor's current one for a lookup, with its tree
** when the statement reads the tree's columns.  *pbLeftOut is set when
** since=TIME leaves the file out (then it has no tree and no row). */
static int tracecurLookupFile(TraceCursor *pCur, int iFile, int *pbLeftOut){
  LookupFile *p;
  int rc;
  *pbLeftOut = 0;
  if( iFile==pCur->iFile && pCur->pLook ){
    *pbLeftOut = !tracecurFileRecent(pCur, pCur->zMtime);
    return SQLITE_OK;
  }
  tracecurCloseFile(pCur);
  p = tracecurLookupSlot(pCur, iFile);
  p->iUsed = ++pCur->iLookClock;
  if( p->zUnit==0 ){
    p->zUnit = trace_source_unit(pCur->azFile[iFile]);
    if( p->zUnit==0 ){
      p->iFile = -1;
      return SQLITE_NOMEM;
    }
    trace_file_id(pCur->azFile[iFile], &p->id);
    trace_file_mtime(&p->id, p->zMtime);
  }
  pCur->pLook = p;
  pCur->iFile = iFile;
  pCur->zUnit = p->zUnit;
  memcpy(pCur->zMtime, p->zMtime, sizeof(p->zMtime));
  pCur->pTree = p->pTree;
  pCur->pIndex = p->pIndex;
  *pbLeftOut = !tracecurFileRecent(pCur, p->zMtime);
  if( *pbLeftOut || pCur->eTree<TREE_WITH_ROWS || pCur->pTree ) return SQLITE_OK;
  rc = tracecurBuildTree(pCur, pCur->azFile[iFile],
      "standard input, a pipe, a FIFO or a device can be read only once: "
      "save it to a file to look events up by rowid");
  return rc!=SQLITE_OK ? rc : tracecurSameFile(pCur, pCur->azFile[iFile], &p->id);
}

/* Make the current file's index from the offsets its tree's pass
** recorded (CALL_TREE_OFFSETS), when a tree of the statement has them:
** this cursor's, or the scan's, found in the tree cache even when the
** lookups read no tree column.  Without them, or when they cannot be
** used (the file changed: the pass that builds the index then tells),
** pCur->pIndex stays NULL. */
static void tracecurLookupAdoptOffsets(TraceCursor *pCur, const char *zFile, unsigned mIndexFlags){
  TraceTable *pTab = (TraceTable*)pCur->base.pVtab;
  char zErr[TRACE_ERRMSG_MAX];
  EventOffsets offs;
  CallTree *pTree = pCur->pTree;
  if( pTree==0 ){
    unsigned mTree = (pCur->bYajlOnly ? CALL_TREE_YAJL_ONLY : 0) | (pCur->bPartial ? CALL_TREE_PARTIAL : 0);
    pTree = tree_cache_borrow(&pTab->trees, zFile, mTree);
  }
  if( pTree && call_tree_take_offsets(pTree, &offs)
   && event_index_adopt(zFile, &offs, mIndexFlags, &pCur->pIndex, zErr, sizeof(zErr)) ){
    pCur->pIndex = 0;
  }
  if( pTree!=pCur->pTree ) tree_cache_release(&pTab->trees, pTree);
}

/* The event of the current file with number iSeq, from its index. */
static int tracecurLookupEvent(TraceCursor *pCur, int64_t iSeq){
  char zErr[TRACE_ERRMSG_MAX];
  const char *zFile = pCur->azFile[pCur->iFile];
  if( pCur->pIndex==0 ){
    int rc;
    unsigned mFlags = (pCur->bYajlOnly ? EVENT_INDEX_YAJL_ONLY : 0) | (pCur->bPartial ? EVENT_INDEX_PARTIAL : 0);
    tracecurLookupAdoptOffsets(pCur, zFile, mFlags);
    if( pCur->pIndex==0
     && event_index_build_ex(zFile, pCur->nThread, mFlags, tracecurStop, pCur, &pCur->pIndex, zErr, sizeof(zErr)) ){
      return tracecurError(pCur, zFile, zErr);
    }
    rc = tracecurSameFile(pCur, zFile, &pCur->pLook->id);
    if( rc!=SQLITE_OK ) return rc;
  }
  pCur->pEv = event_index_fetch(pCur->pIndex, iSeq, pCur->mWant, zErr, sizeof(zErr));
  if( pCur->pEv==0 && zErr[0] ) return tracecurError(pCur, zFile, zErr);
  if( pCur->pEv && pCur->eTree==TREE_FOR_BE && pCur->pTree==0 && trace_event_is_b_or_e(pCur->pEv) ){
    int rc = tracecurBuildTree(pCur, zFile, "");
    return rc!=SQLITE_OK ? rc : tracecurSameFile(pCur, zFile, &pCur->pLook->id);
  }
  return SQLITE_OK;
}

/* xFilter of a lookup: the row whose rowid is pVal, or none.  A rowid is
** the file's index << 32 plus the event's number (tracetabRowid). */
int tracecurLookup(TraceCursor *pCur, sqlite3_value *pVal){
  sqlite3_int64 iRowid;
  int64_t iSeq;
  int rc, bNoMem = 0, bLeftOut;
  pCur->pEv = 0;
  if( !lookup_rowid(pVal, &iRowid) || iRowid<1 ) return SQLITE_OK;
  iSeq = iRowid & 0xffffffff;
  if( iSeq==0 || (iRowid>>32)>=pCur->nFile ) return SQLITE_OK;
  rc = tracecurLookupFile(pCur, (int)(iRowid>>32), &bLeftOut);
  if( rc!=SQLITE_OK || bLeftOut ) return rc;
  if( pCur->eTree==TREE_ALONE ){
    if( iSeq>call_tree_events(pCur->pTree) ) return SQLITE_OK;
    memset(&pCur->evBare, 0, sizeof(pCur->evBare));
    pCur->evBare.iSeq = iSeq;
    pCur->pEv = &pCur->evBare;
  }else{
    rc = tracecurLookupEvent(pCur, iSeq);
    if( rc!=SQLITE_OK || pCur->pEv==0 ) return rc;
  }
  if( pCur->pTree ){
    pCur->pSlice = call_tree_slice_at(pCur->pTree, iSeq, &bNoMem);
    pCur->iSliceOf = iSeq;
    if( bNoMem ) return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

