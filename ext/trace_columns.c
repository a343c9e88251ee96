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

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_table.h"

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

/* A time computed by the call tree: INTEGER when it is a whole number. */
static void result_time(sqlite3_context *ctx, double v){
  if( v==(double)(sqlite3_int64)v && v>-9e15 && v<9e15 ){
    sqlite3_result_int64(ctx, (sqlite3_int64)v);
  }else{
    sqlite3_result_double(ctx, v);
  }
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
static void result_extra_unmatched(sqlite3_context *ctx, const TraceEvent *pEv){
  const EventField *f = &pEv->aField[EF_EXTRA];
  char *z;
  if( f->eType==EV_JSON && f->nByte>=2 ){
    z = sqlite3_mprintf("%.*s,\"unmatched\":true}", (int)f->nByte-1, event_field_bytes(pEv, EF_EXTRA));
  }else{
    z = sqlite3_mprintf("{\"unmatched\":true}");
  }
  if( z==0 ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  sqlite3_result_text(ctx, z, -1, sqlite3_free);
}

/* The columns computed from the call tree (and dur/extra where it adds to them).
** Returns 1 if it produced the result. */
static int tracecurTreeColumn(TraceCursor *pCur, sqlite3_context *ctx, int iCol){
  const CallSlice *pSlice;
  if( pCur->pTree==0 ) return 0;
  if( iCol==TEV_COL_DUR ){
    double v;
    if( pCur->pEv->aField[EF_DUR].eType!=EV_ABSENT ) return 0;
    v = call_tree_b_duration(pCur->pTree, pCur->pEv);
    if( v<0 ) return 0;
    result_time(ctx, v);
    return 1;
  }
  if( iCol==TEV_COL_EXTRA ){
    if( !call_tree_unmatched(pCur->pTree, pCur->pEv) ) return 0;
    result_extra_unmatched(ctx, pCur->pEv);
    return 1;
  }
  pSlice = tracecurSlice(pCur);
  if( pSlice==0 ) return 1;     /* not a slice: NULL */
  switch( iCol ){
    case TEV_COL_DEPTH:
      sqlite3_result_int64(ctx, pSlice->depth);
      break;
    case TEV_COL_PARENT:
      if( pSlice->parent ) sqlite3_result_int64(ctx, ((sqlite3_int64)pCur->iFile << 32) + pSlice->parent);
      break;
    case TEV_COL_SELF_DUR:
      result_time(ctx, pSlice->self_dur);
      break;
    case TEV_COL_STACK: {
      char *z;
      size_t n;
      int rc = call_tree_stack(pCur->pTree, pSlice, &z, &n);
      if( rc==-2 ){
        /* cannot happen: xBestIndex asks for names whenever stack is read */
        sqlite3_result_error(ctx, "trace_events: internal error: a call tree without names", -1);
        break;
      }
      if( rc ){
        sqlite3_result_error_nomem(ctx);
        break;
      }
      sqlite3_result_text64(ctx, z, (sqlite3_uint64)n, free, SQLITE_UTF8);
      break;
    }
    case TEV_COL_SYMBOL: {
      const char *z;
      size_t n;
      if( call_tree_function(pCur->pTree, pSlice, &z, &n) ){
        /* cannot happen: xBestIndex asks for functions whenever symbol is read */
        sqlite3_result_error(ctx, "trace_events: internal error: a call tree without functions", -1);
        break;
      }
      if( z ) sqlite3_result_text64(ctx, z, (sqlite3_uint64)n, SQLITE_TRANSIENT, SQLITE_UTF8);
      break;
    }
  }
  return 1;
}

/* The text of field iCol of the current row as the result.  A value
** longer than SQLite's limit (SQLITE_LIMIT_LENGTH, 1,000,000,000 bytes by
** default; an event may hold 1 GB) is an error that says which. */
static void tracecurResultText(TraceCursor *pCur, sqlite3_context *ctx, int iCol, const char *z, uint32_t n){
  static const char *const azCol[EF_COUNT] = {
    "pid", "tid", "ph", "name", "cat", "ts", "dur", "detail", "args", "id", "extra"
  };
  if( n>pCur->nMaxText ){
    char *zMsg = sqlite3_mprintf("%s: %s: event %lld: its %s is %u bytes, more than SQLite's limit of %d bytes "
                                 "(SQLITE_LIMIT_LENGTH)", tracecurTableName(pCur), pCur->azFile[pCur->iFile],
                                 (long long)pCur->pEv->iSeq, iCol<EF_COUNT ? azCol[iCol] : "value", n,
                                 (int)pCur->nMaxText);
    if( zMsg==0 ){
      sqlite3_result_error_nomem(ctx);
      return;
    }
    sqlite3_result_error(ctx, zMsg, -1);
    sqlite3_free(zMsg);
    return;
  }
  sqlite3_result_text(ctx, z, (int)n, SQLITE_TRANSIENT);
}

int tracecurColumn(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int iCol){
  TraceCursor *pCur = (TraceCursor*)cur;
  TraceTable *pTab = (TraceTable*)cur->pVtab;
  const TraceEvent *pEv = pCur->pEv;
  const EventField *f;
  const char *z;
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
      sqlite3_result_text(ctx, pCur->zArg, -1, SQLITE_TRANSIENT);
      return SQLITE_OK;
    case TEV_COL_OPTIONS: {
      char zOpt[160], zPiece[24] = "";
      if( pCur->nPiece ) snprintf(zPiece, sizeof(zPiece), ",piece=%d", pCur->nPiece);
      snprintf(zOpt, sizeof(zOpt), "threads=%d%s%s%s%s%s", pCur->nThread, zPiece,
               pCur->bYajlOnly ? ",lexer=yajl" : "", pCur->zSince[0] ? ",since=" : "", pCur->zSince,
               pCur->bPartial ? ",partial=1" : "");
      sqlite3_result_text(ctx, zOpt, -1, SQLITE_TRANSIENT);
      return SQLITE_OK;
    }
    case TEV_COL_FILE:
      sqlite3_result_text(ctx, pCur->azFile[pCur->iFile], -1, SQLITE_TRANSIENT);
      return SQLITE_OK;
    case TEV_COL_UNIT:
      sqlite3_result_text(ctx, pCur->zUnit, -1, SQLITE_TRANSIENT);
      return SQLITE_OK;
    case TEV_COL_MTIME:
      if( pCur->zMtime[0] ) sqlite3_result_text(ctx, pCur->zMtime, -1, SQLITE_TRANSIENT);
      return SQLITE_OK;
    case TEV_COL_DEPTH: case TEV_COL_PARENT: case TEV_COL_SELF_DUR: case TEV_COL_STACK:
    case TEV_COL_SYMBOL: case TEV_COL_DUR: case TEV_COL_EXTRA:
      if( tracecurTreeColumn(pCur, ctx, iCol) ) return SQLITE_OK;
      break;
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
        tracecurResultText(pCur, ctx, iCol, z, f->nByte);
      }
      break;
    case EV_STRING:
    case EV_JSON:   tracecurResultText(pCur, ctx, iCol, z, f->nByte); break;
    default:        break;   /* absent or null: NULL */
  }
  return SQLITE_OK;
}

