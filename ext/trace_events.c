/*
** trace_events.c: the trace_events and trace_metadata virtual tables.
**
** Usage, in the sqlite3 shell:
**
**   .load build/timetrace
**   SELECT name, count(*), sum(dur) FROM trace_events('t.llvm_timings.json')
**    GROUP BY name ORDER BY 3 DESC LIMIT 10;
**   SELECT * FROM trace_metadata('t.llvm_timings.json');
**   CREATE VIRTUAL TABLE temp.t USING trace_events('t.llvm_timings.json');
**
** How it works.  Both tables are eponymous (usable as table-valued
** functions) and may also be created with the file as their argument.  The
** declared schemas are:
**
**   trace_events(pid INTEGER, tid INTEGER, ph TEXT, name TEXT, cat TEXT,
**                ts NUMERIC, dur NUMERIC, detail TEXT, args TEXT, id TEXT,
**                extra TEXT, file TEXT, unit TEXT, depth INTEGER,
**                parent INTEGER, self_dur NUMERIC, stack TEXT,
**                symbol TEXT, mtime TEXT, nested_same_name INTEGER,
**                path HIDDEN, options HIDDEN)
**   trace_metadata(key TEXT, value TEXT, file TEXT, path HIDDEN,
**                  options HIDDEN)
**
** The argument is a file, a directory or a glob pattern
** (trace_source_expand); the files are read one after another, in sorted
** order.  One row per event, in file order; rowid = the event's 1-based
** position in its file plus (the file's index in the list) << 32.
** A cursor streams each file through an EventPScan (event_pscan.c: several
** threads on one plain file, else one event_reader.c reader): only
** the columns the statement uses (colUsed) are built, and equality
** constraints on name (also IN), ph, cat, pid and tid are checked by the
** reader before a row is handed to SQLite.  SQLite checks them again
** (omit=0): the pushdown only skips rows that cannot match.  Constraints
** on unit and file skip whole files.  When the statement reads depth,
** parent, self_dur, stack or symbol, each file is first read once more
** to build its call tree (call_tree.c); when it reads no other column of
** the events (only those five, rowid, file, unit, mtime, path, options),
** the rows are numbered from the tree and the file is read only that
** once.  The tree is kept in the table's tree cache while the statement
** uses it, so that `rowid = ?` lookups (trace_lookup.c, a join on parent)
** use it too.
**
** With the option partial=1, a file whose scan stops on an error in its
** bytes (a trace cut short by a killed build) ends there instead of
** failing the statement: its complete events are the rows, the scan goes
** on to the next file, and the stop is reported by a warning in SQLite's
** log (trace_events) or a row key='partial' (trace_metadata; partial.h).
**
** Reading files is SQLITE_VTAB_DIRECTONLY: a view or trigger in a database
** someone else made cannot make the user's connection read the user's files.
*/
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "partial.h"
#include "rows_ahead.h"
#include "text_buf.h"
#include "trace_events.h"
#include "trace_table.h"

/* Remove the quotes around an argument of CREATE VIRTUAL TABLE, in place. */
static void trace_dequote(char *z){
  char q = z[0];
  size_t i, j, n;
  if( q!='\'' && q!='"' ) return;
  n = strlen(z);
  if( n<2 || z[n-1]!=q ) return;
  for(i=1, j=0; i<n-1; i++){
    if( z[i]==q && z[i+1]==q ) i++;
    z[j++] = z[i];
  }
  z[j] = 0;
}

/* What the modules and functions of one connection share: whether the
** user allowed trace tables in database files.  Freed with its last user
** (the two modules and the function), refcounted. */
typedef struct TraceConn {
  int bAllowPersistent;
  int nRef;
  struct TraceAux { int bMeta; struct TraceConn *pConn; } events, meta;
} TraceConn;

static void traceconn_release(void *p){
  TraceConn *pConn = ((struct TraceAux*)p)->pConn;
  if( --pConn->nRef==0 ) sqlite3_free(pConn);
}

/* timetrace_allow_persistent_tables(ON): allow (1) or refuse (0, the
** default) trace_events tables that name a file in a schema other than
** temp, for this connection; returns the previous setting.  Direct-only:
** a view or trigger of the database cannot allow it for the user. */
static void allow_persistent_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  TraceConn *pConn = ((struct TraceAux*)sqlite3_user_data(ctx))->pConn;
  int bOld = pConn->bAllowPersistent;
  (void)argc;
  if( sqlite3_value_type(argv[0])!=SQLITE_NULL ) pConn->bAllowPersistent = sqlite3_value_int(argv[0])!=0;
  sqlite3_result_int(ctx, bOld);
}

/* Is a table of this schema that names a file (argc>=4) allowed?  A
** database file can hold `CREATE VIRTUAL TABLE t USING
** trace_events('/etc/passwd')`: whoever opens it and reads t would read
** the file its author chose.  Tables in temp are the user's own. */
static int tracetab_allowed(const struct TraceAux *pAux, int argc, const char *const*argv, char **pzErr){
  if( argc<4 || sqlite3_stricmp(argv[1], "temp")==0 || pAux->pConn->bAllowPersistent ) return 1;
  *pzErr = sqlite3_mprintf("%s: table %s.%s names a file, which only a table in the temp schema may do "
                           "(CREATE VIRTUAL TABLE temp.%s USING %s(...)): a database file could otherwise make "
                           "whoever opens it read a file its author chose; if this database is yours, "
                           "SELECT timetrace_allow_persistent_tables(1) first", argv[0], argv[1], argv[2],
                           argv[2], argv[0]);
  return 0;
}

/* xConnect and xCreate for both tables: pAux tells which one. */
static int tracetabConnect(sqlite3 *db, void *pAux, int argc, const char *const*argv,
                           sqlite3_vtab **ppVtab, char **pzErr){
  TraceTable *pTab;
  int bMeta = ((struct TraceAux*)pAux)->bMeta;
  int rc;
  *ppVtab = 0;
  if( !tracetab_allowed(pAux, argc, argv, pzErr) ) return *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
  if( argc>5 ){
    *pzErr = sqlite3_mprintf("%s: at most two arguments expected (the trace file and the options)", argv[0]);
    return SQLITE_ERROR;
  }
  rc = sqlite3_declare_vtab(db, bMeta ? TMETA_SCHEMA : TEV_SCHEMA);
  if( rc!=SQLITE_OK ) return rc;
  pTab = sqlite3_malloc(sizeof(*pTab));
  if( pTab==0 ) return SQLITE_NOMEM;
  memset(pTab, 0, sizeof(*pTab));
  pTab->bMeta = bMeta;
  pTab->db = db;
  pTab->bTermText = trace_text_wants_nul();
  if( argc>=4 ){
    pTab->zPath = sqlite3_mprintf("%s", argv[3]);
    if( pTab->zPath==0 ){
      sqlite3_free(pTab);
      return SQLITE_NOMEM;
    }
    trace_dequote(pTab->zPath);
  }
  if( argc==5 ){
    /* checked by the first scan, as the second argument of trace_events() is */
    pTab->zOptions = sqlite3_mprintf("%s", argv[4]);
    if( pTab->zOptions==0 ){
      sqlite3_free(pTab->zPath);
      sqlite3_free(pTab);
      return SQLITE_NOMEM;
    }
    trace_dequote(pTab->zOptions);
  }
  /* Reads files: never from a view, trigger or schema the user did not write. */
  sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
  *ppVtab = &pTab->base;
  return SQLITE_OK;
}

static int tracetabDisconnect(sqlite3_vtab *pVtab){
  TraceTable *pTab = (TraceTable*)pVtab;
  int i;
  tree_cache_clear(&pTab->trees);
  for(i=0; i<TEV_LOOKUP_PLANS; i++) sqlite3_free(pTab->azLookupPlan[i]);
  sqlite3_free(pTab->zPath);
  sqlite3_free(pTab->zOptions);
  sqlite3_free(pTab);
  return SQLITE_OK;
}

static int tracetabOpen(sqlite3_vtab *pVtab, sqlite3_vtab_cursor **ppCur){
  TraceCursor *pCur = sqlite3_malloc(sizeof(*pCur));
  int i;
  (void)pVtab;
  if( pCur==0 ) return SQLITE_NOMEM;
  memset(pCur, 0, sizeof(*pCur));
  for(i=0; i<TEV_LOOKUP_FILES; i++) pCur->aLook[i].iFile = -1;
  *ppCur = &pCur->base;
  return SQLITE_OK;
}

/* Close the current file. */
void tracecurCloseFile(TraceCursor *pCur){
  TraceTable *pTab = (TraceTable*)pCur->base.pVtab;
  if( pCur->pLook ){
    /* a lookup's file: its slot keeps what it had, and what was added */
    pCur->pLook->pTree = pCur->pTree;
    pCur->pLook->pIndex = pCur->pIndex;
    pCur->pLook = 0;
    pCur->pTree = 0;
    pCur->pIndex = 0;
    pCur->zUnit = 0;
    pCur->pEv = 0;
    pCur->iSliceOf = 0;
    pCur->pSlice = 0;
    return;
  }
  event_pscan_close(pCur->pFile);
  pCur->pFile = 0;
  rows_ahead_free(pCur->pAheadRows);
  pCur->pAheadRows = 0;
  tree_cache_release(&pTab->trees, pCur->pTree);
  pCur->pTree = 0;
  event_index_free(pCur->pIndex);
  pCur->pIndex = 0;
  free(pCur->zUnit);
  pCur->zUnit = 0;
  pCur->pEv = 0;
  pCur->iSliceOf = 0;
  pCur->pSlice = 0;
  pCur->nTreeEvent = 0;
  pCur->iLastSeq = 0;
  free(pCur->zStopText);
  pCur->zStopText = 0;
}

/* Forget the files and the filters of the last scan. */
static void tracecurReset(TraceCursor *pCur){
  int i;
  tracecurCloseFile(pCur);
  for(i=0; i<TEV_LOOKUP_FILES; i++) lookup_file_free((TraceTable*)pCur->base.pVtab, &pCur->aLook[i]);
  trace_source_free_list(pCur->azFile, pCur->nFile);
  pCur->azFile = 0;
  sqlite3_free(pCur->zArg);
  pCur->zArg = 0;
  pCur->nFile = 0;
  pCur->iFile = 0;
  sqlite3_free(pCur->aFileOrder);
  pCur->aFileOrder = 0;
  pCur->iOrder = 0;
  sqlite3_free(pCur->filter.aNameIn);
  memset(&pCur->filter, 0, sizeof(pCur->filter));
  sqlite3_free(pCur->aText);
  pCur->aText = 0;
  pCur->mFilter = 0;
  pCur->bLookup = 0;
  sqlite3_free(pCur->zOptLookup);
  pCur->zOptLookup = 0;
  sqlite3_free(pCur->zOptArg);
  pCur->zOptArg = 0;
  tracecurAheadStop(pCur);
  trace_group_free(pCur->pGroup);
  pCur->pGroup = 0;
  pCur->pRowsInBuild = 0;
  trace_source_free_list(pCur->azSkipped, pCur->nSkipped);
  pCur->azSkipped = 0;
  pCur->nSkipped = 0;
  free(pCur->zSkippedText);
  pCur->zSkippedText = 0;
}

static int tracetabClose(sqlite3_vtab_cursor *cur){
  TraceCursor *pCur = (TraceCursor*)cur;
  tracecurReset(pCur);
  interrupt_probe_free(&pCur->probe);
  sqlite3_free(pCur);
  return SQLITE_OK;
}

const char *tracecurTableName(const TraceCursor *pCur){
  return ((TraceTable*)pCur->base.pVtab)->bMeta ? "trace_metadata" : "trace_events";
}

/* Set the table's error message to "<table>: <zWhere>: <zMsg>".  zWhere
** is a path or an option as the user gave it, zMsg may quote another
** path: both go through text_shown, so that the message is UTF-8 and
** bounded whatever bytes a file name holds. */
int tracecurError(TraceCursor *pCur, const char *zWhere, const char *zMsg){
  sqlite3_vtab *pVtab = pCur->base.pVtab;
  char aWhere[TRACE_SHOWN_PATH_SIZE], aMsg[TRACE_SHOWN_MSG_SIZE];
  sqlite3_free(pVtab->zErrMsg);
  if( pCur->bInterrupted ){
    /* the readers stopped because tracecurStop said so: SQLite's own words */
    pVtab->zErrMsg = sqlite3_mprintf("interrupted");
    return pVtab->zErrMsg ? SQLITE_INTERRUPT : SQLITE_NOMEM;
  }
  text_shown(zWhere, strlen(zWhere), TRACE_SHOWN_PATH, aWhere, sizeof(aWhere));
  text_shown(zMsg, strlen(zMsg), sizeof(aMsg), aMsg, sizeof(aMsg));
  pVtab->zErrMsg = sqlite3_mprintf("%s: %s: %s", tracecurTableName(pCur), aWhere, aMsg);
  return pVtab->zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
}

/* The readers' stop callback (EventStopFn): has sqlite3_interrupt() been
** called on the connection since the statement started?  They ask it
** every few hundred KB of input, so a statement that works inside one
** call (a filter that drops every row, building a call tree or an index,
** one huge string, a FIFO with no writer) stops within milliseconds
** (interrupt_probe.h says how, in SQLite before 3.41 too).  Only ever
** called on the thread running the statement (EventStopFn). */
int tracecurStop(void *pCtx){
  TraceCursor *pCur = pCtx;
  if( !pCur->bInterrupted ){
    pCur->bInterrupted = interrupt_probe_check(&pCur->probe, ((TraceTable*)pCur->base.pVtab)->db);
  }
  return pCur->bInterrupted;
}

/* Does the file filter (unit = ?, file = ?, since=TIME) let file zFile,
** of unit zUnit and modified at zMtime, through? */
int tracecurFileWanted(const TraceCursor *pCur, const char *zFile, const char *zUnit, const char *zMtime){
  if( !tracecurFileRecent(pCur, zMtime) ) return 0;
  if( (pCur->mFilter & TEV_IDX_UNIT) &&
      !(strlen(zUnit)==(size_t)pCur->unit.n && memcmp(zUnit, pCur->unit.z, (size_t)pCur->unit.n)==0) ){
    return 0;
  }
  if( (pCur->mFilter & TEV_IDX_FILE) &&
      !(strlen(zFile)==(size_t)pCur->file.n && memcmp(zFile, pCur->file.z, (size_t)pCur->file.n)==0) ){
    return 0;
  }
  return 1;
}

/* Build the call tree of file zFile (the cursor's current file) by reading
** it once on its own.  Standard input, a pipe, a FIFO or a device can be
** read only once (trace_source_one_pass): then, unless the rows come from
** the tree alone, the error is zOnce. */
int tracecurBuildTree(TraceCursor *pCur, const char *zFile, const char *zOnce){
  TraceTable *pTab = (TraceTable*)pCur->base.pVtab;
  char zErr[TRACE_ERRMSG_MAX];
  unsigned mFlags = tracecurTreeFlags(pCur, zFile, 0);
  if( pCur->bLookup && (pCur->pTree = tree_cache_borrow(&pTab->trees, zFile, mFlags))!=0 ){
    return SQLITE_OK;      /* the tree another cursor of the statement built */
  }
  if( pCur->eTree!=TREE_ALONE && pCur->pRowsInBuild==0 && trace_source_one_pass(zFile) ){
    return tracecurError(pCur, zFile, zOnce);
  }
  mFlags = tracecurTreeFlags(pCur, zFile, 1);
  pCur->rcRowsInBuild = SQLITE_OK;
  if( call_tree_build_rows(zFile, pCur->nThread, (size_t)pCur->nPiece, mFlags, tracecurStop, pCur,
                           pCur->pRowsInBuild, &pCur->pTree, zErr, sizeof(zErr)) ){
    /* no message: pRowsInBuild's xRow stopped it, and said why */
    if( zErr[0]==0 && pCur->rcRowsInBuild!=SQLITE_OK ) return pCur->rcRowsInBuild;
    return tracecurError(pCur, zFile, zErr);
  }
  if( tree_cache_add(&pTab->trees, zFile, mFlags, pCur->pTree) ){
    call_tree_free(pCur->pTree);
    pCur->pTree = 0;
    return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

/* Is pEv a B or an E event, or an async b or e?  The first one of a file
** makes a statement that reads dur or extra build the file's tree
** (TREE_FOR_BE): their dur and extra come from pairing them. */
int trace_event_is_b_or_e(const TraceEvent *pEv){
  const EventField *f = &pEv->aField[EF_PH];
  const char *z = event_field_bytes(pEv, EF_PH);
  return f->eType==EV_STRING && f->nByte==1 && (z[0]=='B' || z[0]=='E' || z[0]=='b' || z[0]=='e');
}

/* Move iFile to the next file: the next of the list, or of aFileOrder
** when set; nFile past the last. */
static void tracecurStepFile(TraceCursor *pCur){
  if( pCur->aFileOrder==0 ){
    pCur->iFile++;
    return;
  }
  pCur->iOrder++;
  pCur->iFile = pCur->iOrder<pCur->nFile ? pCur->aFileOrder[pCur->iOrder] : pCur->nFile;
}

/* Open the next file of the list that the filters want (iFile moves on),
** building its call tree first when needed.  At the end pFile stays NULL,
** and so it does when the rows come with the tree (pRowsInBuild). */
int tracecurOpenNextFile(TraceCursor *pCur){
  TraceTable *pTab = (TraceTable*)pCur->base.pVtab;
  EventReaderConfig cfg;
  char zErr[TRACE_ERRMSG_MAX];
  tracecurCloseFile(pCur);
  if( !pCur->bAheadTried ){
    int rc = tracecurAheadStart(pCur);
    if( rc!=SQLITE_OK ) return rc;
  }
  for(tracecurStepFile(pCur); pCur->iFile<pCur->nFile; tracecurStepFile(pCur)){
    const char *zFile = pCur->azFile[pCur->iFile];
    pCur->zUnit = trace_source_unit(zFile);
    if( pCur->zUnit==0 ) return SQLITE_NOMEM;
    trace_file_id(zFile, &pCur->idFile);       /* one stat: identity and mtime */
    trace_file_mtime(&pCur->idFile, pCur->zMtime);
    if( !tracecurFileWanted(pCur, zFile, pCur->zUnit, pCur->zMtime) ){
      free(pCur->zUnit);
      pCur->zUnit = 0;
      continue;
    }
    if( pCur->eTree>=TREE_WITH_ROWS ){
      int rc = pCur->pAhead ? tracecurAheadTake(pCur, zFile) : SQLITE_OK;
      if( rc==SQLITE_OK && pCur->pTree==0 ) rc = tracecurBuildTree(pCur, zFile,
          "depth, parent, self_dur and stack with other columns of the events read the file twice, "
          "which standard input, a pipe, a FIFO or a device cannot do: save it to a file "
          "(or read only the call tree's columns)");
      if( rc!=SQLITE_OK ) return rc;
      if( pCur->eTree==TREE_ALONE ){
        /* The build read and checked every event: no second scan. */
        pCur->nTreeEvent = call_tree_events(pCur->pTree);
        memset(&pCur->evBare, 0, sizeof(pCur->evBare));
        return SQLITE_OK;
      }
      /* the build handed the rows on, or they were read ahead */
      if( pCur->pRowsInBuild || pCur->pAheadRows ) return SQLITE_OK;
    }
    memset(&cfg, 0, sizeof(cfg));
    cfg.mWant = pCur->mWant;
    cfg.bMetadata = pTab->bMeta;
    cfg.bYajlOnly = pCur->bYajlOnly;
    if( pCur->filter.m ){
      cfg.xAccept = event_filter_accept;
      cfg.pAcceptCtx = &pCur->filter;
    }
    cfg.xStop = tracecurStop;
    cfg.pStopCtx = pCur;
    if( event_pscan_open(zFile, &cfg, pCur->nThread, &pCur->pFile, zErr, sizeof(zErr)) ){
      return tracecurError(pCur, zFile, zErr);
    }
    if( pCur->nPiece ) event_pscan_set_piece_size(pCur->pFile, (size_t)pCur->nPiece);
    return pCur->pTree ? tracecurSameFile(pCur, zFile, &pCur->idFile) : SQLITE_OK;
  }
  return SQLITE_OK;
}

/* partial=1: say in SQLite's log that the scan of the current file
** stopped early, and why (zErr), for the hosts that show the log. */
void tracecurLogStop(TraceCursor *pCur, const char *zErr){
  sqlite3_log(SQLITE_WARNING, "%s: %s: stopped early (partial=1): %s",
              tracecurTableName(pCur), pCur->azFile[pCur->iFile], zErr);
}

/* The scan of the current file ended: at the end of the file (zErr NULL)
** or on error zErr.  By default, or when the error is not in the file's
** bytes (partial_tolerates), an error is the statement's.  With partial=1
** the file ends here: trace_events logs a warning; trace_metadata makes
** its row key='partial' the current row (pEv; iFile is still its file)
** when the events of the file stop early, once.  Returns SQLITE_OK with
** pEv NULL when the scan may go on to the next file. */
static int tracecurFileEnd(TraceCursor *pCur, const char *zErr){
  const char *zFile = pCur->azFile[pCur->iFile];
  char zStop[TRACE_ERRMSG_MAX];
  EventReaderConfig cfg;
  if( zErr && (!pCur->bPartial || !partial_tolerates(zErr)) ) return tracecurError(pCur, zFile, zErr);
  if( !((TraceTable*)pCur->base.pVtab)->bMeta ){
    if( zErr ) tracecurLogStop(pCur, zErr);
    return SQLITE_OK;
  }
  if( !pCur->bPartial || pCur->zStopText ) return SQLITE_OK;
  /* where trace_events would stop, in its words, which are what to report */
  memset(&cfg, 0, sizeof(cfg));
  cfg.bYajlOnly = pCur->bYajlOnly;
  if( partial_events_stop(zFile, &cfg, pCur->nThread, (size_t)pCur->nPiece, zErr, zStop, sizeof(zStop)) ){
    return tracecurError(pCur, zFile, zStop);
  }
  if( zStop[0]==0 ) return SQLITE_OK;
  if( partial_metadata_row(zStop, pCur->iLastSeq + 1, &pCur->evStop, &pCur->zStopText) ) return SQLITE_NOMEM;
  pCur->pEv = &pCur->evStop;
  return SQLITE_OK;
}

/* trace_metadata with skip=nontrace: the row of the file left out whose
** path is azSkipped[iSkipped], or, past the last, the first file's rows. */
static int tracecurSkippedRow(TraceCursor *pCur){
  int rc;
  free(pCur->zSkippedText);
  pCur->zSkippedText = 0;
  if( pCur->iSkipped+1<pCur->nSkipped ){
    if( metadata_text_row(SKIPPED_KEY, pCur->azSkipped[pCur->iSkipped+1], pCur->iSkipped/2 + 1,
                          &pCur->evSkipped, &pCur->zSkippedText) ){
      return SQLITE_NOMEM;
    }
    pCur->pEv = &pCur->evSkipped;
    return SQLITE_OK;
  }
  pCur->pEv = 0;
  rc = tracecurOpenNextFile(pCur);
  return rc==SQLITE_OK ? tracecurNext(pCur) : rc;
}

/* Is the current row one of the files skip=nontrace left out? */
int tracecurOnSkippedRow(const TraceCursor *pCur){
  return pCur->pEv!=0 && pCur->pEv==&pCur->evSkipped;
}

/* Move to the next row that passes the filters, or to EOF. */
static int tracetabNext(sqlite3_vtab_cursor *cur){
  TraceCursor *pCur = (TraceCursor*)cur;
  if( pCur->pGroup ) return tracecurGroupNext(pCur);
  if( tracecurOnSkippedRow(pCur) ){
    pCur->iSkipped += 2;
    return tracecurSkippedRow(pCur);
  }
  return tracecurNext(pCur);
}

int tracecurNext(TraceCursor *pCur){
  int rcOpen;
  if( pCur->bLookup ){
    pCur->pEv = 0;           /* a lookup gives one row at most */
    return SQLITE_OK;
  }
  while( pCur->eTree==TREE_ALONE && pCur->pTree ){
    if( pCur->evBare.iSeq < pCur->nTreeEvent ){
      pCur->evBare.iSeq++;
      pCur->pEv = &pCur->evBare;
      return SQLITE_OK;
    }
    if( call_tree_stopped(pCur->pTree) ) tracecurLogStop(pCur, call_tree_stopped(pCur->pTree));
    if( (rcOpen = tracecurOpenNextFile(pCur))!=SQLITE_OK ) return pCur->bInterrupted ? SQLITE_INTERRUPT : rcOpen;
  }
  while( pCur->pFile || pCur->pAheadRows ){
    const char *zErr;
    if( pCur->pAheadRows ){
      if( tracecurAheadNext(pCur) ) return SQLITE_OK;
      if( (rcOpen = tracecurOpenNextFile(pCur))!=SQLITE_OK ) return pCur->bInterrupted ? SQLITE_INTERRUPT : rcOpen;
      continue;
    }
    pCur->pEv = event_pscan_next(pCur->pFile);
    if( pCur->pEv ){
      pCur->iLastSeq = pCur->pEv->iSeq;
      if( pCur->eTree==TREE_FOR_BE && pCur->pTree==0 && trace_event_is_b_or_e(pCur->pEv) ){
        /* rows before this one are X, M, i ...: their dur and extra are the
        ** event's own whether there is a tree or not */
        int rc = tracecurBuildTree(pCur, pCur->azFile[pCur->iFile],
            "the dur and extra of B and E events come from matching them, which reads the file "
            "twice: standard input, a pipe, a FIFO or a device cannot be read twice: save it to a file");
        return rc!=SQLITE_OK ? rc : tracecurSameFile(pCur, pCur->azFile[pCur->iFile], &pCur->idFile);
      }
      return SQLITE_OK;
    }
    zErr = event_pscan_errmsg(pCur->pFile);
    if( zErr || pCur->bPartial ){
      int rc = tracecurFileEnd(pCur, zErr);
      if( rc!=SQLITE_OK || pCur->pEv ) return rc;
    }
    if( (rcOpen = tracecurOpenNextFile(pCur))!=SQLITE_OK ) return pCur->bInterrupted ? SQLITE_INTERRUPT : rcOpen;
  }
  return SQLITE_OK;
}

/* Take the text of a filter argument.  Returns 0, or 1 when the value is
** not text (then the filter is not applied: SQLite alone decides). */
static int filter_text(sqlite3_value *pVal, FilterText *pOut, char **pzNext){
  if( sqlite3_value_type(pVal)!=SQLITE_TEXT ) return 1;
  pOut->n = sqlite3_value_bytes(pVal);
  memcpy(*pzNext, sqlite3_value_text(pVal), (size_t)pOut->n);
  pOut->z = *pzNext;
  *pzNext += pOut->n;
  return 0;
}

/* The values of name IN (...): sorted, for bsearch.  A non-text value in
** the list could match some row, so then no filter is applied at all. */
static int tracecurSetNameIn(TraceCursor *pCur, sqlite3_value *pList, char **pzNext){
  sqlite3_value *pItem;
  int rc, bAllText = 1;
  for(rc=sqlite3_vtab_in_first(pList, &pItem); rc==SQLITE_OK && pItem; rc=sqlite3_vtab_in_next(pList, &pItem)){
    if( filter_text(pItem, &pCur->filter.aNameIn[pCur->filter.nNameIn], pzNext) ) bAllText = 0;
    else pCur->filter.nNameIn++;
  }
  if( rc!=SQLITE_OK && rc!=SQLITE_DONE ) return rc;
  if( bAllText ){
    event_filter_sort_names(&pCur->filter);
    pCur->filter.m |= EVENT_FILTER_NAME_IN;
  }
  return SQLITE_OK;
}

/* Copy the pushed-down constraint values into the cursor.  argv[0] is the
** path when TEV_IDX_PATH is set; the others follow in bit order. */
static int tracecurSetFilters(TraceCursor *pCur, int idxNum, int argc, sqlite3_value **argv){
  int i, iArg = (idxNum & TEV_IDX_PATH) ? 1 : 0;
  sqlite3_int64 nText = 1;
  char *zNext;
  /* Room for every text argument, IN lists included. */
  for(i=iArg; i<argc; i++){
    if( sqlite3_value_type(argv[i])==SQLITE_TEXT ) nText += sqlite3_value_bytes(argv[i]);
  }
  if( idxNum & TEV_IDX_NAME_IN ){
    sqlite3_value *pList = argv[iArg + ((idxNum & TEV_IDX_NAME) ? 1 : 0)];
    sqlite3_value *pVal;
    int rc, n = 0;
    for(rc=sqlite3_vtab_in_first(pList, &pVal); rc==SQLITE_OK && pVal; rc=sqlite3_vtab_in_next(pList, &pVal)){
      if( sqlite3_value_type(pVal)==SQLITE_TEXT ) nText += sqlite3_value_bytes(pVal);
      n++;
    }
    if( rc!=SQLITE_OK && rc!=SQLITE_DONE ) return rc;
    pCur->filter.aNameIn = sqlite3_malloc64(sizeof(FilterText)*(size_t)(n+1));
    if( pCur->filter.aNameIn==0 ) return SQLITE_NOMEM;
  }
  pCur->aText = sqlite3_malloc64((sqlite3_uint64)nText);
  if( pCur->aText==0 ) return SQLITE_NOMEM;
  zNext = pCur->aText;
  for(i=TEV_IDX_NAME; i<(1<<TEV_IDX_NFILTER); i<<=1){
    FilterText *pText = 0;
    unsigned mBit = 0;        /* the EventFilter bit pText is, 0: a file filter */
    sqlite3_value *pVal;
    if( (idxNum & i)==0 ) continue;
    pVal = argv[iArg++];
    switch( i ){
      case TEV_IDX_NAME: pText = &pCur->filter.name; mBit = EVENT_FILTER_NAME; break;
      case TEV_IDX_PH:   pText = &pCur->filter.ph;   mBit = EVENT_FILTER_PH;   break;
      case TEV_IDX_CAT:  pText = &pCur->filter.cat;  mBit = EVENT_FILTER_CAT;  break;
      case TEV_IDX_UNIT: pText = &pCur->unit; break;
      case TEV_IDX_FILE: pText = &pCur->file; break;
      case TEV_IDX_OPTIONS: {
        const char *z = (const char*)sqlite3_value_text(pVal);
        int rc = SQLITE_OK;
        if( sqlite3_value_type(pVal)==SQLITE_NULL ) break;
        rc = z ? tracecurSetOptions(pCur, z) : SQLITE_NOMEM;
        if( rc!=SQLITE_OK ) return rc;
        sqlite3_free(pCur->zOptArg);
        if( (pCur->zOptArg = sqlite3_mprintf("%s", z))==0 ) return SQLITE_NOMEM;
        break;
      }
      case TEV_IDX_PID:
      case TEV_IDX_TID:
        if( sqlite3_value_type(pVal)==SQLITE_INTEGER ){
          *(i==TEV_IDX_PID ? &pCur->filter.iPid : &pCur->filter.iTid) = sqlite3_value_int64(pVal);
          pCur->filter.m |= i==TEV_IDX_PID ? EVENT_FILTER_PID : EVENT_FILTER_TID;
        }
        break;
      case TEV_IDX_NAME_IN: {
        int rc = tracecurSetNameIn(pCur, pVal, &zNext);
        if( rc!=SQLITE_OK ) return rc;
        break;
      }
    }
    if( pText && filter_text(pVal, pText, &zNext)==0 ){
      if( mBit ) pCur->filter.m |= mBit;
      else pCur->mFilter |= i;
    }
  }
  return SQLITE_OK;
}

/*
** xFilter: list the files and open the first one.  idxNum and argv are as
** described above xBestIndex.  A lookup (TEV_IDX_ROWID) finds its row with
** tracecurLookup instead, keeping files, tree and index between calls.
*/
static int tracetabFilter(sqlite3_vtab_cursor *cur, int idxNum, const char *idxStr,
                          int argc, sqlite3_value **argv){
  TraceCursor *pCur = (TraceCursor*)cur;
  TraceTable *pTab = (TraceTable*)cur->pVtab;
  char zErr[TRACE_ERRMSG_MAX];
  const char *zArg;
  int rc;
  pCur->bInterrupted = 0;
  if( idxNum & TEV_IDX_PATH ){
    zArg = (const char*)sqlite3_value_text(argv[0]);
  }else{
    zArg = pTab->zPath;
    if( zArg==0 ){
      const char *zName = tracecurTableName(pCur);
      sqlite3_free(cur->pVtab->zErrMsg);
      cur->pVtab->zErrMsg = sqlite3_mprintf("%s: no trace file given: use %s('file.json')", zName, zName);
      return cur->pVtab->zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
    }
  }
  if( zArg==0 ){
    /* A NULL path is a parameter nobody set (the sql/ files take :trace):
    ** an error says so, where no rows would say nothing. */
    const char *zName = tracecurTableName(pCur);
    sqlite3_free(cur->pVtab->zErrMsg);
    cur->pVtab->zErrMsg = sqlite3_mprintf("%s: the path is NULL (in the sqlite3 shell, set the parameter "
                                          "first: .parameter set :trace 'file.json')", zName);
    return cur->pVtab->zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
  }
  if( (idxNum & TEV_IDX_ROWID) && tracecurLookupReuse(pCur, idxNum, zArg, plan_options(idxNum, argv)) ){
    return tracecurLookup(pCur, argv[argc-1]);
  }
  tracecurReset(pCur);
  pCur->zArg = sqlite3_mprintf("%s", zArg);
  if( pCur->zArg==0 ) return SQLITE_NOMEM;
  pCur->nMaxText = (uint32_t)sqlite3_limit(pTab->db, SQLITE_LIMIT_LENGTH, -1);
  pCur->nThread = trace_online_cpus();
  pCur->nPiece = 0;
  pCur->bYajlOnly = 0;
  pCur->zSince[0] = 0;
  pCur->bPartial = 0;
  pCur->mFrames = 0;
  if( pTab->zOptions ){
    if( (rc = tracecurSetOptions(pCur, pTab->zOptions))!=SQLITE_OK ) return rc;
    if( (pCur->zOptArg = sqlite3_mprintf("%s", pTab->zOptions))==0 ) return SQLITE_NOMEM;
  }
  rc = tracecurSetFilters(pCur, idxNum, argc, argv);
  if( rc!=SQLITE_OK ) return rc;
  pCur->mWant = ((unsigned)idxNum >> TEV_IDX_WANT_SHIFT) & EVENT_WANT_ALL;
  pCur->bStack = (idxNum & TEV_IDX_STACK)!=0;
  pCur->bFunction = (idxNum & TEV_IDX_SYMBOL)!=0;
  if( tev_tree_alone(idxNum) ) pCur->eTree = TREE_ALONE;
  else if( idxNum & TEV_IDX_TREE ) pCur->eTree = TREE_WITH_ROWS;
  else if( !((TraceTable*)cur->pVtab)->bMeta && (pCur->mWant & (EVENT_WANT(EF_DUR)|EVENT_WANT(EF_EXTRA))) ){
    pCur->eTree = TREE_FOR_BE;
  }else{
    pCur->eTree = TREE_NONE;
  }
  if( tracecurExpand(pCur, zErr, sizeof(zErr)) ){
    return tracecurError(pCur, pCur->zArg, zErr);
  }
  pCur->iFile = -1;
  pCur->iOrder = -1;
  if( idxNum & TEV_IDX_ROWID ){
    const char *zOpt = plan_options(idxNum, argv);
    pCur->bLookup = 1;
    pCur->idxNumLookup = idxNum;
    if( zOpt && (pCur->zOptLookup = sqlite3_mprintf("%s", zOpt))==0 ) return SQLITE_NOMEM;
    return tracecurLookup(pCur, argv[argc-1]);
  }
  if( idxNum & TEV_IDX_GROUP ) return tracecurGroupScan(pCur, idxStr);
  if( pCur->nSkipped ){
    pCur->iSkipped = 0;
    return tracecurSkippedRow(pCur);
  }
  rc = tracecurOpenNextFile(pCur);
  if( rc==SQLITE_OK ) rc = tracecurNext(pCur);
  return rc;
}

static int tracetabEof(sqlite3_vtab_cursor *cur){
  return ((TraceCursor*)cur)->pEv==0;
}

static int tracetabRowid(sqlite3_vtab_cursor *cur, sqlite_int64 *pRowid){
  TraceCursor *pCur = (TraceCursor*)cur;
  if( tracecurOnSkippedRow(pCur) ){
    *pRowid = -pCur->evSkipped.iSeq;      /* below every file's rows: -1, -2, ... */
    return SQLITE_OK;
  }
  *pRowid = pCur->pGroup ? tracecurGroupRowid(pCur) : ((sqlite3_int64)pCur->iFile << 32) + pCur->pEv->iSeq;
  return SQLITE_OK;
}

/* Which filter slot (bit number of TEV_IDX_*) a constraint on column iCol
** could fill, or -1. */
static int tracetabSlot(const TraceTable *pTab, int iCol){
  if( pTab->bMeta ){
    if( iCol==TMETA_COL_PATH ) return 0;
    if( iCol==TMETA_COL_FILE ) return 8;
    if( iCol==TMETA_COL_OPTIONS ) return 9;
    return -1;
  }
  switch( iCol ){
    case TEV_COL_PATH: return 0;
    case TEV_COL_NAME: return 1;
    case TEV_COL_PH:   return 3;
    case TEV_COL_CAT:  return 4;
    case TEV_COL_PID:  return 5;
    case TEV_COL_TID:  return 6;
    case TEV_COL_UNIT: return 7;
    case TEV_COL_FILE: return 8;
    case TEV_COL_OPTIONS: return 9;
    case -1:           return 10;      /* rowid */
  }
  return -1;
}

/*
** xBestIndex.  idxNum bits (TEV_IDX_*), and the order of xFilter's argv:
**   0x001  path = ?       required unless CREATE VIRTUAL TABLE gave the file
**   0x002  name = ?
**   0x004  name IN (...)  all values in one argument (sqlite3_vtab_in)
**   0x008  ph = ?
**   0x010  cat = ?
**   0x020  pid = ?
**   0x040  tid = ?
**   0x080  unit = ?       files of other units are not opened
**   0x100  file = ?       other files are not opened
**   0x200  options = ?    the second argument: 'threads=N'
**   0x400  rowid = ?      a lookup: the one event of that rowid, from the
**          file's event index (event_index.h) and, for the tree's columns,
**          the tree another cursor of the statement built (tree_cache.h),
**          so a join on parent costs one lookup per row, not a scan
**   0x800  (no argument) the statement reads depth, parent, self_dur, stack
**          or symbol; with no field bits (below) the rows come from the
**          tree alone
**   0x1000 (no argument) the statement reads stack (the tree keeps names)
**   0x2000 (no argument) the statement reads symbol (the tree keeps the
**          functions' symbols)
**   bits 14..24: the fields the statement reads (colUsed), for the reader
** Only BINARY-collated equality is pushed down.  Every filter constraint
** is still checked by SQLite (omit=0), so the reader only has to drop rows
** that certainly fail; the path constraint is omitted (it is exact).  A
** path constraint that is not usable is SQLITE_CONSTRAINT, so the planner
** looks for a plan that supplies it; with no path constraint at all the
** plan is priced out of reach and xFilter explains what is missing.
*/
static int tracetabBestIndex(sqlite3_vtab *pVtab, sqlite3_index_info *pIdx){
  TraceTable *pTab = (TraceTable*)pVtab;
  int aCons[TEV_IDX_NFILTER];      /* constraint index for each bit, or -1 */
  int i, iBit, nArg = 0, idxNum = 0;
  double nRow = 1e6;                 /* the rows the plan gives */
  double nRead = 1e7;                /* ... and what reading them costs: an
                                     ** event parsed, ten rows of a table */
  unsigned mWant = 0;
  char *zGroup = 0;
  for(i=0; i<TEV_IDX_NFILTER; i++) aCons[i] = -1;
  for(i=0; i<pIdx->nConstraint; i++){
    const struct sqlite3_index_constraint *p = &pIdx->aConstraint[i];
    int iSlot;
    if( p->op!=SQLITE_INDEX_CONSTRAINT_EQ ) continue;
    iSlot = tracetabSlot(pTab, p->iColumn);
    if( iSlot<0 ) continue;
    if( !p->usable ){
      if( iSlot==0 && pTab->zPath==0 ) return SQLITE_CONSTRAINT;
      continue;
    }
    if( iSlot>0 ){
      const char *zColl = sqlite3_vtab_collation(pIdx, i);
      if( zColl && sqlite3_stricmp(zColl, "BINARY")!=0 ) continue;
      if( iSlot==1 && sqlite3_vtab_in(pIdx, i, -1) ) iSlot = 2;
      /* An IN list on ph, cat, pid or tid would be one xFilter per value,
      ** each reading the whole input again (N scans of a file; standard
      ** input failed at the second): SQLite checks it on one scan instead.
      ** name takes its list at once (above); unit and file open only the
      ** files of each value, so each file is still read once. */
      if( ((1<<iSlot) & (TEV_IDX_PH|TEV_IDX_CAT|TEV_IDX_PID|TEV_IDX_TID)) && sqlite3_vtab_in(pIdx, i, -1) ) continue;
    }
    if( aCons[iSlot]<0 ) aCons[iSlot] = i;
  }
  if( aCons[0]<0 && pTab->zPath==0 ){
    pIdx->idxNum = 0;
    pIdx->estimatedCost = 1e300;
    pIdx->estimatedRows = 1000000000;
    return SQLITE_OK;
  }
  for(iBit=0; iBit<TEV_IDX_NFILTER; iBit++){
    int iC = aCons[iBit];
    if( iC<0 ) continue;
    idxNum |= 1<<iBit;
    pIdx->aConstraintUsage[iC].argvIndex = ++nArg;
    /* path, options and rowid are used exactly as given; the filters
    ** only pre-screen */
    pIdx->aConstraintUsage[iC].omit = (1<<iBit)==TEV_IDX_PATH || (1<<iBit)==TEV_IDX_OPTIONS
                                   || (1<<iBit)==TEV_IDX_ROWID;
    if( (1<<iBit)==TEV_IDX_NAME_IN ) sqlite3_vtab_in(pIdx, iC, 1);
    if( (1<<iBit)==TEV_IDX_PID || (1<<iBit)==TEV_IDX_TID ) nRow /= 4;
    else if( (1<<iBit)!=TEV_IDX_PATH && (1<<iBit)!=TEV_IDX_OPTIONS ) nRow /= 20;
    /* A filter on a field saves SQLite rows, not reading: every event is
    ** still parsed.  Priced as cheaper, a filtered scan made SQLite 3.53
    ** read a file once per branch of an OR of two columns (MULTI-INDEX
    ** OR), and could put it in the inner loop of a join, read once per
    ** outer row.  unit= and file= do skip the other files. */
    if( (1<<iBit)==TEV_IDX_UNIT || (1<<iBit)==TEV_IDX_FILE ) nRead /= 20;
  }
  /* Fields to build: those read, plus those the filters look at. */
  if( pTab->bMeta ){
    mWant = EVENT_WANT_ALL;
  }else{
    for(i=0; i<EF_COUNT; i++){
      if( pIdx->colUsed & ((sqlite3_uint64)1 << i) ) mWant |= EVENT_WANT(i);
    }
    if( idxNum & (TEV_IDX_NAME|TEV_IDX_NAME_IN) ) mWant |= EVENT_WANT(EF_NAME);
    if( idxNum & TEV_IDX_PH )  mWant |= EVENT_WANT(EF_PH);
    /* dur and extra of B and E events come from the tree (TREE_FOR_BE) */
    if( mWant & (EVENT_WANT(EF_DUR)|EVENT_WANT(EF_EXTRA)) ) mWant |= EVENT_WANT(EF_PH);
    if( idxNum & TEV_IDX_CAT ) mWant |= EVENT_WANT(EF_CAT);
    if( idxNum & TEV_IDX_PID ) mWant |= EVENT_WANT(EF_PID);
    if( idxNum & TEV_IDX_TID ) mWant |= EVENT_WANT(EF_TID);
    for(i=TEV_COL_DEPTH; i<=TEV_COL_SYMBOL; i++){
      if( pIdx->colUsed & ((sqlite3_uint64)1 << i) ) idxNum |= TEV_IDX_TREE;
    }
    if( pIdx->colUsed & ((sqlite3_uint64)1 << TEV_COL_NESTED_SAME_NAME) ) idxNum |= TEV_IDX_TREE | TEV_IDX_STACK;
    if( pIdx->colUsed & ((sqlite3_uint64)1 << TEV_COL_STACK) ) idxNum |= TEV_IDX_STACK;
    if( pIdx->colUsed & ((sqlite3_uint64)1 << TEV_COL_SYMBOL) ) idxNum |= TEV_IDX_SYMBOL;
  }
  idxNum |= (int)(mWant << TEV_IDX_WANT_SHIFT);
  if( !pTab->bMeta && (idxNum & TEV_IDX_ROWID)==0 && (zGroup = tracetabGroupPlan(pIdx, idxNum))!=0 ){
    idxNum |= TEV_IDX_GROUP;
    pIdx->orderByConsumed = 1;
  }
  pIdx->idxNum = idxNum;
  /* For EXPLAIN QUERY PLAN: which constraints the reader applies, and
  ** (read back by xFilter) the grouping. */
  pIdx->idxStr = sqlite3_mprintf("%s%s%s%s%s%s%s%s%s%s%s%s%s",
      (idxNum & TEV_IDX_PATH) ? "path" : "file-of-table",
      (idxNum & TEV_IDX_ROWID) ? " rowid= (lookup)" : "",
      (idxNum & TEV_IDX_NAME) ? " name=" : "",
      (idxNum & TEV_IDX_NAME_IN) ? " name-in" : "",
      (idxNum & TEV_IDX_PH) ? " ph=" : "",
      (idxNum & TEV_IDX_CAT) ? " cat=" : "",
      (idxNum & TEV_IDX_PID) ? " pid=" : "",
      (idxNum & TEV_IDX_TID) ? " tid=" : "",
      (idxNum & TEV_IDX_UNIT) ? " unit=" : "",
      (idxNum & TEV_IDX_FILE) ? " file=" : "",
      (idxNum & TEV_IDX_TREE) ? " +tree" : "",
      tev_tree_alone(idxNum) ? " (rows from the tree alone)" : "",
      zGroup ? zGroup : "");
  sqlite3_free(zGroup);
  if( pIdx->idxStr==0 ) return SQLITE_NOMEM;
  pIdx->needToFreeIdxStr = 1;
  if( (idxNum & TEV_IDX_ROWID) && mWant ) tracetabNoteLookupPlan(pTab, pIdx, aCons[0]);
  if( idxNum & TEV_IDX_ROWID ){
    /* One event, found without a scan: cheap enough for an inner loop.
    ** (Its first use reads the file once to index it; the cost of a
    ** scan is counted by the plan that scans.) */
    pIdx->idxFlags |= SQLITE_INDEX_SCAN_UNIQUE;
    nRow = 1;
    pIdx->estimatedCost = 10;
  }else{
    pIdx->estimatedCost = nRead;
  }
  pIdx->estimatedRows = (sqlite3_int64)nRow;
  return SQLITE_OK;
}

/* xCreate is xConnect, so the tables are eponymous and can also be
** created with CREATE VIRTUAL TABLE t USING trace_events('file'). */
static sqlite3_module traceEventsModule = {
  .iVersion    = 0,
  .xCreate     = tracetabConnect,
  .xConnect    = tracetabConnect,
  .xBestIndex  = tracetabBestIndex,
  .xDisconnect = tracetabDisconnect,
  .xDestroy    = tracetabDisconnect,
  .xOpen       = tracetabOpen,
  .xClose      = tracetabClose,
  .xFilter     = tracetabFilter,
  .xNext       = tracetabNext,
  .xEof        = tracetabEof,
  .xColumn     = tracecurColumn,
  .xRowid      = tracetabRowid,
};

int trace_events_register(sqlite3 *db){
  TraceConn *pConn = sqlite3_malloc(sizeof(*pConn));
  int rc;
  if( pConn==0 ) return SQLITE_NOMEM;
  memset(pConn, 0, sizeof(*pConn));
  pConn->events.pConn = pConn->meta.pConn = pConn;
  pConn->meta.bMeta = 1;
  pConn->nRef = 3;    /* each registration below releases it once, even when it fails */
  rc = sqlite3_create_module_v2(db, "trace_events", &traceEventsModule, &pConn->events, traceconn_release);
  if( rc==SQLITE_OK ){
    rc = sqlite3_create_module_v2(db, "trace_metadata", &traceEventsModule, &pConn->meta, traceconn_release);
  }else{
    traceconn_release(&pConn->meta);
  }
  if( rc==SQLITE_OK ){
    rc = sqlite3_create_function_v2(db, "timetrace_allow_persistent_tables", 1,
                                    SQLITE_UTF8 | SQLITE_DIRECTONLY, &pConn->events, allow_persistent_func,
                                    0, 0, traceconn_release);
  }else{
    traceconn_release(&pConn->events);
  }
  return rc;
}
