/*
** self_profile.c: the self_profile and self_profile_metadata virtual
** tables: rustc's self-profile files (`-Zself-profile`, *.mm_profdata,
** read by mm_profdata.h) as rows, with the call tree of the JSON traces.
**
**   SELECT label, sum(self_ns) FROM self_profile('target/selfprofile')
**    GROUP BY label ORDER BY 2 DESC LIMIT 10;
**   SELECT key, value FROM self_profile_metadata('x-4242.mm_profdata');
**
** Schemas (both tables are table-valued functions only: there is no
** CREATE VIRTUAL TABLE, so no database file can name a file to read):
**
**   self_profile(kind TEXT, label TEXT, args TEXT, thread_id INTEGER,
**                start_ns INTEGER, end_ns INTEGER, dur_ns INTEGER,
**                value INTEGER, file TEXT, unit TEXT, depth INTEGER,
**                parent INTEGER, self_ns INTEGER, stack TEXT,
**                nested_same_name INTEGER, path HIDDEN, options HIDDEN)
**   self_profile_metadata(key TEXT, value TEXT, file TEXT, unit TEXT,
**                         path HIDDEN, options HIDDEN)
**
** One row per event of each file, in the file's order; rowid = the
** event's 1-based position plus (the file's index in the list) << 32, as
** in trace_events, and parent is such a rowid.  The argument is a file, a
** directory (its *.mm_profdata and *.mm_profdata.gz files; with
** 'recursive=1' those below it too) or a glob (trace_source.h).  Interval
** events have start_ns, end_ns and dur_ns; instants start_ns only;
** integer events (ArtifactSize, QueryCacheHitCount) value only.  The
** unit is profile_unit.h's, the name trace_events gives the same
** compilation's LLVM trace.
**
** Only the strings the statement reads are resolved (kind, label, args:
** colUsed).  When it reads depth, parent, self_ns, stack or
** nested_same_name, each file is first read once to build its call tree
** (call_tree.h, fed by call_tree_add_slice: intervals are slices on their
** thread, named by their label, in the order rustc wrote them, which is
** when they ended); then it is read again for the rows, asking the tree
** for each interval in rowid order.  Memory: the string table of the file
** being read, the reader's 256 KB, and the tree's 24 bytes per interval
** (plus the distinct stacks) while its file is read.
**
** A GROUP BY on its columns it hands SQLite grouped (sp_group.h): the
** whole scan is read in xFilter, each row kept by group with the columns
** the statement reads, and handed out group by group (plus those rows'
** bytes in memory).
*/
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call_tree.h"
#include "json_text.h"
#include "mm_profdata.h"
#include "profile_unit.h"
#include "self_profile.h"
#include "sp_group.h"
#include "text_buf.h"
#include "trace_source.h"
#include "trace_table.h"

#define SP_SCHEMA "CREATE TABLE x(kind TEXT, label TEXT, args TEXT, thread_id INTEGER, " \
                  "start_ns INTEGER, end_ns INTEGER, dur_ns INTEGER, value INTEGER, file TEXT, " \
                  "unit TEXT, depth INTEGER, parent INTEGER, self_ns INTEGER, stack TEXT, " \
                  "nested_same_name INTEGER, path HIDDEN, options HIDDEN)"
enum { SP_KIND, SP_LABEL, SP_ARGS, SP_THREAD, SP_START, SP_END, SP_DUR, SP_VALUE, SP_FILE,
       SP_UNIT, SP_DEPTH, SP_PARENT, SP_SELF, SP_STACK, SP_NESTED, SP_PATH, SP_OPTIONS };

#define SPM_SCHEMA "CREATE TABLE x(key TEXT, value TEXT, file TEXT, unit TEXT, path HIDDEN, options HIDDEN)"
enum { SPM_KEY, SPM_VALUE, SPM_FILE, SPM_UNIT, SPM_PATH, SPM_OPTIONS };

/* The metadata rows of a file, in this order (absent ones are skipped). */
enum { META_VERSION, META_START_TIME, META_PID, META_CMD, META_COUNTER, META_COUNT };
static const char *const azMetaKey[META_COUNT] = {
  "version", "start_time", "process_id", "cmd", "counter"
};

/* idxNum bits: which arguments xFilter gets (in this order), what the
** statement reads. */
#define SP_IDX_PATH    0x01
#define SP_IDX_OPTIONS 0x02
#define SP_IDX_TREE    0x04     /* depth, parent, self_ns, stack or nested_same_name */
#define SP_IDX_STACK   0x08     /* stack or nested_same_name: the tree keeps names */
#define SP_IDX_UNIT    0x10     /* unit */
#define SP_IDX_KIND    0x20     /* kind = ?: the reader passes other kinds over (argv after path, options) */
#define SP_IDX_GROUP   0x40     /* the rows come grouped (sp_group.h; idxStr says by what) */
#define SP_IDX_WANT_SHIFT 8     /* then MM_WANT_* bits */

typedef struct SpTable {
  sqlite3_vtab base;
  sqlite3 *db;
  int bMeta;                /* self_profile_metadata */
  int bTermText;            /* texts NUL-terminated (trace_value_result_nul) */
} SpTable;

typedef struct SpCursor {
  sqlite3_vtab_cursor base;
  char **azFile;            /* the files of the argument (trace_source_expand_ex) */
  int nFile, iFile;         /* iFile: the file being read; nFile at the end */
  int idxNum;
  char *zPath, *zOptions;   /* the arguments, for the hidden columns */
  char *zKind;              /* kind = zKind, pushed down (SP_IDX_KIND), or NULL */
  int nKind;                /* its bytes (a NUL may be one of them) */
  MmProfile *pProf;         /* the file being read */
  const MmEvent *pEv;       /* its current event (self_profile) */
  int iMeta;                /* its current metadata row (self_profile_metadata) */
  char *zMetaValue;         /* that row's value, sqlite3_malloc()ed */
  char *zUnit;              /* its unit (malloc()ed), when read */
  CallTree *pTree;          /* its call tree, when read */
  const CallSlice *pSlice;  /* the current event's slice */
  int bSliceKnown;          /* pSlice was looked up for this row */
  int bInterrupted;
  InterruptProbe probe;     /* ... asked by spStop */
  int nThread;              /* threads=N: threads resolving the strings (default: online CPUs) */
  /* A grouped plan (SP_IDX_GROUP): the scan's rows, kept by group, then
  ** handed out from here; the files are closed by then */
  SpGroup *pGroup;
  int bGroupEof;
  char **azUnitOf;          /* per file, its unit, when the statement reads it */
} SpCursor;

/* ---- Connecting ---- */

static int spConnect(sqlite3 *db, void *pAux, int argc, const char *const*argv,
                     sqlite3_vtab **ppVtab, char **pzErr){
  SpTable *pTab;
  int rc;
  (void)argc; (void)argv; (void)pzErr;
  rc = sqlite3_declare_vtab(db, pAux ? SPM_SCHEMA : SP_SCHEMA);
  if( rc!=SQLITE_OK ) return rc;
  pTab = sqlite3_malloc(sizeof(*pTab));
  if( pTab==0 ) return SQLITE_NOMEM;
  memset(pTab, 0, sizeof(*pTab));
  pTab->db = db;
  pTab->bMeta = pAux!=0;
  pTab->bTermText = trace_text_wants_nul();
  /* Reads files: never from a view or trigger the user did not write. */
  sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
  *ppVtab = &pTab->base;
  return SQLITE_OK;
}

static int spDisconnect(sqlite3_vtab *pVtab){
  sqlite3_free(pVtab);
  return SQLITE_OK;
}

/* The path and options constraints are the arguments; the columns read
** say what to build. */
static int spBestIndex(sqlite3_vtab *pVtab, sqlite3_index_info *pIdx){
  SpTable *pTab = (SpTable*)pVtab;
  int iPathCol = pTab->bMeta ? SPM_PATH : SP_PATH, iOptCol = pTab->bMeta ? SPM_OPTIONS : SP_OPTIONS;
  int iPath = -1, iOpt = -1, iKind = -1, i, idxNum = 0, nArg = 0;
  sqlite3_uint64 u = pIdx->colUsed;
  unsigned mWant = 0;
  for(i=0; i<pIdx->nConstraint; i++){
    const struct sqlite3_index_constraint *p = &pIdx->aConstraint[i];
    if( p->op!=SQLITE_INDEX_CONSTRAINT_EQ ) continue;
    if( p->iColumn==iPathCol ){
      if( !p->usable ) return SQLITE_CONSTRAINT;
      iPath = i;
    }else if( p->iColumn==iOptCol ){
      if( !p->usable ) return SQLITE_CONSTRAINT;
      iOpt = i;
    }else if( !pTab->bMeta && p->iColumn==SP_KIND && p->usable && iKind<0 ){
      const char *zColl = sqlite3_vtab_collation(pIdx, i);
      if( zColl==0 || sqlite3_stricmp(zColl, "BINARY")==0 ) iKind = i;
    }
  }
  if( iPath<0 ){
    /* xFilter says what is missing */
    pIdx->estimatedCost = 1e300;
    pIdx->estimatedRows = 1000000000;
    return SQLITE_OK;
  }
  idxNum |= SP_IDX_PATH;
  pIdx->aConstraintUsage[iPath].argvIndex = ++nArg;
  pIdx->aConstraintUsage[iPath].omit = 1;
  if( iOpt>=0 ){
    idxNum |= SP_IDX_OPTIONS;
    pIdx->aConstraintUsage[iOpt].argvIndex = ++nArg;
    pIdx->aConstraintUsage[iOpt].omit = 1;
  }
  if( iKind>=0 ){
    /* only a pre-screen: SQLite checks the rows again (omit 0) */
    idxNum |= SP_IDX_KIND;
    pIdx->aConstraintUsage[iKind].argvIndex = ++nArg;
  }
  if( !pTab->bMeta ){
    if( u & (1u<<SP_KIND) ) mWant |= MM_WANT_KIND;
    if( u & (1u<<SP_LABEL) ) mWant |= MM_WANT_LABEL;
    if( u & (1u<<SP_ARGS) ) mWant |= MM_WANT_ARGS;
    if( u & ((1u<<SP_DEPTH)|(1u<<SP_PARENT)|(1u<<SP_SELF)) ) idxNum |= SP_IDX_TREE;
    if( u & ((1u<<SP_STACK)|(1u<<SP_NESTED)) ) idxNum |= SP_IDX_TREE | SP_IDX_STACK;
    if( u & (1u<<SP_UNIT) ) idxNum |= SP_IDX_UNIT;
  }else{
    idxNum |= SP_IDX_UNIT;
  }
  if( !pTab->bMeta ){
    char *zGroup = sp_group_plan(pIdx);
    if( zGroup ){
      idxNum |= SP_IDX_GROUP;
      pIdx->orderByConsumed = 1;
      pIdx->idxStr = zGroup;
      pIdx->needToFreeIdxStr = 1;
    }
  }
  pIdx->idxNum = idxNum | (int)(mWant << SP_IDX_WANT_SHIFT);
  pIdx->estimatedCost = ((idxNum & SP_IDX_TREE) ? 2e6 : 1e6) / ((idxNum & SP_IDX_KIND) ? 10 : 1);
  pIdx->estimatedRows = pTab->bMeta ? 5 : 1000000;
  return SQLITE_OK;
}

/* ---- Cursors ---- */

static int spOpen(sqlite3_vtab *pVtab, sqlite3_vtab_cursor **ppCur){
  SpCursor *pCur = sqlite3_malloc(sizeof(*pCur));
  (void)pVtab;
  if( pCur==0 ) return SQLITE_NOMEM;
  memset(pCur, 0, sizeof(*pCur));
  *ppCur = &pCur->base;
  return SQLITE_OK;
}

/* Close the file being read and forget what was made for it. */
static void spCloseFile(SpCursor *pCur){
  mm_profdata_close(pCur->pProf);
  pCur->pProf = 0;
  pCur->pEv = 0;
  call_tree_free(pCur->pTree);
  pCur->pTree = 0;
  pCur->pSlice = 0;
  pCur->bSliceKnown = 0;
  free(pCur->zUnit);
  pCur->zUnit = 0;
  sqlite3_free(pCur->zMetaValue);
  pCur->zMetaValue = 0;
}

static void spReset(SpCursor *pCur){
  int i;
  spCloseFile(pCur);
  sp_group_free(pCur->pGroup);
  pCur->pGroup = 0;
  for(i=0; pCur->azUnitOf && i<pCur->nFile; i++) free(pCur->azUnitOf[i]);
  sqlite3_free(pCur->azUnitOf);
  pCur->azUnitOf = 0;
  trace_source_free_list(pCur->azFile, pCur->nFile);
  pCur->azFile = 0;
  pCur->nFile = pCur->iFile = 0;
  sqlite3_free(pCur->zPath);
  sqlite3_free(pCur->zOptions);
  sqlite3_free(pCur->zKind);
  pCur->zPath = pCur->zOptions = pCur->zKind = 0;
  pCur->bInterrupted = 0;
}

static int spClose(sqlite3_vtab_cursor *cur){
  spReset((SpCursor*)cur);
  interrupt_probe_free(&((SpCursor*)cur)->probe);
  sqlite3_free(cur);
  return SQLITE_OK;
}

/* Set the table's error message, "self_profile: " and zMsg; returns
** SQLITE_ERROR, or SQLITE_NOMEM for the reader's "out of memory".  A
** reader's message may quote a file's path as it is: zMsg goes through
** text_shown, so that the message is UTF-8 and bounded (the callers show
** the user's own path and options so already). */
static int spError(SpCursor *pCur, const char *zMsg){
  SpTable *pTab = (SpTable*)pCur->base.pVtab;
  char aMsg[TRACE_SHOWN_MSG_SIZE];
  text_shown(zMsg, strlen(zMsg), sizeof(aMsg), aMsg, sizeof(aMsg));
  sqlite3_free(pTab->base.zErrMsg);
  pTab->base.zErrMsg = sqlite3_mprintf("%s: %s", pTab->bMeta ? "self_profile_metadata" : "self_profile", aMsg);
  if( pTab->base.zErrMsg==0 || strstr(zMsg, "out of memory") ) return SQLITE_NOMEM;
  return SQLITE_ERROR;
}

/* Has sqlite3_interrupt() been called since the statement started?
** (EventStopFn; interrupt_probe.h says how, in SQLite before 3.41 too.)
** Asked while a call tree is built and while a grouped plan reads its
** scan: work SQLite cannot stop between rows. */
static int spStop(void *pCtx){
  SpCursor *pCur = pCtx;
  if( !pCur->bInterrupted ){
    pCur->bInterrupted = interrupt_probe_check(&pCur->probe, ((SpTable*)pCur->base.pVtab)->db);
  }
  return pCur->bInterrupted;
}

/* Read file zPath once to build its call tree into pCur->pTree.  Returns
** 0, or 1 with the reason in zErr. */
static int spBuildTree(SpCursor *pCur, const char *zPath, char *zErr, size_t nErr){
  int bNames = (pCur->idxNum & SP_IDX_STACK)!=0;
  MmProfile *p;
  const MmEvent *e;
  CallTree *t;
  int64_t nEvent = 0;
  int rc = 0;
  /* without names, the tree needs no string at all */
  if( mm_profdata_open_ex(zPath, bNames ? 0 : MM_OPEN_EVENTS_ONLY, &p, zErr, nErr) ) return 1;
  mm_profdata_want(p, bNames ? MM_WANT_LABEL : 0);
  mm_profdata_threads(p, pCur->nThread);
  if( (t = call_tree_new(bNames ? CALL_TREE_NAMES : 0))==0 ){
    mm_profdata_close(p);
    snprintf(zErr, nErr, "out of memory");
    return 1;
  }
  while( rc==0 && (e = mm_profdata_next(p))!=0 ){
    if( (e->iSeq & 0xffff)==0 && spStop(pCur) ){
      snprintf(zErr, nErr, "interrupted");
      rc = 1;
    }else if( e->eType==MM_INTERVAL ){
      /* the thread's bytes as its key: any fixed encoding will do */
      char aKey[4];
      memcpy(aKey, &e->iThread, 4);
      rc = call_tree_add_slice(t, aKey, 4, (double)e->iStart, (double)e->iEnd, e->iSeq,
                               e->zLabel ? e->zLabel : "", e->nLabel);
      if( rc==1 ) snprintf(zErr, nErr, "out of memory building the call tree");
      if( rc==2 ) snprintf(zErr, nErr, "%s: more than %u events: too many for the call tree columns",
                           zPath, (unsigned)UINT32_MAX);
    }
    nEvent = e->iSeq;
  }
  if( rc==0 && mm_profdata_errmsg(p) ){
    snprintf(zErr, nErr, "%s", mm_profdata_errmsg(p));
    rc = 1;
  }
  mm_profdata_close(p);
  call_tree_add_events(t, nEvent);
  if( rc==0 && call_tree_finish(t, pCur->nThread, spStop, pCur, zErr, nErr) ) rc = 1;
  if( rc ){
    call_tree_free(t);
    return 1;
  }
  pCur->pTree = t;
  return 0;
}

/* Open file iFile (its tree first when the statement needs it). */
static int spOpenFile(SpCursor *pCur){
  const char *zPath = pCur->azFile[pCur->iFile];
  char zErr[MM_ERRMSG_MAX];
  zErr[0] = 0;
  if( (pCur->idxNum & SP_IDX_TREE) && spBuildTree(pCur, zPath, zErr, sizeof(zErr)) ){
    return pCur->bInterrupted ? SQLITE_INTERRUPT : spError(pCur, zErr);
  }
  unsigned mWant = (unsigned)pCur->idxNum >> SP_IDX_WANT_SHIFT;
  /* a statement that reads no string, unit or kind filter skips the string pages */
  unsigned mOpen = (mWant==0 && !(pCur->idxNum & SP_IDX_UNIT) && pCur->zKind==0
                    && !((SpTable*)pCur->base.pVtab)->bMeta) ? MM_OPEN_EVENTS_ONLY : 0;
  if( mm_profdata_open_ex(zPath, mOpen, &pCur->pProf, zErr, sizeof(zErr)) ) return spError(pCur, zErr);
  mm_profdata_want(pCur->pProf, mWant);
  mm_profdata_threads(pCur->pProf, pCur->nThread);
  if( pCur->zKind && mm_profdata_only_kind(pCur->pProf, pCur->zKind, (size_t)pCur->nKind) ) return SQLITE_NOMEM;
  if( pCur->idxNum & SP_IDX_UNIT ){
    pCur->zUnit = profile_unit(zPath, mm_profdata_metadata(pCur->pProf)->zCmd);
    if( pCur->zUnit==0 ) return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

/* The value of metadata row iMeta of the open file, as JSON text in
** pCur->zMetaValue; 0 when the file has no such entry, -1 when out of memory. */
static int spMetaValue(SpCursor *pCur, int iMeta){
  const MmMetadata *m = mm_profdata_metadata(pCur->pProf);
  sqlite3_free(pCur->zMetaValue);
  pCur->zMetaValue = 0;
  switch( iMeta ){
    case META_VERSION:
      pCur->zMetaValue = sqlite3_mprintf("%u", mm_profdata_version(pCur->pProf));
      break;
    case META_START_TIME:
      if( !m->bStartTime ) return 0;
      pCur->zMetaValue = sqlite3_mprintf("%llu", (unsigned long long)m->iStartTime);
      break;
    case META_PID:
      if( !m->bPid ) return 0;
      pCur->zMetaValue = sqlite3_mprintf("%llu", (unsigned long long)m->iPid);
      break;
    case META_CMD: {
      size_t n;
      if( m->zCmd==0 ) return 0;
      n = json_string_write(0, m->zCmd, strlen(m->zCmd));
      if( (pCur->zMetaValue = sqlite3_malloc64(n + 1))!=0 ){
        json_string_write(pCur->zMetaValue, m->zCmd, strlen(m->zCmd));
        pCur->zMetaValue[n] = 0;
      }
      break;
    }
    default:
      if( m->zCounter==0 ) return 0;
      pCur->zMetaValue = sqlite3_mprintf("%s", m->zCounter);
      break;
  }
  return pCur->zMetaValue ? 1 : -1;
}

/* Move to the next row: the next event, or metadata entry, of this file
** or the files after it. */
static int spNext(sqlite3_vtab_cursor *cur){
  SpCursor *pCur = (SpCursor*)cur;
  SpTable *pTab = (SpTable*)cur->pVtab;
  int rc;
  if( pCur->pGroup ){
    pCur->bGroupEof = !sp_group_next(pCur->pGroup);
    return SQLITE_OK;
  }
  pCur->bSliceKnown = 0;
  while( pCur->iFile<pCur->nFile ){
    if( pCur->pProf==0 && (rc = spOpenFile(pCur))!=SQLITE_OK ) return rc;
    if( pTab->bMeta ){
      while( ++pCur->iMeta<META_COUNT ){
        int r = spMetaValue(pCur, pCur->iMeta);
        if( r<0 ) return SQLITE_NOMEM;
        if( r>0 ) return SQLITE_OK;
      }
    }else{
      if( (pCur->pEv = mm_profdata_next(pCur->pProf))!=0 ) return SQLITE_OK;
      if( mm_profdata_errmsg(pCur->pProf) ) return spError(pCur, mm_profdata_errmsg(pCur->pProf));
    }
    spCloseFile(pCur);
    pCur->iFile++;
    pCur->iMeta = -1;
  }
  return SQLITE_OK;
}

/* The options' names and ranges, for error messages. */
#define SP_OPTIONS_HELP "the options are threads=N (N from 1 to %d; default: the number of online CPUs) " \
                        "and recursive=0|1"

/* Characters of an option an error message shows (text_shown: escaped,
** a longer one cut with "..."). */
#define SP_SHOWN_OPTION 60

/* Parse the options, a comma-separated list:
**   threads=N      threads resolving the strings (1 to TEV_MAX_THREADS;
**                  default: the online CPUs): the rows are the same
**   recursive=0|1  1: a directory's subdirectories' profiles too
** Returns SQLITE_OK with pCur->nThread and the trace_source_expand_ex
** flags in *pmExpand, or an error that names the option. */
static int spOptions(SpCursor *pCur, const char *zOpt, int *pmExpand){
  *pmExpand = TRACE_EXPAND_SELF_PROFILE;
  pCur->nThread = trace_online_cpus();
  while( zOpt && *zOpt ){
    const char *zEnd = strchr(zOpt, ',');
    size_t n = zEnd ? (size_t)(zEnd - zOpt) : strlen(zOpt);
    char *z = 0, aShown[TEXT_SHOWN_SIZE(SP_SHOWN_OPTION)];
    int rc;
    text_shown(zOpt, n, SP_SHOWN_OPTION, aShown, sizeof(aShown));
    if( n==11 && memcmp(zOpt, "recursive=1", 11)==0 ){
      *pmExpand |= TRACE_EXPAND_RECURSIVE;
    }else if( n==11 && memcmp(zOpt, "recursive=0", 11)==0 ){
      *pmExpand &= ~TRACE_EXPAND_RECURSIVE;
    }else if( n>=8 && memcmp(zOpt, "threads=", 8)==0 ){
      if( !trace_option_whole(zOpt + 8, zOpt + n, 1, TEV_MAX_THREADS, &pCur->nThread) ){
        z = sqlite3_mprintf("option %s: must be a whole number from 1 to %d", aShown, TEV_MAX_THREADS);
        if( z==0 ) return SQLITE_NOMEM;
      }
    }else if( n>0 ){
      z = sqlite3_mprintf("unknown option '%s': " SP_OPTIONS_HELP, aShown, TEV_MAX_THREADS);
      if( z==0 ) return SQLITE_NOMEM;
    }
    if( z ){
      rc = spError(pCur, z);
      sqlite3_free(z);
      return rc;
    }
    zOpt = zEnd ? zEnd + 1 : 0;
  }
  return SQLITE_OK;
}

static int spGroupScan(SpCursor *pCur, const char *idxStr);

static int spFilter(sqlite3_vtab_cursor *cur, int idxNum, const char *idxStr,
                    int argc, sqlite3_value **argv){
  SpCursor *pCur = (SpCursor*)cur;
  const char *zPath, *zOpt = 0;
  char zErr[TRACE_ERRMSG_MAX];
  int mExpand, rc, iArg = 0;
  (void)idxStr; (void)argc;
  spReset(pCur);
  pCur->idxNum = idxNum;
  pCur->iMeta = -1;
  if( !(idxNum & SP_IDX_PATH) ){
    return spError(pCur, "the file is missing: self_profile('x.mm_profdata') or self_profile('folder')");
  }
  zPath = (const char*)sqlite3_value_text(argv[iArg++]);
  if( zPath==0 ){
    if( sqlite3_value_type(argv[0])!=SQLITE_NULL ) return SQLITE_NOMEM;
    return spError(pCur, "the file is NULL");
  }
  if( idxNum & SP_IDX_OPTIONS ){
    zOpt = (const char*)sqlite3_value_text(argv[iArg]);
    if( zOpt==0 && sqlite3_value_type(argv[iArg])!=SQLITE_NULL ) return SQLITE_NOMEM;
    iArg++;
  }
  /* kind = 'text' only: another type compares by SQLite's rules, so SQLite alone filters */
  if( (idxNum & SP_IDX_KIND) && sqlite3_value_type(argv[iArg])==SQLITE_TEXT ){
    const unsigned char *z = sqlite3_value_text(argv[iArg]);
    pCur->nKind = sqlite3_value_bytes(argv[iArg]);
    if( z==0 || (pCur->zKind = sqlite3_malloc(pCur->nKind + 1))==0 ) return SQLITE_NOMEM;
    memcpy(pCur->zKind, z, (size_t)pCur->nKind + 1);
  }
  pCur->zPath = sqlite3_mprintf("%s", zPath);
  pCur->zOptions = zOpt ? sqlite3_mprintf("%s", zOpt) : 0;
  if( pCur->zPath==0 || (zOpt && pCur->zOptions==0) ) return SQLITE_NOMEM;
  if( (rc = spOptions(pCur, zOpt, &mExpand))!=SQLITE_OK ) return rc;
  if( trace_source_expand_ex(zPath, mExpand, &pCur->azFile, &pCur->nFile, 0, 0, zErr, sizeof(zErr)) ){
    char aPath[TRACE_SHOWN_PATH_SIZE], *z;
    text_shown(zPath, strlen(zPath), TRACE_SHOWN_PATH, aPath, sizeof(aPath));
    z = sqlite3_mprintf("%s: %s", aPath, zErr);
    if( z==0 ) return SQLITE_NOMEM;
    rc = spError(pCur, z);
    sqlite3_free(z);
    return rc;
  }
  if( idxNum & SP_IDX_GROUP ) return spGroupScan(pCur, idxStr);
  return spNext(cur);
}

static int spEof(sqlite3_vtab_cursor *cur){
  SpCursor *pCur = (SpCursor*)cur;
  if( pCur->pGroup ) return pCur->bGroupEof;
  return pCur->iFile>=pCur->nFile;
}

static int spRowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *pRowid){
  SpCursor *pCur = (SpCursor*)cur;
  int64_t iRow;
  if( pCur->pGroup ){
    *pRowid = sp_group_rowid(pCur->pGroup);
    return SQLITE_OK;
  }
  iRow = ((SpTable*)cur->pVtab)->bMeta ? pCur->iMeta + 1 : pCur->pEv->iSeq;
  *pRowid = ((sqlite3_int64)pCur->iFile << 32) + iRow;
  return SQLITE_OK;
}

/* The current event's slice, or NULL (not an interval, or no tree). */
static const CallSlice *spSlice(SpCursor *pCur){
  if( !pCur->bSliceKnown ){
    pCur->pSlice = (pCur->pTree && pCur->pEv->eType==MM_INTERVAL)
                 ? call_tree_slice_seq(pCur->pTree, pCur->pEv->iSeq) : 0;
    pCur->bSliceKnown = 1;
  }
  return pCur->pSlice;
}

/* A text value (NULL stays NULL). */
static void spText(TraceValue *v, const char *z, size_t n){
  if( z==0 ) return;
  v->eType = SQLITE_TEXT;
  v->z = z;
  v->n = n;
}

static void spInt(TraceValue *v, sqlite3_int64 i){
  v->eType = SQLITE_INTEGER;
  v->i = i;
}

static int spColumnMeta(SpCursor *pCur, sqlite3_context *ctx, int i){
  switch( i ){
    case SPM_KEY:   sqlite3_result_text(ctx, azMetaKey[pCur->iMeta], -1, SQLITE_STATIC); break;
    case SPM_VALUE: sqlite3_result_text(ctx, pCur->zMetaValue, -1, SQLITE_TRANSIENT); break;
    case SPM_FILE:  sqlite3_result_text(ctx, pCur->azFile[pCur->iFile], -1, SQLITE_TRANSIENT); break;
    case SPM_UNIT:  sqlite3_result_text(ctx, pCur->zUnit, -1, SQLITE_TRANSIENT); break;
    case SPM_PATH:  sqlite3_result_text(ctx, pCur->zPath, -1, SQLITE_TRANSIENT); break;
    default:        if( pCur->zOptions ) sqlite3_result_text(ctx, pCur->zOptions, -1, SQLITE_TRANSIENT); break;
  }
  return SQLITE_OK;
}

/* The call tree's column i of the current event into *v. */
static int spTreeValue(SpCursor *pCur, int i, TraceValue *v){
  const CallSlice *s = spSlice(pCur);
  const char *z;
  size_t n;
  int rc;
  if( s==0 ) return SQLITE_OK;
  switch( i ){
    case SP_DEPTH: spInt(v, s->depth); break;
    case SP_PARENT:
      if( s->parent ) spInt(v, ((sqlite3_int64)pCur->iFile << 32) + s->parent);
      break;
    case SP_SELF: spInt(v, (sqlite3_int64)llround(s->self_dur)); break;
    case SP_STACK:
      /* the tree's text, or its buffer, valid until the next call */
      rc = call_tree_stack_text(pCur->pTree, s, &z, &n);
      if( rc<0 ) return SQLITE_NOMEM;
      v->eType = SQLITE_TEXT;
      v->z = z;
      v->n = n;
      break;
    default:
      rc = call_tree_nested(pCur->pTree, s);
      if( rc>=0 ) spInt(v, rc);
      break;
  }
  return SQLITE_OK;
}

/* Column i of the current event into *v (its text valid while the row
** is, and until the next call). */
static int spValue(SpCursor *pCur, int i, TraceValue *v){
  const MmEvent *e = pCur->pEv;
  memset(v, 0, sizeof(*v));
  v->eType = SQLITE_NULL;
  switch( i ){
    case SP_KIND:   spText(v, e->zKind, e->nKind); break;
    case SP_LABEL:  spText(v, e->zLabel, e->nLabel); break;
    case SP_ARGS:   spText(v, e->zArgs, e->nArgs); break;
    case SP_THREAD: spInt(v, e->iThread); break;
    case SP_START:  if( e->eType!=MM_INTEGER ) spInt(v, (sqlite3_int64)e->iStart); break;
    case SP_END:    if( e->eType==MM_INTERVAL ) spInt(v, (sqlite3_int64)e->iEnd); break;
    case SP_DUR:    if( e->eType==MM_INTERVAL ) spInt(v, (sqlite3_int64)(e->iEnd - e->iStart)); break;
    case SP_VALUE:  if( e->eType==MM_INTEGER ) spInt(v, (sqlite3_int64)e->iValue); break;
    case SP_FILE:   spText(v, pCur->azFile[pCur->iFile], strlen(pCur->azFile[pCur->iFile])); break;
    case SP_UNIT:   if( pCur->zUnit ) spText(v, pCur->zUnit, strlen(pCur->zUnit)); break;
    case SP_PATH:   spText(v, pCur->zPath, strlen(pCur->zPath)); break;
    case SP_OPTIONS: if( pCur->zOptions ) spText(v, pCur->zOptions, strlen(pCur->zOptions)); break;
    default:        return spTreeValue(pCur, i, v);
  }
  return SQLITE_OK;
}

/* Column i of a grouped row: the key's and held values from the group,
** the others (the same for a file or the scan) from the row's file. */
static void spGroupColumn(SpCursor *pCur, sqlite3_context *ctx, int i){
  const TraceValue *v = sp_group_value(pCur->pGroup, i);
  int iFile = (int)(sp_group_rowid(pCur->pGroup) >> 32);
  TraceValue x;
  if( v ){
    x = *v;
  }else{
    const char *z = i==SP_FILE ? pCur->azFile[iFile]
                  : i==SP_UNIT ? (pCur->azUnitOf ? pCur->azUnitOf[iFile] : 0)
                  : i==SP_PATH ? pCur->zPath
                  : i==SP_OPTIONS ? pCur->zOptions : 0;
    memset(&x, 0, sizeof(x));
    x.eType = SQLITE_NULL;
    if( z ) spText(&x, z, strlen(z));
  }
  trace_value_result(ctx, &x);
}

static int spColumn(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int i){
  SpCursor *pCur = (SpCursor*)cur;
  TraceValue v;
  int rc;
  if( ((SpTable*)cur->pVtab)->bMeta ) return spColumnMeta(pCur, ctx, i);
  if( pCur->pGroup ){
    spGroupColumn(pCur, ctx, i);
    return SQLITE_OK;
  }
  if( (rc = spValue(pCur, i, &v))!=SQLITE_OK ) return rc;
  trace_value_result_nul(ctx, &v, ((SpTable*)cur->pVtab)->bTermText);
  return SQLITE_OK;
}

/* xFilter of a grouped plan (SP_IDX_GROUP), once the files are listed:
** read every row, keeping by group what the statement reads
** (sp_group.h), then move to the first. */
static int spGroupScan(SpCursor *pCur, const char *idxStr){
  TraceValue aVal[SP_NCOL];
  SpGroup *g;
  unsigned mCol;
  int rc, i;
  uint64_t nRow = 0;
  if( (rc = sp_group_new(idxStr, &pCur->pGroup))!=SQLITE_OK ){
    return rc==SQLITE_NOMEM ? rc : spError(pCur, "the plan's grouping cannot be read");
  }
  if( (pCur->idxNum & SP_IDX_UNIT) && pCur->nFile ){
    if( (pCur->azUnitOf = sqlite3_malloc64(sizeof(char*)*(size_t)pCur->nFile))==0 ) return SQLITE_NOMEM;
    memset(pCur->azUnitOf, 0, sizeof(char*)*(size_t)pCur->nFile);
  }
  mCol = sp_group_columns(pCur->pGroup);
  memset(aVal, 0, sizeof(aVal));
  /* spNext reads the scan while pGroup is not set */
  g = pCur->pGroup;
  pCur->pGroup = 0;
  rc = spNext(&pCur->base);
  while( rc==SQLITE_OK && pCur->iFile<pCur->nFile ){
    if( (++nRow & 0xffff)==0 && spStop(pCur) ){
      rc = SQLITE_INTERRUPT;
      break;
    }
    if( pCur->azUnitOf && pCur->azUnitOf[pCur->iFile]==0 && pCur->zUnit
     && (pCur->azUnitOf[pCur->iFile] = strdup(pCur->zUnit))==0 ){
      rc = SQLITE_NOMEM;
      break;
    }
    for(i=0; rc==SQLITE_OK && i<SP_NCOL; i++){
      if( mCol & (1u<<i) ) rc = spValue(pCur, i, &aVal[i]);
    }
    if( rc==SQLITE_OK ) rc = sp_group_add(g, ((sqlite3_int64)pCur->iFile << 32) + pCur->pEv->iSeq, aVal);
    if( rc==SQLITE_OK ) rc = spNext(&pCur->base);
  }
  pCur->pGroup = g;
  if( rc==SQLITE_OK ) rc = sp_group_finish(g);
  if( rc==SQLITE_OK ) pCur->bGroupEof = !sp_group_next(g);
  return rc;
}

/* No xCreate: table-valued functions only (eponymous-only modules). */
static sqlite3_module selfProfileModule = {
  .iVersion    = 0,
  .xCreate     = 0,
  .xConnect    = spConnect,
  .xBestIndex  = spBestIndex,
  .xDisconnect = spDisconnect,
  .xDestroy    = spDisconnect,
  .xOpen       = spOpen,
  .xClose      = spClose,
  .xFilter     = spFilter,
  .xNext       = spNext,
  .xEof        = spEof,
  .xColumn     = spColumn,
  .xRowid      = spRowid,
};

int self_profile_register(sqlite3 *db){
  static int bMeta = 1;
  int rc = sqlite3_create_module(db, "self_profile", &selfProfileModule, 0);
  if( rc==SQLITE_OK ) rc = sqlite3_create_module(db, "self_profile_metadata", &selfProfileModule, &bMeta);
  return rc;
}
