/*
** cargo_timings.c: the cargo_timings virtual table, one row per unit of
** the timings page `cargo build --timings` writes.
**
** Usage, in the sqlite3 shell:
**
**   .load build/timetrace
**   SELECT name, target, duration, rmeta, unit FROM cargo_timings('target/cargo-timings')
**    ORDER BY duration DESC LIMIT 10;
**   -- this crate took 1.3 s: how much of it was LLVM?
**   SELECT c.unit, c.duration, sum(e.dur) / 1e6 AS llvm_total
**     FROM cargo_timings('target/cargo-timings') c
**     JOIN trace_events('target/release', 'recursive=1') e USING (unit)
**    WHERE e.depth = 0 GROUP BY c.unit;
**
** How it works.  The table is eponymous only (a table-valued function);
** its declared schema is
**
**   cargo_timings(i INTEGER, name TEXT, version TEXT, target TEXT,
**                 mode TEXT, start REAL, duration REAL, rmeta REAL,
**                 sections TEXT, features TEXT, unblocked_units TEXT,
**                 unblocked_rmeta_units TEXT, unit TEXT, file TEXT,
**                 path HIDDEN)
**
** The argument is a page, a directory or a glob pattern.  A directory
** lists its cargo-timing*.html (and .html.gz) files, or when it has none,
** those of its cargo-timings/ subdirectory (so `target` works too).  In
** a directory's or a pattern's list, cargo-timing.html is left out when a
** cargo-timing-*.html of the same directory is there: cargo writes the
** newest page under both names, and its units would be counted twice.
** A file named on its own is always read.  Each page is read whole
** (cargo_timings_read.c) when the scan reaches it; rowid = the unit's
** 1-based position in its page plus (the page's index in the list) << 32.
**
** Reading files is SQLITE_VTAB_DIRECTONLY: a view or trigger in a database
** someone else made cannot make the user's connection read the user's files.
*/
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cargo_timings.h"
#include "cargo_timings_read.h"
#include "text_buf.h"
#include "trace_source.h"

#define CT_SCHEMA \
  "CREATE TABLE x(i INTEGER, name TEXT, version TEXT, target TEXT, mode TEXT," \
  " start REAL, duration REAL, rmeta REAL, sections TEXT, features TEXT," \
  " unblocked_units TEXT, unblocked_rmeta_units TEXT, unit TEXT, file TEXT," \
  " path HIDDEN)"
/*      0        1         2        3         4           5          6
**      i        name      version  target    mode        start      duration
**      7        8         9        10                    11
**      rmeta    sections  features unblocked_units       unblocked_rmeta_units
**      12       13        14
**      unit     file      path */
#define CT_COL_I          0
#define CT_COL_NAME       1
#define CT_COL_VERSION    2
#define CT_COL_TARGET     3
#define CT_COL_MODE       4
#define CT_COL_START      5
#define CT_COL_DURATION   6
#define CT_COL_RMETA      7
#define CT_COL_SECTIONS   8
#define CT_COL_FEATURES   9
#define CT_COL_UNBLOCKED  10
#define CT_COL_UNBLOCKED_RMETA 11
#define CT_COL_UNIT       12
#define CT_COL_FILE       13
#define CT_COL_PATH       14

typedef struct CargoTable {
  sqlite3_vtab base;        /* base class: must be first */
} CargoTable;

typedef struct CargoCursor {
  sqlite3_vtab_cursor base; /* base class: must be first */
  char **azFile;            /* the pages to read (trace_source_free_list) */
  int nFile;                /* how many */
  int iFile;                /* the page whose units are in t */
  CargoTimings t;           /* the units of page iFile */
  int iUnit;                /* the current unit of t */
  int bEof;                 /* no more rows */
} CargoCursor;

static int cargotabConnect(sqlite3 *db, void *pAux, int argc, const char *const*argv,
                           sqlite3_vtab **ppVtab, char **pzErr){
  CargoTable *pTab;
  int rc;
  (void)pAux; (void)argc; (void)argv; (void)pzErr;
  *ppVtab = 0;
  rc = sqlite3_declare_vtab(db, CT_SCHEMA);
  if( rc!=SQLITE_OK ) return rc;
  pTab = sqlite3_malloc(sizeof(*pTab));
  if( pTab==0 ) return SQLITE_NOMEM;
  memset(pTab, 0, sizeof(*pTab));
  /* Reads files: never from a view, trigger or schema the user did not write. */
  sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
  *ppVtab = &pTab->base;
  return SQLITE_OK;
}

static int cargotabDisconnect(sqlite3_vtab *pVtab){
  sqlite3_free(pVtab);
  return SQLITE_OK;
}

static int cargotabOpen(sqlite3_vtab *pVtab, sqlite3_vtab_cursor **ppCur){
  CargoCursor *pCur = sqlite3_malloc(sizeof(*pCur));
  (void)pVtab;
  if( pCur==0 ) return SQLITE_NOMEM;
  memset(pCur, 0, sizeof(*pCur));
  pCur->bEof = 1;
  *ppCur = &pCur->base;
  return SQLITE_OK;
}

static void cargocurReset(CargoCursor *pCur){
  cargo_timings_free(&pCur->t);
  trace_source_free_list(pCur->azFile, pCur->nFile);
  pCur->azFile = 0;
  pCur->nFile = 0;
  pCur->iFile = 0;
  pCur->iUnit = 0;
  pCur->bEof = 1;
}

static int cargotabClose(sqlite3_vtab_cursor *cur){
  CargoCursor *pCur = (CargoCursor*)cur;
  cargocurReset(pCur);
  sqlite3_free(pCur);
  return SQLITE_OK;
}

/* Set the table's error message "cargo_timings: <zWhere>: <zMsg>" (the
** old one freed); returns rc.  zWhere is a path or a pattern as the user
** gave it, zMsg may quote a directory: both go through text_shown, so
** that the message is UTF-8 and bounded whatever bytes a name holds. */
static int cargotab_error(sqlite3_vtab *pVtab, int rc, const char *zWhere, const char *zMsg){
  char aWhere[TRACE_SHOWN_PATH_SIZE], aMsg[TRACE_SHOWN_MSG_SIZE];
  text_shown(zWhere, strlen(zWhere), TRACE_SHOWN_PATH, aWhere, sizeof(aWhere));
  text_shown(zMsg, strlen(zMsg), sizeof(aMsg), aMsg, sizeof(aMsg));
  sqlite3_free(pVtab->zErrMsg);
  pVtab->zErrMsg = rc==SQLITE_NOMEM ? 0 : sqlite3_mprintf("cargo_timings: %s: %s", aWhere, aMsg);
  if( rc!=SQLITE_NOMEM && pVtab->zErrMsg==0 ) return SQLITE_NOMEM;
  return rc;
}

/*
** The list of pages
*/

/* Is zBase the name of a timings page: cargo-timing*.html[.gz]? */
static int is_page_name(const char *zBase){
  size_t n = strlen(zBase);
  if( strncmp(zBase, "cargo-timing", 12)!=0 ) return 0;
  return (n>=5 && strcmp(zBase + n - 5, ".html")==0) || (n>=8 && strcmp(zBase + n - 8, ".html.gz")==0);
}

static int cmp_str(const void *a, const void *b){
  return strcmp(*(char*const*)a, *(char*const*)b);
}

/* Append the pages of directory zDir to (*paz, *pn).  Returns 0, 1 when
** the directory cannot be read (zErr says why), 2 when out of memory. */
static int list_dir(const char *zDir, char ***paz, int *pn, char *zErr, size_t nErr){
  DIR *d = opendir(zDir);
  struct dirent *e;
  int nAlloc = *pn;
  if( d==0 ){
    snprintf(zErr, nErr, "cannot read the directory");
    return 1;
  }
  while( (e = readdir(d))!=0 ){
    char *z;
    if( !is_page_name(e->d_name) ) continue;
    if( *pn==nAlloc ){
      int nNew = nAlloc ? nAlloc*2 : 8;
      char **azNew = realloc(*paz, sizeof(char*)*(size_t)nNew);
      if( azNew==0 ){ closedir(d); return 2; }
      *paz = azNew;
      nAlloc = nNew;
    }
    z = malloc(strlen(zDir) + strlen(e->d_name) + 2);
    if( z==0 ){ closedir(d); return 2; }
    sprintf(z, "%s/%s", zDir, e->d_name);
    (*paz)[(*pn)++] = z;
  }
  closedir(d);
  if( *pn>1 ) qsort(*paz, (size_t)*pn, sizeof(char*), cmp_str);
  return 0;
}

/* The directory part of z: its length (up to the last '/'), 0 if none. */
static size_t dir_len(const char *z){
  const char *zSlash = strrchr(z, '/');
  return zSlash ? (size_t)(zSlash - z) : 0;
}

/* Drop cargo-timing.html[.gz] from the list where a cargo-timing-*.html
** of the same directory is in it. */
static void drop_copies(char **az, int *pn){
  int i, j, k = 0;
  for(i=0; i<*pn; i++){
    size_t nDir = dir_len(az[i]);
    const char *zBase = az[i] + nDir + (nDir || az[i][0]=='/' ? 1 : 0);
    int bCopy = strcmp(zBase, "cargo-timing.html")==0 || strcmp(zBase, "cargo-timing.html.gz")==0;
    if( bCopy ){
      for(j=0; j<*pn; j++){
        size_t nDir2 = dir_len(az[j]);
        const char *zBase2 = az[j] + nDir2 + (nDir2 || az[j][0]=='/' ? 1 : 0);
        if( nDir2==nDir && memcmp(az[j], az[i], nDir)==0 && strncmp(zBase2, "cargo-timing-", 13)==0 ) break;
      }
      if( j<*pn ){ free(az[i]); continue; }
    }
    az[k++] = az[i];
  }
  *pn = k;
}

/* The pages zArg names.  Returns SQLITE_OK with the list in the cursor,
** else an error code with the table's message set. */
static int cargocurList(CargoCursor *pCur, const char *zArg){
  sqlite3_vtab *pVtab = pCur->base.pVtab;
  char zErr[TRACE_ERRMSG_MAX];
  struct stat st;
  int rc = 0;
  if( stat(zArg, &st)==0 && S_ISDIR(st.st_mode) ){
    rc = list_dir(zArg, &pCur->azFile, &pCur->nFile, zErr, sizeof(zErr));
    if( rc==0 && pCur->nFile==0 ){
      char *zSub = sqlite3_mprintf("%s/cargo-timings", zArg);
      if( zSub==0 ) return SQLITE_NOMEM;
      if( stat(zSub, &st)==0 && S_ISDIR(st.st_mode) ) rc = list_dir(zSub, &pCur->azFile, &pCur->nFile, zErr, sizeof(zErr));
      sqlite3_free(zSub);
    }
    if( rc==2 ) return SQLITE_NOMEM;
    if( rc==1 ) return cargotab_error(pVtab, SQLITE_ERROR, zArg, zErr);
    if( pCur->nFile==0 ){
      return cargotab_error(pVtab, SQLITE_ERROR, zArg,
                            "no cargo-timing*.html file in this directory or its cargo-timings/");
    }
  }else if( trace_source_expand(zArg, &pCur->azFile, &pCur->nFile, zErr, sizeof(zErr)) ){
    if( strcmp(zErr, "out of memory")==0 ) return SQLITE_NOMEM;
    return cargotab_error(pVtab, SQLITE_ERROR, zArg, zErr);
  }
  if( pCur->nFile>1 ) drop_copies(pCur->azFile, &pCur->nFile);
  return SQLITE_OK;
}

/* Read page iFile into the cursor.  Returns SQLITE_OK or an error. */
static int cargocurLoad(CargoCursor *pCur){
  char zErr[CARGO_TIMINGS_ERRMSG_MAX];
  int rc;
  cargo_timings_free(&pCur->t);
  rc = cargo_timings_read(pCur->azFile[pCur->iFile], &pCur->t, zErr, sizeof(zErr));
  if( rc==CARGO_TIMINGS_NOMEM ) return SQLITE_NOMEM;
  if( rc ) return cargotab_error(pCur->base.pVtab, SQLITE_ERROR, pCur->azFile[pCur->iFile], zErr);
  return SQLITE_OK;
}

/* Move to the first unit at or after (iFile, iUnit), reading pages. */
static int cargocurSettle(CargoCursor *pCur){
  while( pCur->iUnit>=pCur->t.nUnit ){
    int rc;
    if( pCur->iFile+1>=pCur->nFile ){ pCur->bEof = 1; return SQLITE_OK; }
    pCur->iFile++;
    pCur->iUnit = 0;
    rc = cargocurLoad(pCur);
    if( rc ) return rc;
  }
  return SQLITE_OK;
}

static int cargotabNext(sqlite3_vtab_cursor *cur){
  CargoCursor *pCur = (CargoCursor*)cur;
  pCur->iUnit++;
  return cargocurSettle(pCur);
}

/*
** xFilter: idxNum 1 when argv[0] is the path (the only constraint used),
** 0 when there is no path (an error).
*/
static int cargotabFilter(sqlite3_vtab_cursor *cur, int idxNum, const char *idxStr,
                          int argc, sqlite3_value **argv){
  CargoCursor *pCur = (CargoCursor*)cur;
  const char *zArg;
  int rc;
  (void)idxStr;
  cargocurReset(pCur);
  if( idxNum==0 || argc<1 || (zArg = (const char*)sqlite3_value_text(argv[0]))==0 ){
    if( argc>=1 && sqlite3_value_type(argv[0])!=SQLITE_NULL ) return SQLITE_NOMEM;
    return cargotab_error(cur->pVtab, SQLITE_ERROR, "a page, a directory or a pattern is needed",
                          "cargo_timings('target/cargo-timings')");
  }
  rc = cargocurList(pCur, zArg);
  if( rc ) return rc;
  pCur->bEof = 0;
  pCur->iFile = -1;
  pCur->iUnit = 0;
  return cargocurSettle(pCur);
}

static int cargotabEof(sqlite3_vtab_cursor *cur){
  return ((CargoCursor*)cur)->bEof;
}

/* A text column: NULL when z is. */
static void result_text(sqlite3_context *ctx, const char *z){
  if( z ) sqlite3_result_text(ctx, z, -1, SQLITE_TRANSIENT);
}

static int cargotabColumn(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int iCol){
  CargoCursor *pCur = (CargoCursor*)cur;
  const CargoUnit *pU = &pCur->t.aUnit[pCur->iUnit];
  switch( iCol ){
    case CT_COL_I:         if( pU->bIndex ) sqlite3_result_int64(ctx, pU->iIndex); break;
    case CT_COL_NAME:      result_text(ctx, pU->zName); break;
    case CT_COL_VERSION:   result_text(ctx, pU->zVersion); break;
    case CT_COL_TARGET:    result_text(ctx, pU->zTarget); break;
    case CT_COL_MODE:      result_text(ctx, pU->zMode); break;
    case CT_COL_START:     if( pU->bStart ) sqlite3_result_double(ctx, pU->rStart); break;
    case CT_COL_DURATION:  if( pU->bDuration ) sqlite3_result_double(ctx, pU->rDuration); break;
    case CT_COL_RMETA:     if( pU->bRmeta ) sqlite3_result_double(ctx, pU->rRmeta); break;
    case CT_COL_SECTIONS:  result_text(ctx, pU->zSections); break;
    case CT_COL_FEATURES:  result_text(ctx, pU->zFeatures); break;
    case CT_COL_UNBLOCKED: result_text(ctx, pU->zUnblocked); break;
    case CT_COL_UNBLOCKED_RMETA: result_text(ctx, pU->zUnblockedRmeta); break;
    case CT_COL_UNIT:      result_text(ctx, pU->zUnit); break;
    case CT_COL_FILE:      result_text(ctx, pCur->azFile[pCur->iFile]); break;
    default: break;        /* path: not kept */
  }
  return SQLITE_OK;
}

static int cargotabRowid(sqlite3_vtab_cursor *cur, sqlite_int64 *pRowid){
  CargoCursor *pCur = (CargoCursor*)cur;
  *pRowid = ((sqlite_int64)pCur->iFile << 32) + pCur->iUnit + 1;
  return SQLITE_OK;
}

/*
** xBestIndex: idxNum 1 and argv[0] = the path when `path = ?` is usable;
** SQLITE_CONSTRAINT when it is there but not usable (the planner tries
** another order); idxNum 0 when there is none (xFilter says it is needed).
*/
static int cargotabBestIndex(sqlite3_vtab *pVtab, sqlite3_index_info *pIdx){
  int i, iPath = -1;
  (void)pVtab;
  for(i=0; i<pIdx->nConstraint; i++){
    const struct sqlite3_index_constraint *p = &pIdx->aConstraint[i];
    if( p->iColumn!=CT_COL_PATH || p->op!=SQLITE_INDEX_CONSTRAINT_EQ ) continue;
    if( !p->usable ) return SQLITE_CONSTRAINT;
    if( iPath<0 ) iPath = i;
  }
  if( iPath<0 ){
    pIdx->idxNum = 0;
    pIdx->estimatedCost = 1e300;
    return SQLITE_OK;
  }
  pIdx->idxNum = 1;
  pIdx->aConstraintUsage[iPath].argvIndex = 1;
  pIdx->aConstraintUsage[iPath].omit = 1;
  pIdx->estimatedCost = 1000;
  pIdx->estimatedRows = 500;
  return SQLITE_OK;
}

static sqlite3_module cargoTimingsModule = {
  .iVersion    = 0,
  .xCreate     = 0,            /* eponymous only */
  .xConnect    = cargotabConnect,
  .xBestIndex  = cargotabBestIndex,
  .xDisconnect = cargotabDisconnect,
  .xDestroy    = cargotabDisconnect,
  .xOpen       = cargotabOpen,
  .xClose      = cargotabClose,
  .xFilter     = cargotabFilter,
  .xNext       = cargotabNext,
  .xEof        = cargotabEof,
  .xColumn     = cargotabColumn,
  .xRowid      = cargotabRowid,
};

int cargo_timings_register(sqlite3 *db){
  return sqlite3_create_module_v2(db, "cargo_timings", &cargoTimingsModule, 0, 0);
}
