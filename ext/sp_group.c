/*
** sp_group.c: a GROUP BY that self_profile consumes.
** Interface: sp_group.h.
**
** sql/self-profile-summarize.sql groups every event of a profile by
** thread and label.  Left to SQLite, each of a 873 MB profile's 2.3 M
** events went through its sorter, about half the report's time.  SQLite
** needs the rows of a GROUP BY only grouped, not sorted
** (sqlite3_vtab_distinct() 1; DISTINCT, 2, is left to SQLite, which keeps
** its B-tree for it over grouped rows too), so, as trace_events does
** (trace_group.c), self_profile says it gives them so
** (orderByConsumed) when the ORDER BY it is handed is of its own columns
** (SQLite hands a virtual table only those, with their BINARY collation),
** and xFilter reads the whole scan first, keeping of each row:
**
**   - its group's key, once per group (group_rows.h interns it), made of
**     the values as SQLite compares them: self_profile's columns are
**     INTEGER, TEXT or NULL, never REAL, so a key part is 'N', or 'I'
**     and 8 bytes, or 'T', a varint length and the bytes: equal values,
**     equal bytes, and the parts read back in order;
**   - its rowid, as the distance from its group's last row;
**   - the other columns the statement reads ("held"), each a tag byte (0
**     NULL, 1 INTEGER, 2 TEXT) and a varint (the integer, zigzag-coded,
**     or the text's length, then its bytes).  file, unit, path and
**     options are not held: the same for every row of a file or of the
**     scan, self_profile.c gives them from the rowid's file.
**
** The groups are then handed out in the order of their keys, as SQLite's
** sorter would have (so a statement gives its rows in the same order
** with or without this), each group's rows in file order.  EXPLAIN QUERY
** PLAN says "(grouped by file, thread_id, label; held: kind, dur_ns)",
** and no "USE TEMP B-TREE FOR GROUP BY" follows; `GROUP BY +label` is
** SQLite's way to turn it off.  Memory: the held values, 1 to 5 bytes a
** row for its rowid and length, and the keys, once per group.
*/
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "group_rows.h"
#include "sp_group.h"

const char *const sp_group_column_name[SP_NCOL] = {
  "kind", "label", "args", "thread_id", "start_ns", "end_ns", "dur_ns", "value", "file",
  "unit", "depth", "parent", "self_ns", "stack", "nested_same_name", "path", "options"
};
/* Columns the same for a whole file or for the scan: never held. */
#define SP_COL_FILE 8
#define SP_COL_UNIT 9
#define SP_COL_PATH 15
#define SP_COL_OPTIONS 16
#define NOT_HELD ((1u<<SP_COL_FILE) | (1u<<SP_COL_UNIT) | (1u<<SP_COL_PATH) | (1u<<SP_COL_OPTIONS))

struct SpGroup {
  GroupRows *pRows;
  int nKey, aiKey[SP_NCOL];      /* the key's columns, in the ORDER BY's order */
  unsigned mKey, mHeld, mDesc;   /* key, held and descending columns, as masks */
  unsigned char *aBuf;           /* the key, then the row, being made */
  size_t nBufAlloc;
  sqlite3_int64 *aLast;          /* per group: the rowid of its last row */
  size_t nLastAlloc;
  GroupRowsIter it;              /* handing out: the current row */
  sqlite3_int64 iRowid;          /* ... its rowid */
  TraceValue aVal[SP_NCOL];      /* ... its key's and held values */
};

/* ---- the plan ------------------------------------------------------------ */

char *sp_group_plan(sqlite3_index_info *pIdx){
  int aiKey[SP_NCOL], aiHeld[SP_NCOL], nKey, nHeld = 0, i;
  unsigned mKey, mDesc;
  char zKey[400], zHeld[400];
  /* not DISTINCT: it gains nothing, SQLite keeps its B-tree for DISTINCT
  ** over grouped rows too (same time) */
  if( !trace_group_key_of_plan(pIdx, SP_NCOL, 0, aiKey, &nKey, &mKey, &mDesc) ) return 0;
  for(i=0; i<SP_NCOL; i++){
    if( (pIdx->colUsed & ((sqlite3_uint64)1<<i)) && !((mKey | NOT_HELD) & (1u<<i)) ) aiHeld[nHeld++] = i;
  }
  group_columns_text(zKey, sizeof(zKey), sp_group_column_name, aiKey, nKey, mDesc);
  group_columns_text(zHeld, sizeof(zHeld), sp_group_column_name, aiHeld, nHeld, 0);
  return sqlite3_mprintf(" (grouped by %s; held: %s)", zKey, zHeld);
}

int sp_group_new(const char *zPlan, SpGroup **ppGroup){
  SpGroup *g;
  const char *z = zPlan ? strstr(zPlan, " (grouped by ") : 0;
  int aiHeld[SP_NCOL], nHeld;
  unsigned mNone = 0;
  *ppGroup = 0;
  if( z==0 ) return SQLITE_ERROR;                  /* not a plan sp_group_plan made */
  g = sqlite3_malloc(sizeof(*g));
  if( g==0 ) return SQLITE_NOMEM;
  memset(g, 0, sizeof(*g));
  z = group_columns_parse(z + 13, ';', sp_group_column_name, SP_NCOL, g->aiKey, &g->nKey, &g->mKey, &g->mDesc);
  if( z && strncmp(z, "; held: ", 8)==0 ){
    z = group_columns_parse(z + 8, ')', sp_group_column_name, SP_NCOL, aiHeld, &nHeld, &g->mHeld, &mNone);
  }else{
    z = 0;
  }
  if( z==0 ){
    sqlite3_free(g);
    return SQLITE_ERROR;
  }
  if( (g->pRows = group_rows_new())==0 ){
    sqlite3_free(g);
    return SQLITE_NOMEM;
  }
  *ppGroup = g;
  return SQLITE_OK;
}

unsigned sp_group_columns(const SpGroup *g){
  return g->mKey | g->mHeld;
}

/* ---- keeping the rows ---------------------------------------------------- */

/* Room for n more bytes after the first nUsed of g->aBuf. */
static int buf_room(SpGroup *g, size_t nUsed, size_t n){
  unsigned char *a;
  size_t nNew;
  if( nUsed + n <= g->nBufAlloc ) return SQLITE_OK;
  nNew = (nUsed + n)*2 + 64;
  if( (a = sqlite3_realloc64(g->aBuf, nNew))==0 ) return SQLITE_NOMEM;
  g->aBuf = a;
  g->nBufAlloc = nNew;
  return SQLITE_OK;
}

/* Append key part v at g->aBuf[*pn]. */
static int key_part_put(SpGroup *g, size_t *pn, const TraceValue *v){
  size_t nText = v->eType==SQLITE_TEXT ? v->n : 0;
  unsigned char *a;
  if( buf_room(g, *pn, 1 + GROUP_VARINT_MAX + 8 + nText) ) return SQLITE_NOMEM;
  a = g->aBuf + *pn;
  if( v->eType==SQLITE_INTEGER ){
    a[0] = 'I';
    memcpy(a + 1, &v->i, 8);
    *pn += 9;
  }else if( v->eType==SQLITE_TEXT ){
    size_t k = group_varint_put(a + 1, nText);
    a[0] = 'T';
    if( nText ) memcpy(a + 1 + k, v->z, nText);
    *pn += 1 + k + nText;
  }else{
    a[0] = 'N';
    *pn += 1;
  }
  return SQLITE_OK;
}

/* Append held value v at g->aBuf[*pn]. */
static int held_put(SpGroup *g, size_t *pn, const TraceValue *v){
  size_t nText = v->eType==SQLITE_TEXT ? v->n : 0;
  unsigned char *a;
  if( buf_room(g, *pn, 1 + GROUP_VARINT_MAX + nText) ) return SQLITE_NOMEM;
  a = g->aBuf + *pn;
  if( v->eType==SQLITE_INTEGER ){
    uint64_t u = (uint64_t)v->i;
    a[0] = 1;
    *pn += 1 + group_varint_put(a + 1, (u << 1) ^ (0 - (u >> 63)));
  }else if( v->eType==SQLITE_TEXT ){
    size_t k = group_varint_put(a + 1, nText);
    a[0] = 2;
    if( nText ) memcpy(a + 1 + k, v->z, nText);
    *pn += 1 + k + nText;
  }else{
    a[0] = 0;
    *pn += 1;
  }
  return SQLITE_OK;
}

/* The last rowid of group iGroup, 0 for a new group (the array grows). */
static int last_rowid_slot(SpGroup *g, long iGroup, sqlite3_int64 **ppLast){
  if( (size_t)iGroup>=g->nLastAlloc ){
    size_t nNew = g->nLastAlloc ? g->nLastAlloc*2 : 64;
    sqlite3_int64 *a;
    while( nNew<=(size_t)iGroup ) nNew *= 2;
    if( (a = sqlite3_realloc64(g->aLast, nNew*sizeof(*a)))==0 ) return SQLITE_NOMEM;
    memset(a + g->nLastAlloc, 0, (nNew - g->nLastAlloc)*sizeof(*a));
    g->aLast = a;
    g->nLastAlloc = nNew;
  }
  *ppLast = &g->aLast[iGroup];
  return SQLITE_OK;
}

int sp_group_add(SpGroup *g, sqlite3_int64 iRowid, const TraceValue *aVal){
  size_t nKey = 0, n, i;
  sqlite3_int64 *pLast;
  long iGroup;
  for(i=0; i<(size_t)g->nKey; i++){
    if( key_part_put(g, &nKey, &aVal[g->aiKey[i]]) ) return SQLITE_NOMEM;
  }
  if( (iGroup = group_rows_group(g->pRows, g->aBuf, nKey))<0 ) return SQLITE_NOMEM;
  if( last_rowid_slot(g, iGroup, &pLast) ) return SQLITE_NOMEM;
  /* the row after the key in aBuf: its rowid's distance from the group's
  ** last (rows come in rowid order), then the held values in column order */
  if( buf_room(g, nKey, GROUP_VARINT_MAX) ) return SQLITE_NOMEM;
  n = nKey + group_varint_put(g->aBuf + nKey, (uint64_t)(iRowid - *pLast));
  for(i=0; i<SP_NCOL; i++){
    if( (g->mHeld & (1u<<i)) && held_put(g, &n, &aVal[i]) ) return SQLITE_NOMEM;
  }
  if( group_rows_append(g->pRows, iGroup, g->aBuf + nKey, n - nKey) ) return SQLITE_NOMEM;
  *pLast = iRowid;
  return SQLITE_OK;
}

/* ---- the groups' order --------------------------------------------------- */

/* Read the key part at a into *v; returns the bytes after it. */
static const unsigned char *key_part_get(const unsigned char *a, TraceValue *v){
  memset(v, 0, sizeof(*v));
  v->eType = SQLITE_NULL;
  if( a[0]=='I' ){
    v->eType = SQLITE_INTEGER;
    memcpy(&v->i, a + 1, 8);
    return a + 9;
  }
  if( a[0]=='T' ){
    uint64_t n;
    size_t k = group_varint_get(a + 1, GROUP_VARINT_MAX, &n);
    v->eType = SQLITE_TEXT;
    v->z = (const char*)a + 1 + k;
    v->n = (size_t)n;
    return a + 1 + k + n;
  }
  return a + 1;
}

/* SQLite's order of two values of self_profile (BINARY collation): NULL,
** then integers by value, then texts by their bytes. */
static int value_compare(const TraceValue *x, const TraceValue *y){
  int rx = x->eType==SQLITE_NULL ? 0 : x->eType==SQLITE_INTEGER ? 1 : 2;
  int ry = y->eType==SQLITE_NULL ? 0 : y->eType==SQLITE_INTEGER ? 1 : 2;
  if( rx!=ry ) return rx<ry ? -1 : 1;
  if( rx==1 ) return x->i<y->i ? -1 : x->i>y->i;
  if( rx==2 ) return group_bytes_compare(x->z, x->n, y->z, y->n);
  return 0;
}

/* GroupKeyCompare: keys column by column, in the ORDER BY's directions. */
static int key_compare(void *pCtx, const char *zA, size_t nA, const char *zB, size_t nB){
  const SpGroup *g = pCtx;
  const unsigned char *a = (const unsigned char*)zA, *b = (const unsigned char*)zB;
  int i;
  (void)nA;
  (void)nB;
  for(i=0; i<g->nKey; i++){
    TraceValue x, y;
    int c;
    a = key_part_get(a, &x);
    b = key_part_get(b, &y);
    if( (c = value_compare(&x, &y))!=0 ) return (g->mDesc & (1u<<g->aiKey[i])) ? -c : c;
  }
  return 0;
}

int sp_group_finish(SpGroup *g){
  if( group_rows_sort(g->pRows, key_compare, g) ) return SQLITE_NOMEM;
  group_rows_iter_start(g->pRows, &g->it);
  return SQLITE_OK;
}

/* ---- handing the rows out ------------------------------------------------ */

/* Read the held value at a[0..n) into *v; returns its length. */
static size_t held_get(const unsigned char *a, size_t n, TraceValue *v){
  uint64_t x = 0;
  size_t k;
  v->eType = SQLITE_NULL;
  if( a[0]==0 ) return 1;
  k = group_varint_get(a + 1, n - 1, &x);
  if( a[0]==1 ){
    v->eType = SQLITE_INTEGER;
    v->i = (sqlite3_int64)((x >> 1) ^ (0 - (x & 1)));
    return 1 + k;
  }
  v->eType = SQLITE_TEXT;
  v->z = (const char*)a + 1 + k;
  v->n = (size_t)x;
  return 1 + k + (size_t)x;
}

int sp_group_next(SpGroup *g){
  const unsigned char *a;
  size_t n, k;
  uint64_t d;
  int i;
  if( !group_rows_iter_next(g->pRows, &g->it) ) return 0;
  if( g->it.bNewGroup ){
    const unsigned char *p = (const unsigned char*)g->it.zKey;
    for(i=0; i<g->nKey; i++) p = key_part_get(p, &g->aVal[g->aiKey[i]]);
    g->iRowid = 0;
  }
  a = g->it.aRow;
  n = g->it.nRow;
  k = group_varint_get(a, n, &d);          /* (what was written: never past the row) */
  g->iRowid += (sqlite3_int64)d;
  for(i=0; i<SP_NCOL; i++){
    if( g->mHeld & (1u<<i) ) k += held_get(a + k, n - k, &g->aVal[i]);
  }
  return 1;
}

const TraceValue *sp_group_value(const SpGroup *g, int iCol){
  if( iCol<0 || iCol>=SP_NCOL || !((g->mKey | g->mHeld) & (1u<<iCol)) ) return 0;
  return &g->aVal[iCol];
}

sqlite3_int64 sp_group_rowid(const SpGroup *g){
  return g->iRowid;
}

void sp_group_free(SpGroup *g){
  if( g==0 ) return;
  group_rows_free(g->pRows);
  sqlite3_free(g->aBuf);
  sqlite3_free(g->aLast);
  sqlite3_free(g);
}
