/*
** trace_columns.c: xColumn of trace_events and trace_metadata, the row's
** values as SQLite sees them: numbers as INTEGER or REAL as written, text
** within SQLite's length limit, the call tree's columns (depth, parent,
** self_dur, stack, symbol) and what the tree adds to dur and extra (a B's
** time to its E, unmatched B and E).  The cursor it reads is in
** trace_table.h; trace_events.c has the rest of the table.
*/
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_text.h"
#include "text_buf.h"
#include "trace_table.h"

/* The fields whose column is numeric: pid, tid, ts, dur. */
#define NUMERIC_FIELDS (EVENT_WANT(EF_PID) | EVENT_WANT(EF_TID) | EVENT_WANT(EF_TS) | EVENT_WANT(EF_DUR))

/* Parse the JSON number z[0..n) into *pVal: an integer when it is written
** as one and fits in 64 bits, otherwise a double (1.0, 1e3, 2^64), read
** whatever the locale (json_number_double). */
static int value_number(TraceValue *pVal, const char *z, uint32_t n){
  int64_t v;
  if( json_number_int64(z, n, &v) ){
    pVal->eType = SQLITE_INTEGER;
    pVal->i = v;
    return SQLITE_OK;
  }
  pVal->eType = SQLITE_FLOAT;
  pVal->r = json_number_double(z, n);
  return SQLITE_OK;
}

/* Text z[0..n) that stays valid while the row does. */
static void value_text(TraceValue *pVal, const char *z, size_t n){
  pVal->eType = SQLITE_TEXT;
  pVal->z = z;
  pVal->n = n;
}

/* The C string z as the value: a path, a unit, a time, the same for a
** whole file.  Not copied with its NUL for SQLite before 3.45
** (trace_value_result_nul): these are grouped and counted far more
** often than searched, and SQLite's strlen of a 100-byte path on every
** row cost sql/build-units.sql more than the copy saved. */
static void value_cstring(TraceValue *pVal, const char *z){
  value_text(pVal, z, strlen(z));
  pVal->bCString = 1;
}

/* The slice of the current row in the call tree, or NULL. */
static const CallSlice *tracecurSlice(TraceCursor *pCur){
  if( pCur->pTree==0 ) return 0;
  if( pCur->iSliceOf!=pCur->pEv->iSeq ){
    pCur->pSlice = call_tree_slice(pCur->pTree, pCur->pEv);
    pCur->iSliceOf = pCur->pEv->iSeq;
  }
  return pCur->pSlice;
}

/* The extra column of a row the call tree found to be an unmatched B or E:
** the event's other keys plus "unmatched":true. */
static int value_extra_unmatched(TraceValue *pVal, const TraceEvent *pEv){
  const EventField *f = &pEv->aField[EF_EXTRA];
  char *z;
  if( f->eType==EV_JSON && f->nByte>=2 ){
    z = sqlite3_mprintf("%.*s,\"unmatched\":true}", (int)f->nByte-1, event_field_bytes(pEv, EF_EXTRA));
  }else{
    z = sqlite3_mprintf("{\"unmatched\":true}");
  }
  if( z==0 ) return SQLITE_NOMEM;
  value_text(pVal, z, strlen(z));
  pVal->xFree = sqlite3_free;
  return SQLITE_OK;
}

static int tracecurSliceValue(TraceCursor *pCur, int iCol, const CallSlice *pSlice, TraceValue *pVal,
                              int *pRc, char **pzErr);

/* The columns computed from the call tree (and dur/extra where it adds to
** them).  Returns 1 if it made the value (in *pVal, *pRc set), else 0. */
static int tracecurTreeValue(TraceCursor *pCur, int iCol, TraceValue *pVal, int *pRc, char **pzErr){
  const CallSlice *pSlice;
  if( pCur->pTree==0 ) return 0;
  if( iCol==TEV_COL_DUR ){
    double v;
    if( pCur->pEv->aField[EF_DUR].eType!=EV_ABSENT ) return 0;
    v = call_tree_b_duration(pCur->pTree, pCur->pEv);
    if( v<0 ) return 0;
    trace_value_time(pVal, v);
    return 1;
  }
  if( iCol==TEV_COL_EXTRA ){
    if( !call_tree_unmatched(pCur->pTree, pCur->pEv) ) return 0;
    *pRc = value_extra_unmatched(pVal, pCur->pEv);
    return 1;
  }
  pSlice = tracecurSlice(pCur);
  if( pSlice==0 ){
    /* not a slice: NULL, but an async instant has a place in its async
    ** slice (tree_instants.h) */
    CallSlice inst;
    if( (iCol==TEV_COL_DEPTH || iCol==TEV_COL_PARENT || iCol==TEV_COL_STACK)
     && call_tree_instant(pCur->pTree, pCur->pEv->iSeq, &inst) ){
      return tracecurSliceValue(pCur, iCol, &inst, pVal, pRc, pzErr);
    }
    return 1;
  }
  return tracecurSliceValue(pCur, iCol, pSlice, pVal, pRc, pzErr);
}

/* Column iCol of the tree, for slice pSlice: into *pVal (*pRc set).
** Returns 1. */
static int tracecurSliceValue(TraceCursor *pCur, int iCol, const CallSlice *pSlice, TraceValue *pVal,
                              int *pRc, char **pzErr){
  switch( iCol ){
    case TEV_COL_DEPTH:
      pVal->eType = SQLITE_INTEGER;
      pVal->i = pSlice->depth;
      break;
    case TEV_COL_PARENT:
      if( pSlice->parent ){
        pVal->eType = SQLITE_INTEGER;
        pVal->i = ((sqlite3_int64)pCur->iFile << 32) + pSlice->parent;
      }
      break;
    case TEV_COL_SELF_DUR:
      trace_value_time(pVal, pSlice->self_dur);
      break;
    case TEV_COL_STACK: {
      /* the tree's own text (built once per distinct stack), or its
      ** buffer valid until the next call: either way it lasts the row */
      const char *z;
      size_t n;
      int rc = call_tree_stack_text(pCur->pTree, pSlice, &z, &n);
      if( rc==-2 ){
        /* cannot happen: xBestIndex asks for names whenever stack is read */
        *pzErr = sqlite3_mprintf("trace_events: internal error: a call tree without names");
        *pRc = *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
        break;
      }
      if( rc<0 ){
        *pRc = SQLITE_NOMEM;
        break;
      }
      value_text(pVal, z, n);
      break;
    }
    case TEV_COL_NESTED_SAME_NAME: {
      int r = call_tree_nested(pCur->pTree, pSlice);
      if( r<0 ){
        /* cannot happen: xBestIndex asks for names whenever nested_same_name is read */
        *pzErr = sqlite3_mprintf("trace_events: internal error: a call tree without names");
        *pRc = *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
        break;
      }
      pVal->eType = SQLITE_INTEGER;
      pVal->i = r;
      break;
    }
    case TEV_COL_SYMBOL: {
      const char *z;
      size_t n;
      if( call_tree_function(pCur->pTree, pSlice, &z, &n) ){
        /* cannot happen: xBestIndex asks for functions whenever symbol is read */
        *pzErr = sqlite3_mprintf("trace_events: internal error: a call tree without functions");
        *pRc = *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
        break;
      }
      if( z ) value_text(pVal, z, n);
      break;
    }
  }
  return 1;
}

/* The text of field iCol of the current row as the value.  A value
** longer than SQLite's limit (SQLITE_LIMIT_LENGTH, 1,000,000,000 bytes by
** default; an event may hold 1 GB) is an error that says which. */
static int tracecurTextValue(TraceCursor *pCur, int iCol, const char *z, uint32_t n, TraceValue *pVal, char **pzErr){
  static const char *const azCol[EF_COUNT] = {
    "pid", "tid", "ph", "name", "cat", "ts", "dur", "detail", "args", "id", "extra"
  };
  if( n>pCur->nMaxText ){
    const char *zFile = pCur->azFile[pCur->iFile];
    char aFile[TRACE_SHOWN_PATH_SIZE];
    text_shown(zFile, strlen(zFile), TRACE_SHOWN_PATH, aFile, sizeof(aFile));
    *pzErr = sqlite3_mprintf("%s: %s: event %lld: its %s is %u bytes, more than SQLite's limit of %d bytes "
                             "(SQLITE_LIMIT_LENGTH)", tracecurTableName(pCur), aFile,
                             (long long)pCur->pEv->iSeq, iCol<EF_COUNT ? azCol[iCol] : "value", n,
                             (int)pCur->nMaxText);
    return *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
  }
  value_text(pVal, z, n);
  return SQLITE_OK;
}

int tracecurValue(TraceCursor *pCur, int iCol, TraceValue *pVal, char **pzErr){
  TraceTable *pTab = (TraceTable*)pCur->base.pVtab;
  const TraceEvent *pEv = pCur->pEv;
  const EventField *f;
  const char *z;
  uint32_t n;
  memset(pVal, 0, sizeof(*pVal));     /* SQLITE_NULL is 5: set below */
  pVal->eType = SQLITE_NULL;
  *pzErr = 0;
  if( pTab->bMeta ){
    switch( iCol ){
      case TMETA_COL_KEY:   iCol = EF_NAME; break;
      case TMETA_COL_VALUE: iCol = EF_ARGS; break;
      case TMETA_COL_FILE:  iCol = TEV_COL_FILE; break;
      case TMETA_COL_OPTIONS: iCol = TEV_COL_OPTIONS; break;
      default:              iCol = TEV_COL_PATH; break;
    }
  }
  switch( iCol ){
    case TEV_COL_PATH:
      value_cstring(pVal, pCur->zArg);
      return SQLITE_OK;
    case TEV_COL_OPTIONS:
      if( pCur->zOptArg ) value_cstring(pVal, pCur->zOptArg);
      return SQLITE_OK;
    case TEV_COL_FILE: {
      const char *zFile = tracecurOnSkippedRow(pCur) ? pCur->azSkipped[pCur->iSkipped] : pCur->azFile[pCur->iFile];
      value_cstring(pVal, zFile);
      return SQLITE_OK;
    }
    case TEV_COL_UNIT:
      value_cstring(pVal, pCur->zUnit);
      return SQLITE_OK;
    case TEV_COL_MTIME:
      if( pCur->zMtime[0] ) value_cstring(pVal, pCur->zMtime);
      return SQLITE_OK;
    case TEV_COL_DEPTH: case TEV_COL_PARENT: case TEV_COL_SELF_DUR: case TEV_COL_STACK:
    case TEV_COL_SYMBOL: case TEV_COL_NESTED_SAME_NAME: case TEV_COL_DUR: case TEV_COL_EXTRA: {
      int rc = SQLITE_OK;
      if( tracecurTreeValue(pCur, iCol, pVal, &rc, pzErr) ) return rc;
      break;
    }
  }
  if( iCol>=EF_COUNT ) return SQLITE_OK;       /* a tree column without a tree: NULL */
  f = &pEv->aField[iCol];
  if( f->eType==EV_STRING ){
    /* most values of a scan: a string is its bytes in every column */
    return tracecurTextValue(pCur, iCol, event_field_bytes(pEv, iCol), f->nByte, pVal, pzErr);
  }
  if( (1u<<iCol) & NUMERIC_FIELDS ){
    /* the numeric columns: a number is its value, true and false 1 and
    ** 0, anything else its text */
    z = event_field_bytes(pEv, iCol);
    switch( f->eType ){
      case EV_FALSE:
      case EV_TRUE:
        pVal->eType = SQLITE_INTEGER;
        pVal->i = f->eType==EV_TRUE;
        return SQLITE_OK;
      case EV_NUMBER:
        return value_number(pVal, z, f->nByte);
    }
  }
  /* a text column holds text, as a TEXT column of a table would (SQLite
  ** assumes so: as the INTEGER 1, a true in an IN list beside '1' gave
  ** rows twice); absent or null: NULL */
  if( event_field_text(pEv, iCol, &z, &n) ) return tracecurTextValue(pCur, iCol, z, n, pVal, pzErr);
  return SQLITE_OK;
}

/* Give *pVal to SQLite as ctx's result (text copied unless it is the
** value's own allocation, which SQLite then frees).  Empty text must not
** be a NULL pointer: SQLite makes that a NULL value. */
void trace_value_result(sqlite3_context *ctx, TraceValue *pVal){
  switch( pVal->eType ){
    case SQLITE_INTEGER: sqlite3_result_int64(ctx, pVal->i); break;
    case SQLITE_FLOAT:   sqlite3_result_double(ctx, pVal->r); break;
    case SQLITE_TEXT:
      if( pVal->xFree ){
        sqlite3_result_text64(ctx, pVal->z, (sqlite3_uint64)pVal->n, pVal->xFree, SQLITE_UTF8);
        pVal->xFree = 0;
      }else{
        sqlite3_result_text64(ctx, pVal->z ? pVal->z : "", (sqlite3_uint64)pVal->n, SQLITE_TRANSIENT, SQLITE_UTF8);
      }
      break;
    default: break;
  }
}

/* As trace_value_result, but a text shorter than TRACE_TERMINATED_MAX
** without a NUL in it goes to SQLite NUL-terminated, and SQLite knows it
** (a length of -1).  Why: SQLite before 3.45 keeps a text of known length
** without a NUL after it, then reallocates the value to add one each
** time a function or a client reads it as a C string (sqlite3_value_text:
** LIKE, length(), rust_demangle(), the shell's and Python's output).  On
** the bench trace, `count(*) WHERE name LIKE '%Pass%'` took 1.09 s with
** it and 0.81 s without, `sum(length(name))` 1.22 and 1.05 s, printing
** the names 1.40 and 1.18 s, while `max(name)`, which only compares,
** paid 7% for the extra copy (0.89 and 0.95 s).  Later SQLite adds the
** NUL in place when it has room, and the copy would only cost.  A C
** string the same for a whole file (bCString) is not copied either. */
#define TRACE_TERMINATED_MAX 512

int trace_text_wants_nul(void){
  return sqlite3_libversion_number()<3045000;
}

void trace_value_result_nul(sqlite3_context *ctx, TraceValue *pVal, int bTermText){
  char a[TRACE_TERMINATED_MAX];
  if( !bTermText || pVal->eType!=SQLITE_TEXT || pVal->bCString || pVal->xFree || pVal->n>=sizeof(a)
   || (pVal->n && memchr(pVal->z, 0, pVal->n)!=0) ){
    trace_value_result(ctx, pVal);
    return;
  }
  if( pVal->n ) memcpy(a, pVal->z, pVal->n);
  a[pVal->n] = 0;
  sqlite3_result_text(ctx, a, -1, SQLITE_TRANSIENT);
}

int tracecurColumn(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int iCol){
  TraceCursor *pCur = (TraceCursor*)cur;
  TraceValue v;
  char *zErr = 0;
  int rc;
  if( pCur->pGroup ) return tracecurGroupColumn(pCur, ctx, iCol);
  rc = tracecurValue(pCur, iCol, &v, &zErr);
  if( rc==SQLITE_OK ){
    trace_value_result_nul(ctx, &v, ((TraceTable*)cur->pVtab)->bTermText);
  }else if( rc==SQLITE_NOMEM ){
    sqlite3_result_error_nomem(ctx);
  }else{
    sqlite3_result_error(ctx, zErr, -1);
    sqlite3_free(zErr);
  }
  return SQLITE_OK;
}
