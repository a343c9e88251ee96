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
**                extra TEXT, path HIDDEN)
**   trace_metadata(key TEXT, value TEXT, path HIDDEN)
**
** One row per event, in file order, rowid = the event's 1-based position.
** A cursor streams the file through an EventFile (event_reader.c): only
** the columns the statement uses (colUsed) are built, and equality
** constraints on name (also IN), ph, cat, pid and tid are checked by the
** reader before a row is handed to SQLite.  SQLite checks them again
** (omit=0): the pushdown only skips rows that cannot match.
**
** Reading files is SQLITE_VTAB_DIRECTONLY: a view or trigger in a database
** someone else made cannot make the user's connection read the user's files.
*/
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "event_reader.h"
#include "trace_events.h"

/* Columns of trace_events.  The first EF_COUNT are the reader's fields,
** in the same order:
**      0    1    2   3     4    5   6    7       8     9   10     11      */
#define TEV_SCHEMA \
  "CREATE TABLE x(pid INTEGER, tid INTEGER, ph TEXT, name TEXT, cat TEXT," \
  " ts NUMERIC, dur NUMERIC, detail TEXT, args TEXT, id TEXT, extra TEXT," \
  " path HIDDEN)"
#define TEV_COL_PID    EF_PID
#define TEV_COL_TID    EF_TID
#define TEV_COL_PH     EF_PH
#define TEV_COL_NAME   EF_NAME
#define TEV_COL_CAT    EF_CAT
#define TEV_COL_PATH   EF_COUNT

/* Columns of trace_metadata:   0          1           2 */
#define TMETA_SCHEMA "CREATE TABLE x(key TEXT, value TEXT, path HIDDEN)"
#define TMETA_COL_KEY    0
#define TMETA_COL_VALUE  1
#define TMETA_COL_PATH   2

/* idxNum bits of xBestIndex; xFilter's argv holds one value per set bit
** among the first seven, in this order. */
#define TEV_IDX_PATH     0x01   /* path = ?                            */
#define TEV_IDX_NAME     0x02   /* name = ?                            */
#define TEV_IDX_NAME_IN  0x04   /* name IN (...), all values at once   */
#define TEV_IDX_PH       0x08   /* ph = ?                              */
#define TEV_IDX_CAT      0x10   /* cat = ?                             */
#define TEV_IDX_PID      0x20   /* pid = ?                             */
#define TEV_IDX_TID      0x40   /* tid = ?                             */
#define TEV_IDX_NFILTER  7
/* Bits 8 and up: the EVENT_WANT() mask of the fields the statement reads. */
#define TEV_IDX_WANT_SHIFT 8

typedef struct TraceTable {
  sqlite3_vtab base;          /* Base class.  Must be first */
  int bMeta;                  /* 1 for trace_metadata */
  char *zPath;                /* File given to CREATE VIRTUAL TABLE, or NULL */
} TraceTable;

/* A text value an event field must equal (bytes, not NUL-terminated). */
typedef struct TraceText {
  const char *z;
  int n;
} TraceText;

typedef struct TraceCursor {
  sqlite3_vtab_cursor base;   /* Base class.  Must be first */
  EventFile *pFile;           /* The open trace, or NULL */
  const TraceEvent *pEv;      /* Current row, NULL at EOF */
  char *zPath;                /* File being read (sqlite3_malloc) */
  /* Pushed-down equality filters (idxNum bits); text points into aText */
  int mFilter;                /* TEV_IDX_* bits in force */
  TraceText name, ph, cat;    /* name = ?, ph = ?, cat = ? */
  sqlite3_int64 iPid, iTid;   /* pid = ?, tid = ? (integers only) */
  TraceText *aNameIn;         /* Sorted values of name IN (...) */
  int nNameIn;                /* Number of them */
  char *aText;                /* One allocation holding every filter string */
} TraceCursor;

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

/* xConnect and xCreate for both tables: pAux tells which one. */
static int tracetabConnect(sqlite3 *db, void *pAux, int argc, const char *const*argv,
                           sqlite3_vtab **ppVtab, char **pzErr){
  TraceTable *pTab;
  int bMeta = pAux!=0;
  int rc;
  *ppVtab = 0;
  if( argc>4 ){
    *pzErr = sqlite3_mprintf("%s: one argument expected (the trace file)", argv[0]);
    return SQLITE_ERROR;
  }
  rc = sqlite3_declare_vtab(db, bMeta ? TMETA_SCHEMA : TEV_SCHEMA);
  if( rc!=SQLITE_OK ) return rc;
  pTab = sqlite3_malloc(sizeof(*pTab));
  if( pTab==0 ) return SQLITE_NOMEM;
  memset(pTab, 0, sizeof(*pTab));
  pTab->bMeta = bMeta;
  if( argc==4 ){
    pTab->zPath = sqlite3_mprintf("%s", argv[3]);
    if( pTab->zPath==0 ){
      sqlite3_free(pTab);
      return SQLITE_NOMEM;
    }
    trace_dequote(pTab->zPath);
  }
  /* Reads files: never from a view, trigger or schema the user did not write. */
  sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
  *ppVtab = &pTab->base;
  return SQLITE_OK;
}

static int tracetabDisconnect(sqlite3_vtab *pVtab){
  TraceTable *pTab = (TraceTable*)pVtab;
  sqlite3_free(pTab->zPath);
  sqlite3_free(pTab);
  return SQLITE_OK;
}

static int tracetabOpen(sqlite3_vtab *pVtab, sqlite3_vtab_cursor **ppCur){
  TraceCursor *pCur = sqlite3_malloc(sizeof(*pCur));
  (void)pVtab;
  if( pCur==0 ) return SQLITE_NOMEM;
  memset(pCur, 0, sizeof(*pCur));
  *ppCur = &pCur->base;
  return SQLITE_OK;
}

/* Forget the file and the filters of the last scan. */
static void tracecurReset(TraceCursor *pCur){
  event_file_close(pCur->pFile);
  pCur->pFile = 0;
  pCur->pEv = 0;
  sqlite3_free(pCur->zPath);
  pCur->zPath = 0;
  sqlite3_free(pCur->aNameIn);
  pCur->aNameIn = 0;
  pCur->nNameIn = 0;
  sqlite3_free(pCur->aText);
  pCur->aText = 0;
  pCur->mFilter = 0;
}

static int tracetabClose(sqlite3_vtab_cursor *cur){
  TraceCursor *pCur = (TraceCursor*)cur;
  tracecurReset(pCur);
  sqlite3_free(pCur);
  return SQLITE_OK;
}

/* Does event field f (bytes z) hold exactly the string t? */
static int text_equals(const EventField *f, const char *z, const TraceText *t){
  return f->eType==EV_STRING && f->nByte==(uint32_t)t->n && memcmp(z, t->z, (size_t)t->n)==0;
}

/* Can event field f (bytes z) be equal to integer i?  Only a JSON number
** written as a plain integer is known to be different; anything else is
** left for SQLite to decide. */
static int int_may_equal(const EventField *f, const char *z, sqlite3_int64 i){
  sqlite3_int64 v = 0;
  uint32_t k = 0;
  int bNeg = 0;
  if( f->eType==EV_ABSENT || f->eType==EV_NULL ) return 0;
  if( f->eType!=EV_NUMBER || f->nByte==0 || f->nByte>18 ) return 1;
  if( z[0]=='-' ){ bNeg = 1; k = 1; }
  if( k==f->nByte ) return 1;
  for(; k<f->nByte; k++){
    if( z[k]<'0' || z[k]>'9' ) return 1;    /* 1.0, 1e3: let SQLite compare */
    v = v*10 + (z[k]-'0');
  }
  return (bNeg ? -v : v)==i;
}

static int text_cmp(const void *a, const void *b){
  const TraceText *x = a, *y = b;
  int n = x->n < y->n ? x->n : y->n;
  int c = memcmp(x->z, y->z, (size_t)n);
  return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* The reader's filter: 0 drops an event that cannot satisfy the pushed-down
** constraints. */
static int tracecurAccept(void *pCtx, const TraceEvent *pEv){
  const TraceCursor *pCur = pCtx;
  int m = pCur->mFilter;
  const EventField *a = pEv->aField;
  if( (m & TEV_IDX_NAME) && !text_equals(&a[EF_NAME], event_field_bytes(pEv, EF_NAME), &pCur->name) ) return 0;
  if( (m & TEV_IDX_PH) && !text_equals(&a[EF_PH], event_field_bytes(pEv, EF_PH), &pCur->ph) ) return 0;
  if( (m & TEV_IDX_CAT) && !text_equals(&a[EF_CAT], event_field_bytes(pEv, EF_CAT), &pCur->cat) ) return 0;
  if( (m & TEV_IDX_PID) && !int_may_equal(&a[EF_PID], event_field_bytes(pEv, EF_PID), pCur->iPid) ) return 0;
  if( (m & TEV_IDX_TID) && !int_may_equal(&a[EF_TID], event_field_bytes(pEv, EF_TID), pCur->iTid) ) return 0;
  if( m & TEV_IDX_NAME_IN ){
    TraceText t;
    if( a[EF_NAME].eType!=EV_STRING ) return 0;
    t.z = event_field_bytes(pEv, EF_NAME);
    t.n = (int)a[EF_NAME].nByte;
    if( bsearch(&t, pCur->aNameIn, (size_t)pCur->nNameIn, sizeof(TraceText), text_cmp)==0 ) return 0;
  }
  return 1;
}

static const char *tracetabName(const TraceCursor *pCur){
  return ((TraceTable*)pCur->base.pVtab)->bMeta ? "trace_metadata" : "trace_events";
}

/* Move to the next row that passes the filters, or to EOF. */
static int tracetabNext(sqlite3_vtab_cursor *cur){
  TraceCursor *pCur = (TraceCursor*)cur;
  const char *zErr;
  pCur->pEv = event_file_next(pCur->pFile);
  if( pCur->pEv==0 && (zErr = event_file_errmsg(pCur->pFile))!=0 ){
    sqlite3_vtab *pVtab = cur->pVtab;
    sqlite3_free(pVtab->zErrMsg);
    pVtab->zErrMsg = sqlite3_mprintf("%s: %s: %s", tracetabName(pCur), pCur->zPath, zErr);
    return pVtab->zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

/* Take the text of a filter argument.  Returns 0, or 1 when the value is
** not text (then the filter is not applied: SQLite alone decides). */
static int filter_text(sqlite3_value *pVal, TraceText *pOut, char **pzNext){
  if( sqlite3_value_type(pVal)!=SQLITE_TEXT ) return 1;
  pOut->n = sqlite3_value_bytes(pVal);
  memcpy(*pzNext, sqlite3_value_text(pVal), (size_t)pOut->n);
  pOut->z = *pzNext;
  *pzNext += pOut->n;
  return 0;
}

/* Copy the pushed-down constraint values into the cursor.  argv[0] is the
** path when TEV_IDX_PATH is set. */
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
    pCur->aNameIn = sqlite3_malloc64(sizeof(TraceText)*(size_t)(n+1));
    if( pCur->aNameIn==0 ) return SQLITE_NOMEM;
  }
  pCur->aText = sqlite3_malloc64((sqlite3_uint64)nText);
  if( pCur->aText==0 ) return SQLITE_NOMEM;
  zNext = pCur->aText;
  for(i=1; i<(1<<TEV_IDX_NFILTER); i<<=1){
    sqlite3_value *pVal;
    if( i==TEV_IDX_PATH || (idxNum & i)==0 ) continue;
    pVal = argv[iArg++];
    switch( i ){
      case TEV_IDX_NAME:
        if( filter_text(pVal, &pCur->name, &zNext)==0 ) pCur->mFilter |= i;
        break;
      case TEV_IDX_PH:
        if( filter_text(pVal, &pCur->ph, &zNext)==0 ) pCur->mFilter |= i;
        break;
      case TEV_IDX_CAT:
        if( filter_text(pVal, &pCur->cat, &zNext)==0 ) pCur->mFilter |= i;
        break;
      case TEV_IDX_PID:
      case TEV_IDX_TID:
        if( sqlite3_value_type(pVal)==SQLITE_INTEGER ){
          *(i==TEV_IDX_PID ? &pCur->iPid : &pCur->iTid) = sqlite3_value_int64(pVal);
          pCur->mFilter |= i;
        }
        break;
      case TEV_IDX_NAME_IN: {
        sqlite3_value *pItem;
        int rc, bAllText = 1;
        for(rc=sqlite3_vtab_in_first(pVal, &pItem); rc==SQLITE_OK && pItem; rc=sqlite3_vtab_in_next(pVal, &pItem)){
          if( filter_text(pItem, &pCur->aNameIn[pCur->nNameIn], &zNext) ) bAllText = 0;
          else pCur->nNameIn++;
        }
        if( rc!=SQLITE_OK && rc!=SQLITE_DONE ) return rc;
        /* A non-text value in the list could match some row: no filter then. */
        if( bAllText ){
          qsort(pCur->aNameIn, (size_t)pCur->nNameIn, sizeof(TraceText), text_cmp);
          pCur->mFilter |= i;
        }
        break;
      }
    }
  }
  return SQLITE_OK;
}

/*
** xFilter: open the file and position on the first row.  idxNum and argv
** are as described above xBestIndex.
*/
static int tracetabFilter(sqlite3_vtab_cursor *cur, int idxNum, const char *idxStr,
                          int argc, sqlite3_value **argv){
  TraceCursor *pCur = (TraceCursor*)cur;
  TraceTable *pTab = (TraceTable*)cur->pVtab;
  EventReaderConfig cfg;
  char zErr[TRACE_ERRMSG_MAX];
  const char *zPath;
  int rc;
  (void)idxStr;
  tracecurReset(pCur);
  if( idxNum & TEV_IDX_PATH ){
    zPath = (const char*)sqlite3_value_text(argv[0]);
  }else{
    zPath = pTab->zPath;
  }
  if( (idxNum & TEV_IDX_PATH)==0 && zPath==0 ){
    const char *zName = tracetabName(pCur);
    sqlite3_free(cur->pVtab->zErrMsg);
    cur->pVtab->zErrMsg = sqlite3_mprintf("%s: no trace file given: use %s('file.json')", zName, zName);
    return cur->pVtab->zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
  }
  if( zPath==0 ){
    /* path = NULL: no rows, as for any comparison with NULL */
    return SQLITE_OK;
  }
  pCur->zPath = sqlite3_mprintf("%s", zPath);
  if( pCur->zPath==0 ) return SQLITE_NOMEM;
  rc = tracecurSetFilters(pCur, idxNum, argc, argv);
  if( rc!=SQLITE_OK ) return rc;

  memset(&cfg, 0, sizeof(cfg));
  cfg.mWant = (unsigned)idxNum >> TEV_IDX_WANT_SHIFT;
  cfg.bMetadata = pTab->bMeta;
  if( pCur->mFilter ){
    cfg.xAccept = tracecurAccept;
    cfg.pAcceptCtx = pCur;
  }
  if( event_file_open(pCur->zPath, &cfg, 0, &pCur->pFile, zErr, sizeof(zErr)) ){
    sqlite3_free(cur->pVtab->zErrMsg);
    cur->pVtab->zErrMsg = sqlite3_mprintf("%s: %s: %s", tracetabName(pCur), pCur->zPath, zErr);
    return cur->pVtab->zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
  }
  return tracetabNext(cur);
}

static int tracetabEof(sqlite3_vtab_cursor *cur){
  return ((TraceCursor*)cur)->pEv==0;
}

/* Parse the JSON number z[0..n) into ctx: an integer when it is written as
** one and fits in 64 bits, otherwise a double (1.0, 1e3, 2^64). */
static void result_number(sqlite3_context *ctx, const char *z, uint32_t n){
  char aBuf[64];
  char *zCopy = aBuf;
  uint32_t i = (n>0 && z[0]=='-') ? 1 : 0;
  uint32_t k = i;
  while( k<n && z[k]>='0' && z[k]<='9' ) k++;
  if( k==n && n>i && n-i<=18 ){
    /* The common case: at most 18 digits cannot overflow. */
    sqlite3_int64 v = 0;
    for(k=i; k<n; k++) v = v*10 + (z[k]-'0');
    sqlite3_result_int64(ctx, i ? -v : v);
    return;
  }
  if( n>=sizeof(aBuf) ){
    zCopy = sqlite3_malloc64((sqlite3_uint64)n + 1);
    if( zCopy==0 ){
      sqlite3_result_error_nomem(ctx);
      return;
    }
  }
  memcpy(zCopy, z, n);
  zCopy[n] = 0;
  if( k==n ){
    long long v;
    errno = 0;
    v = strtoll(zCopy, 0, 10);
    if( errno==0 ){
      sqlite3_result_int64(ctx, v);
    }else{
      sqlite3_result_double(ctx, strtod(zCopy, 0));   /* too large for 64 bits */
    }
  }else{
    sqlite3_result_double(ctx, strtod(zCopy, 0));
  }
  if( zCopy!=aBuf ) sqlite3_free(zCopy);
}

static int tracetabColumn(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int iCol){
  TraceCursor *pCur = (TraceCursor*)cur;
  TraceTable *pTab = (TraceTable*)cur->pVtab;
  const TraceEvent *pEv = pCur->pEv;
  const EventField *f;
  const char *z;
  if( pTab->bMeta ){
    if( iCol==TMETA_COL_PATH ){
      sqlite3_result_text(ctx, pCur->zPath, -1, SQLITE_TRANSIENT);
      return SQLITE_OK;
    }
    iCol = iCol==TMETA_COL_KEY ? EF_NAME : EF_ARGS;
  }else if( iCol==TEV_COL_PATH ){
    sqlite3_result_text(ctx, pCur->zPath, -1, SQLITE_TRANSIENT);
    return SQLITE_OK;
  }
  f = &pEv->aField[iCol];
  z = event_field_bytes(pEv, iCol);
  switch( f->eType ){
    case EV_FALSE:  sqlite3_result_int(ctx, 0); break;
    case EV_TRUE:   sqlite3_result_int(ctx, 1); break;
    case EV_NUMBER:
      if( iCol==EF_PID || iCol==EF_TID || iCol==EF_TS || iCol==EF_DUR ){
        result_number(ctx, z, f->nByte);
      }else{
        sqlite3_result_text(ctx, z, (int)f->nByte, SQLITE_TRANSIENT);
      }
      break;
    case EV_STRING:
    case EV_JSON:   sqlite3_result_text(ctx, z, (int)f->nByte, SQLITE_TRANSIENT); break;
    default:        break;   /* absent or null: NULL */
  }
  return SQLITE_OK;
}

static int tracetabRowid(sqlite3_vtab_cursor *cur, sqlite_int64 *pRowid){
  *pRowid = ((TraceCursor*)cur)->pEv->iSeq;
  return SQLITE_OK;
}

/*
** xBestIndex.  idxNum bits (TEV_IDX_*), and the order of xFilter's argv:
**   0x01  path = ?        required unless CREATE VIRTUAL TABLE gave the file
**   0x02  name = ?
**   0x04  name IN (...)   all values in one argument (sqlite3_vtab_in)
**   0x08  ph = ?
**   0x10  cat = ?
**   0x20  pid = ?
**   0x40  tid = ?
**   bits 8..18: the fields the statement reads (colUsed), for the reader
** Only BINARY-collated equality is pushed down.  Every filter constraint
** is still checked by SQLite (omit=0), so the reader only has to drop rows
** that certainly fail; the path constraint is omitted (it is exact).  A missing path is SQLITE_CONSTRAINT, so the planner
** looks for a plan that supplies it; xConnect-time paths need none.
*/
static int tracetabBestIndex(sqlite3_vtab *pVtab, sqlite3_index_info *pIdx){
  TraceTable *pTab = (TraceTable*)pVtab;
  int aCons[TEV_IDX_NFILTER];      /* constraint index for each bit, or -1 */
  int i, iBit, nArg = 0, idxNum = 0;
  double nRow = 1e6;
  unsigned mWant = 0;
  for(i=0; i<TEV_IDX_NFILTER; i++) aCons[i] = -1;
  for(i=0; i<pIdx->nConstraint; i++){
    const struct sqlite3_index_constraint *p = &pIdx->aConstraint[i];
    int iSlot = -1;
    if( p->op!=SQLITE_INDEX_CONSTRAINT_EQ ) continue;
    if( pTab->bMeta ){
      if( p->iColumn==TMETA_COL_PATH ) iSlot = 0;
    }else{
      switch( p->iColumn ){
        case TEV_COL_PATH: iSlot = 0; break;
        case TEV_COL_NAME: iSlot = 1; break;
        case TEV_COL_PH:   iSlot = 3; break;
        case TEV_COL_CAT:  iSlot = 4; break;
        case TEV_COL_PID:  iSlot = 5; break;
        case TEV_COL_TID:  iSlot = 6; break;
      }
    }
    if( iSlot<0 ) continue;
    if( !p->usable ){
      if( iSlot==0 && pTab->zPath==0 ) return SQLITE_CONSTRAINT;
      continue;
    }
    if( iSlot>0 ){
      const char *zColl = sqlite3_vtab_collation(pIdx, i);
      if( zColl && sqlite3_stricmp(zColl, "BINARY")!=0 ) continue;
      if( iSlot==1 && sqlite3_vtab_in(pIdx, i, -1) ) iSlot = 2;
    }
    if( aCons[iSlot]<0 ) aCons[iSlot] = i;
  }
  if( aCons[0]<0 && pTab->zPath==0 ){
    /* No file at all: a plan that xFilter rejects with a clear message,
    ** priced so that any plan which does supply the file wins. */
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
    /* path is used exactly as given; the filters only pre-screen */
    pIdx->aConstraintUsage[iC].omit = iBit==0;
    if( iBit==2 ) sqlite3_vtab_in(pIdx, iC, 1);
    if( iBit>0 ) nRow /= (iBit==5 || iBit==6) ? 4 : 20;
  }
  /* Fields to build: those read, plus those the filters look at. */
  if( !pTab->bMeta ){
    for(i=0; i<EF_COUNT; i++){
      if( pIdx->colUsed & ((sqlite3_uint64)1 << i) ) mWant |= EVENT_WANT(i);
    }
    if( idxNum & (TEV_IDX_NAME|TEV_IDX_NAME_IN) ) mWant |= EVENT_WANT(EF_NAME);
    if( idxNum & TEV_IDX_PH )  mWant |= EVENT_WANT(EF_PH);
    if( idxNum & TEV_IDX_CAT ) mWant |= EVENT_WANT(EF_CAT);
    if( idxNum & TEV_IDX_PID ) mWant |= EVENT_WANT(EF_PID);
    if( idxNum & TEV_IDX_TID ) mWant |= EVENT_WANT(EF_TID);
  }
  idxNum |= (int)(mWant << TEV_IDX_WANT_SHIFT);
  pIdx->idxNum = idxNum;
  /* For EXPLAIN QUERY PLAN: which constraints the reader applies. */
  pIdx->idxStr = sqlite3_mprintf("%s%s%s%s%s%s%s",
      (idxNum & TEV_IDX_PATH) ? "path" : "file-of-table",
      (idxNum & TEV_IDX_NAME) ? " name=" : "",
      (idxNum & TEV_IDX_NAME_IN) ? " name-in" : "",
      (idxNum & TEV_IDX_PH) ? " ph=" : "",
      (idxNum & TEV_IDX_CAT) ? " cat=" : "",
      (idxNum & TEV_IDX_PID) ? " pid=" : "",
      (idxNum & TEV_IDX_TID) ? " tid=" : "");
  if( pIdx->idxStr==0 ) return SQLITE_NOMEM;
  pIdx->needToFreeIdxStr = 1;
  pIdx->estimatedRows = (sqlite3_int64)nRow;
  pIdx->estimatedCost = nRow;
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
  .xColumn     = tracetabColumn,
  .xRowid      = tracetabRowid,
};

int trace_events_register(sqlite3 *db){
  static int bMetaTag = 1;
  int rc = sqlite3_create_module(db, "trace_events", &traceEventsModule, 0);
  if( rc==SQLITE_OK ) rc = sqlite3_create_module(db, "trace_metadata", &traceEventsModule, &bMetaTag);
  return rc;
}
