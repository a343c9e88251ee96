/*
** trace_group.c: a GROUP BY (or DISTINCT) that trace_events consumes.
**
** Without help, SQLite answers `SELECT name, count(*), sum(dur) FROM
** trace_events(F) GROUP BY name` by sorting every row (name, dur) in its
** sorter, on the one thread that also takes the rows from the scan's
** workers; on a 5.75 M event trace that was 3.7 times the plain scan.
** SQLite does not need the rows sorted, only each group's rows together
** (sqlite3_vtab_distinct() 1 for GROUP BY, 2 for DISTINCT): then it
** aggregates them in one streaming pass.  So when xBestIndex sees such an
** ORDER BY on columns of the table (tracetabGroupPlan), it sets
** orderByConsumed, and xFilter reads the whole scan first
** (tracecurGroupScan), keeping of each row only what the statement reads:
**
**   - the group's key, once per group (group_rows.c interns it); a key
**     column that is the same for a whole file (file, unit, mtime) is
**     the number of its text among the files' (so the rows of two files
**     of one unit are one group), and path and options are nothing; in
**     a key of two or more of the rows' columns, a long text is its
**     number among the key's texts, each kept once: the key, hashed and
**     compared for every row, is then short;
**   - its rowid, as the distance from the group's previous row;
**   - the columns the statement reads that are not the key ("held"),
**     each as a tagged varint or its text;
**   - file, unit and mtime come from the rowid's file, and path and
**     options are the scan's: nothing per row.
**
** Then the rows are handed out group by group, each group's rows in file
** order.  SQLite checks the key of every row against the last, so the
** one thing that must hold is that rows SQLite finds equal are in one
** group: keys are the values as SQLite compares them with BINARY
** collation (the only collation SQLite hands a virtual table's ORDER BY):
** text by its bytes, NULL alone, and a number by its value, so that the
** INTEGER 2 and the REAL 2.0 (equal to SQLite) fall in one group.  A
** numeric key column is held too, so that each row still gives its own
** value, 2 or 2.0.
**
** One pass with the tree.  A statement that reads the tree's columns
** (depth, self_dur, stack, ...) and fields of the events reads a file
** twice: the tree first, then the rows.  When the key needs nothing of
** the tree (group_in_build), the rows are kept as each file's tree is
** built instead (call_tree_build_rows hands every event on), the trees
** stay until the rows are out, and each row keeps where its slice is:
** the tree's columns, and the dur of a B (its time to the E, known only
** once the file is read), are asked of the tree as the rows go out.  A
** tree that keeps names (for stack or nested_same_name) has just interned
** each slice's name: with a key of name alone, the slice's group is then
** found by that number (group_of_name), not by encoding and hashing the
** name again (summarize.sql on the bench trace: 2.38 s to 2.21 s).
**
** A key only of columns that are the same for a whole file (file, unit,
** mtime, and the scan's path and options) needs nothing kept: the rows
** of a group are those of the files with its key, so the files are read
** in the order of their keys (group_order_files: the files' keys grouped
** and sorted as rows' keys are) and every row goes to SQLite as it is
** read, as in a plain scan: "(grouped by unit; files in key order)".
** With the tree's columns and the events' fields too, each file is then
** read once, ahead of the scan, by workers (trace_rows_ahead.c).
**
** The plan says so in EXPLAIN QUERY PLAN: "(grouped by name; held:
** dur)", and no "USE TEMP B-TREE FOR GROUP BY" follows; a statement read
** in one pass adds "(one pass: rows kept as the tree is built)".  `GROUP BY +name`
** is SQLite's way to turn it off (the key is then an expression).
** Memory: what the held columns take, plus 1 to 5 bytes a row for its
** rowid and length and about 60 bytes a group (group_rows.h); the plain
** scan is unchanged.
*/
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "group_rows.h"
#include "string_table.h"
#include "trace_table.h"

#define TEV_NCOL (TEV_COL_OPTIONS + 1)

static const char *const azColumn[TEV_NCOL] = {
  "pid", "tid", "ph", "name", "cat", "ts", "dur", "detail", "args", "id", "extra",
  "file", "unit", "depth", "parent", "self_dur", "stack", "symbol", "mtime", "nested_same_name", "path", "options"
};

/* Columns whose values may be REAL (numbers as written, times of the
** tree): as keys they are also held, see above. */
#define NUMERIC_COLUMNS ((1u<<TEV_COL_PID) | (1u<<TEV_COL_TID) | (1u<<EF_TS) | (1u<<TEV_COL_DUR) \
                         | (1u<<TEV_COL_SELF_DUR))
/* Columns that are the same for every row of a file or of the scan. */
#define FILE_COLUMNS   ((1u<<TEV_COL_FILE) | (1u<<TEV_COL_UNIT) | (1u<<TEV_COL_MTIME))
#define SCAN_COLUMNS   ((1u<<TEV_COL_PATH) | (1u<<TEV_COL_OPTIONS))
/* Columns the call tree gives. */
#define TREE_COLUMNS   ((1u<<TEV_COL_DEPTH) | (1u<<TEV_COL_PARENT) | (1u<<TEV_COL_SELF_DUR) \
                        | (1u<<TEV_COL_STACK) | (1u<<TEV_COL_SYMBOL) | (1u<<TEV_COL_NESTED_SAME_NAME))
/* The plan's words for rows kept while the tree is built (see below). */
#define IN_BUILD_TEXT  " (one pass: rows kept as the tree is built)"
/* ... and for a key of columns the same for a whole file: the files are
** read in the key's order and no row is kept (see below). */
#define FILES_IN_ORDER_TEXT "; files in key order)"

/* The heads of the rows read ahead (group_ahead): a power of two. */
#define AHEAD_RING 32

struct TraceGroup {
  GroupRows *pRows;
  int nKey, aiKey[TEV_NCOL];     /* the key's columns, in plan order */
  unsigned mDesc;                /* key columns the ORDER BY wants descending */
  int nHeld, aiHeld[TEV_NCOL];   /* the held columns, in column order */
  unsigned mKey, mHeld;          /* the same as bit masks */
  /* One pass (IN_BUILD_TEXT): the rows are kept as each file's tree is
  ** built; the tree's columns, and the dur of a B, are not held but asked
  ** of the file's tree, kept until the end, as the rows go out */
  int bInBuild;
  CallTreeRows rowsInBuild;      /* what the builds hand the rows to */
  TreeCache *pCache;             /* the table's: the trees are borrowed from it */
  CallTree **apTree;             /* per file, its tree (NULL: not read) */
  int nTree;                     /* ... the files */
  unsigned mFromTree;            /* held columns the tree gives */
  uint64_t iSlice;               /* the row's slice (call_tree_slice_ref): being
                                 ** kept, or handed out */
  /* A key of name alone: the build numbers the slices' names (iName of
  ** CallTreeRows.xRow), so a slice's group is found by its name's number
  ** in the file's tree, not by hashing the name a second time */
  int bNameKey;
  long iName;                    /* the row being kept: its name's number, or -1 */
  uint32_t *aGroupOfName;        /* per name number: 1 + its group, 0 not yet known */
  size_t nGroupOfName;
  int iFileOfNames;              /* the file whose tree numbered them */
  GroupRowsIter itAhead;         /* group_ahead: the walk ahead of the rows, */
  sqlite3_int64 iRowidAhead;     /* ... its row's rowid, */
  uint64_t nRowAhead, nRowOut;   /* ... the rows it read and those handed out, */
  int bAheadEnd;                 /* ... 1 once it is at the end, */
  struct RowAhead {              /* ... and the heads of the rows it read, */
    sqlite3_int64 iRowid;        /* ... row n at aAhead[n % AHEAD_RING] */
    uint64_t iSlice;
    size_t nHead;
  } aAhead[AHEAD_RING];
  /* While reading */
  sqlite3_int64 *aLast;          /* per group: the rowid of its last row */
  size_t nLastAlloc;
  unsigned char *aBuf;           /* a row or key being encoded */
  size_t nBufAlloc;
  int iFileSeen;                 /* the last file whose unit and mtime were kept */
  /* file, unit and mtime: per file, the numbers in fileTexts of its three
  ** texts (UINT32_MAX for NULL), for the key and for the column alike */
  StringTable fileTexts;
  uint32_t (*aFileText)[3];
  /* A key of two or more columns of the rows: its long texts are numbers
  ** in keyTexts ('S' parts), so that the groups' keys, hashed and
  ** compared for every row, are short, and each text is kept once (1.1 M
  ** groups of (symbol, name) are 24,000 symbols and 268 names) */
  int bKeyTexts;
  StringTable keyTexts;
  /* While handing rows out */
  GroupRowsIter it;
  sqlite3_int64 iRowid;
  TraceValue aVal[TEV_NCOL];     /* the current row's key and held values */
};

/* --- the plan ---------------------------------------------------------- */

static unsigned held_columns(unsigned mKey, sqlite3_uint64 colUsed){
  unsigned m = 0;
  int i;
  for(i=0; i<TEV_NCOL; i++){
    if( (colUsed & ((sqlite3_uint64)1 << i))==0 ) continue;
    if( (1u<<i) & (FILE_COLUMNS|SCAN_COLUMNS) ) continue;
    if( ((1u<<i) & mKey) && ((1u<<i) & NUMERIC_COLUMNS)==0 ) continue;
    m |= 1u<<i;
  }
  return m;
}

/* May the rows be kept as each file's tree is built, so that the file is
** read once, not once for the tree and once for the rows?  When the
** statement reads the tree's columns and fields of the events, and the
** key needs nothing of the tree: not its columns, and not dur (a B's is
** the time to its E) nor extra (an unmatched B or E says so there), which
** are known only once the file is read.  extra is not held either (its
** unmatched form is made from the event's own). */
static int group_in_build(int idxNum, unsigned mKey, sqlite3_uint64 colUsed){
  unsigned mNeedsTree = TREE_COLUMNS | (1u<<TEV_COL_DUR) | (1u<<TEV_COL_EXTRA);
  if( !(idxNum & TEV_IDX_TREE) || tev_tree_alone(idxNum) ) return 0;
  if( mKey & mNeedsTree ) return 0;
  return (colUsed & ((sqlite3_uint64)1 << TEV_COL_EXTRA))==0;
}

int trace_group_key_of_plan(sqlite3_index_info *pIdx, int nCol, int bDistinct,
                            int *aiKey, int *pnKey, unsigned *pmKey, unsigned *pmDesc){
  int i, eDistinct;
  *pnKey = 0;
  *pmKey = *pmDesc = 0;
  if( pIdx->nOrderBy<=0 || sqlite3_libversion_number()<3038000 ) return 0;
  eDistinct = sqlite3_vtab_distinct(pIdx);
  if( eDistinct!=1 && !(eDistinct==2 && bDistinct) ) return 0;   /* 0 and 3 want sorted rows */
  for(i=0; i<pIdx->nOrderBy; i++){
    int iCol = pIdx->aOrderBy[i].iColumn;
    if( iCol<0 || iCol>=nCol ) return 0;          /* the rowid: already unique */
    if( *pmKey & (1u<<iCol) ) continue;
    *pmKey |= 1u<<iCol;
    if( pIdx->aOrderBy[i].desc ) *pmDesc |= 1u<<iCol;
    aiKey[(*pnKey)++] = iCol;
  }
  return 1;
}

char *tracetabGroupPlan(sqlite3_index_info *pIdx, int idxNum){
  int aiKey[TEV_NCOL] = {0}, aiHeld[TEV_NCOL], nKey, nHeld = 0, i;
  unsigned mKey, mHeld, mDesc;
  char zKey[512], zHeld[512];
  if( !trace_group_key_of_plan(pIdx, TEV_NCOL, 1, aiKey, &nKey, &mKey, &mDesc) ) return 0;
  group_columns_text(zKey, sizeof(zKey), azColumn, aiKey, nKey, mDesc);
  if( (mKey & ~(FILE_COLUMNS|SCAN_COLUMNS))==0 ){
    return sqlite3_mprintf(" (grouped by %s%s", zKey, FILES_IN_ORDER_TEXT);
  }
  mHeld = held_columns(mKey, pIdx->colUsed);
  for(i=0; i<TEV_NCOL; i++) if( mHeld & (1u<<i) ) aiHeld[nHeld++] = i;
  group_columns_text(zHeld, sizeof(zHeld), azColumn, aiHeld, nHeld, 0);
  return sqlite3_mprintf(" (grouped by %s; held: %s)%s", zKey, zHeld,
                         group_in_build(idxNum, mKey, pIdx->colUsed) ? IN_BUILD_TEXT : "");
}

/* --- encoding ------------------------------------------------------------ */

/* Room for n more bytes after the first nUsed of the buffer. */
static int buf_room(TraceGroup *g, size_t nUsed, size_t n){
  size_t nNew;
  unsigned char *a;
  if( nUsed + n <= g->nBufAlloc ) return SQLITE_OK;
  nNew = (nUsed + n)*2 + 64;
  a = sqlite3_realloc64(g->aBuf, nNew);
  if( a==0 ) return SQLITE_NOMEM;
  g->aBuf = a;
  g->nBufAlloc = nNew;
  return SQLITE_OK;
}

/* Is r a whole number an INTEGER can hold?  Then SQLite finds it equal
** to that INTEGER. */
static int real_is_integer(double r, sqlite3_int64 *pI){
  if( !(r>=-9223372036854775808.0 && r<9223372036854775808.0) ) return 0;
  if( r!=(double)(sqlite3_int64)r ) return 0;
  *pI = (sqlite3_int64)r;
  return 1;
}

/* Texts of at least this many bytes are numbered in a key of two or more
** columns.  Whether a text is numbered depends on the text alone, so
** equal texts are always encoded alike.  A short text stays in the key:
** numbering it would cost a second hash and probe for each row (GROUP BY
** ph, name: 12% slower), where a long text costs more to hash and compare
** in the key than to number. */
#define KEY_TEXT_NUMBERED_MIN 48

/* Append v to the key at g->aBuf[*pn] as SQLite compares it: 'N' (NULL, and the NaN SQLite makes NULL), 'I' and 8
** bytes (every number equal to an INTEGER), 'R' and 8 bytes (other
** REALs), 'T', the length and the bytes, or 'S' and the text's 4-byte
** number in keyTexts (g->bKeyTexts, a long text). */
static int key_put(TraceGroup *g, size_t *pn, const TraceValue *v){
  sqlite3_int64 i;
  int rc = buf_room(g, *pn, 1 + GROUP_VARINT_MAX + (v->eType==SQLITE_TEXT ? v->n : 8));
  unsigned char *a;
  if( rc!=SQLITE_OK ) return rc;
  a = g->aBuf + *pn;
  if( v->eType==SQLITE_TEXT && g->bKeyTexts && v->n>=KEY_TEXT_NUMBERED_MIN ){
    long k = string_table_intern(&g->keyTexts, v->z ? v->z : "", v->n);
    uint32_t k32 = (uint32_t)k;          /* at most STRING_TABLE_MAX - 1 */
    if( k<0 ) return SQLITE_NOMEM;
    a[0] = 'S';
    memcpy(a + 1, &k32, 4);
    *pn += 5;
    return SQLITE_OK;
  }
  switch( v->eType ){
    case SQLITE_INTEGER:
      a[0] = 'I';
      memcpy(a + 1, &v->i, 8);
      *pn += 9;
      break;
    case SQLITE_FLOAT:
      if( isnan(v->r) ){
        a[0] = 'N';
        *pn += 1;
      }else if( real_is_integer(v->r, &i) ){
        a[0] = 'I';
        memcpy(a + 1, &i, 8);
        *pn += 9;
      }else{
        a[0] = 'R';
        memcpy(a + 1, &v->r, 8);
        *pn += 9;
      }
      break;
    case SQLITE_TEXT: {
      size_t k = group_varint_put(a + 1, v->n);
      a[0] = 'T';
      if( v->n ) memcpy(a + 1 + k, v->z, v->n);
      *pn += 1 + k + v->n;
      break;
    }
    default:
      a[0] = 'N';
      *pn += 1;
  }
  return SQLITE_OK;
}

/* Append v to a row, exactly: a varint whose low 2 bits say what it is
**   0  NULL (the varint is 0), or 4: an INTEGER in the 8 bytes after, or
**      8: to be asked of the tree (row_put_from_tree)
**   1  an INTEGER, zigzag-coded in the rest
**   2  a REAL in the 8 bytes after
**   3  TEXT whose length is the rest, its bytes after */
static int row_put(TraceGroup *g, size_t *pn, const TraceValue *v){
  int rc = buf_room(g, *pn, 1 + GROUP_VARINT_MAX + (v->eType==SQLITE_TEXT ? v->n : 8));
  unsigned char *a;
  if( rc!=SQLITE_OK ) return rc;
  a = g->aBuf + *pn;
  switch( v->eType ){
    case SQLITE_INTEGER: {
      uint64_t zz = ((uint64_t)v->i << 1) ^ (uint64_t)(v->i < 0 ? -1 : 0);
      if( zz < ((uint64_t)1 << 62) ){
        *pn += group_varint_put(a, zz<<2 | 1);
      }else{
        a[0] = 4;
        memcpy(a + 1, &v->i, 8);
        *pn += 9;
      }
      break;
    }
    case SQLITE_FLOAT:
      a[0] = 2;
      memcpy(a + 1, &v->r, 8);
      *pn += 9;
      break;
    case SQLITE_TEXT: {
      size_t k = group_varint_put(a, (uint64_t)v->n<<2 | 3);
      if( v->n ) memcpy(a + k, v->z, v->n);
      *pn += k + v->n;
      break;
    }
    default:
      a[0] = 0;
      *pn += 1;
  }
  return SQLITE_OK;
}

/* Append "ask the tree" to a row: the dur of an event without one, while
** its file is read for the tree (a B's is known once its E comes). */
static int row_put_from_tree(TraceGroup *g, size_t *pn){
  int rc = buf_room(g, *pn, 1);
  if( rc!=SQLITE_OK ) return rc;
  g->aBuf[(*pn)++] = 8;
  return SQLITE_OK;
}

/* Read a value row_put wrote at a[0..n) into *v (eType 0 for "ask the
** tree").  Returns its length. */
static size_t row_get(const unsigned char *a, size_t n, TraceValue *v){
  uint64_t x = 0;         /* (the store wrote what is read: never past the row) */
  size_t k = group_varint_get(a, n, &x);
  v->eType = SQLITE_NULL;           /* only the fields of the type are set */
  v->xFree = 0;
  switch( x & 3 ){
    case 0:
      if( x==4 ){
        v->eType = SQLITE_INTEGER;
        memcpy(&v->i, a + k, 8);
        k += 8;
      }else if( x==8 ){
        v->eType = 0;
      }
      break;
    case 1:
      x >>= 2;
      v->eType = SQLITE_INTEGER;
      v->i = (sqlite3_int64)((x >> 1) ^ (0 - (x & 1)));
      break;
    case 2:
      v->eType = SQLITE_FLOAT;
      memcpy(&v->r, a + k, 8);
      k += 8;
      break;
    case 3:
      v->eType = SQLITE_TEXT;
      v->z = (const char*)a + k;
      v->n = (size_t)(x >> 2);
      k += v->n;
      break;
  }
  return k;
}

/* --- the order of the keys -------------------------------------------------- */

/* SQLite's order of an INTEGER and a REAL (not NaN). */
static int compare_int_real(sqlite3_int64 i, double r){
  sqlite3_int64 y;
  if( r < -9223372036854775808.0 ) return 1;
  if( r >= 9223372036854775808.0 ) return -1;
  y = (sqlite3_int64)r;           /* r toward zero, exact */
  if( i!=y ) return i<y ? -1 : 1;
  if( r>(double)y ) return -1;    /* r has a fraction above i */
  if( r<(double)y ) return 1;
  return 0;
}

/* One key value: its class (0 NULL, 1 number, 2 text) and value, and the
** bytes after it. */
typedef struct KeyPart {
  int eClass, bReal;
  sqlite3_int64 i;
  double r;
  const char *z;
  size_t n;
} KeyPart;

/* Text number k of pTexts (UINT32_MAX: NULL) into *p. */
static void table_text_part(const StringTable *pTexts, uint32_t k, KeyPart *p){
  if( k==UINT32_MAX ) return;
  p->eClass = 2;
  p->z = string_table_str(pTexts, k);
  p->n = string_table_len(pTexts, k);
}

static const unsigned char *key_part(const TraceGroup *g, int iCol, const unsigned char *a, KeyPart *p){
  memset(p, 0, sizeof(*p));
  if( (1u<<iCol) & SCAN_COLUMNS ) return a;      /* the same for every row */
  switch( a[0] ){
    case 'I': p->eClass = 1; memcpy(&p->i, a + 1, 8); return a + 9;
    case 'R': p->eClass = 1; p->bReal = 1; memcpy(&p->r, a + 1, 8); return a + 9;
    case 'F':
    case 'S': {
      uint32_t k;
      memcpy(&k, a + 1, 4);
      table_text_part(a[0]=='F' ? &g->fileTexts : &g->keyTexts, k, p);
      return a + 5;
    }
    case 'T': {
      uint64_t n;
      size_t k = group_varint_get(a + 1, GROUP_VARINT_MAX, &n);
      p->eClass = 2;
      p->z = (const char*)a + 1 + k;
      p->n = (size_t)n;
      return a + 1 + k + n;
    }
  }
  return a + 1;                                  /* 'N' */
}

/* SQLite's order of two key values, BINARY collation. */
static int compare_part(const KeyPart *x, const KeyPart *y){
  if( x->eClass!=y->eClass ) return x->eClass<y->eClass ? -1 : 1;
  if( x->eClass==1 ){
    if( !x->bReal && !y->bReal ) return x->i<y->i ? -1 : x->i>y->i;
    if( x->bReal && y->bReal ) return x->r<y->r ? -1 : x->r>y->r;
    return x->bReal ? -compare_int_real(y->i, x->r) : compare_int_real(x->i, y->r);
  }
  if( x->eClass==2 ) return group_bytes_compare(x->z, x->n, y->z, y->n);
  return 0;
}

/* A key value as the TraceValue SQLite is given. */
static void part_value(const KeyPart *p, TraceValue *v){
  memset(v, 0, sizeof(*v));
  v->eType = p->eClass==0 ? SQLITE_NULL : p->eClass==2 ? SQLITE_TEXT : p->bReal ? SQLITE_FLOAT : SQLITE_INTEGER;
  v->i = p->i;
  v->r = p->r;
  v->z = p->z;
  v->n = p->n;
}

/* The key's values into g->aVal, from the key's bytes. */
static void key_get(TraceCursor *pCur, TraceGroup *g, const unsigned char *a){
  int i;
  for(i=0; i<g->nKey; i++){
    int iCol = g->aiKey[i];
    KeyPart x;
    if( (1u<<iCol) & SCAN_COLUMNS ){
      char *zErr = 0;
      tracecurValue(pCur, iCol, &g->aVal[iCol], &zErr);     /* path, options: cannot fail */
      continue;
    }
    a = key_part(g, iCol, a, &x);
    part_value(&x, &g->aVal[iCol]);
  }
}

/* GroupKeyCompare: keys in the ORDER BY's order, column by column. */
static int key_compare(void *pCtx, const char *zA, size_t nA, const char *zB, size_t nB){
  const TraceGroup *g = (const TraceGroup*)pCtx;
  const unsigned char *a = (const unsigned char*)zA, *b = (const unsigned char*)zB;
  int i;
  (void)nA;
  (void)nB;
  for(i=0; i<g->nKey; i++){
    KeyPart x, y;
    int c;
    a = key_part(g, g->aiKey[i], a, &x);
    b = key_part(g, g->aiKey[i], b, &y);
    c = compare_part(&x, &y);
    if( c ) return (g->mDesc & (1u<<g->aiKey[i])) ? -c : c;
  }
  return 0;
}

/* --- reading the scan ---------------------------------------------------- */

/* How many of the key's columns are the rows' own (not the same for a
** file or for the scan). */
static int key_row_columns(const TraceGroup *g){
  int i, n = 0;
  for(i=0; i<g->nKey; i++){
    if( ((1u<<g->aiKey[i]) & (FILE_COLUMNS|SCAN_COLUMNS))==0 ) n++;
  }
  return n;
}

/* Which of file, unit, mtime column iCol is: 0, 1, 2. */
static int file_slot(int iCol){
  return iCol==TEV_COL_FILE ? 0 : iCol==TEV_COL_UNIT ? 1 : 2;
}

/* Keep the numbers in fileTexts of file iFile's path, unit and mtime
** ("": NULL). */
static int group_file_texts(TraceCursor *pCur, TraceGroup *g, int iFile, const char *zUnit, const char *zMtime){
  const char *az[3];
  int i;
  if( g->aFileText==0 ){
    g->aFileText = sqlite3_malloc64(sizeof(g->aFileText[0])*(size_t)(pCur->nFile ? pCur->nFile : 1));
    if( g->aFileText==0 ) return SQLITE_NOMEM;
  }
  az[0] = pCur->azFile[iFile];
  az[1] = zUnit;
  az[2] = zMtime[0] ? zMtime : 0;
  for(i=0; i<3; i++){
    long k = az[i] ? string_table_intern(&g->fileTexts, az[i], strlen(az[i])) : (long)UINT32_MAX;
    if( k<0 ) return SQLITE_NOMEM;
    g->aFileText[iFile][i] = (uint32_t)k;
  }
  return SQLITE_OK;
}

/* The first row of a file: keep its texts. */
static int group_note_file(TraceCursor *pCur, TraceGroup *g){
  if( pCur->iFile==g->iFileSeen ) return SQLITE_OK;
  g->iFileSeen = pCur->iFile;
  return group_file_texts(pCur, g, pCur->iFile, pCur->zUnit, pCur->zMtime);
}

/* Append to the key at g->aBuf[*pn] the key columns that are the same for
** a whole file, of file iFile: 'F' and the number of the text. */
static int file_key_put(TraceGroup *g, int iFile, int iCol, size_t *pn){
  uint32_t k = g->aFileText[iFile][file_slot(iCol)];
  int rc = buf_room(g, *pn, 5);
  if( rc!=SQLITE_OK ) return rc;
  g->aBuf[*pn] = 'F';
  memcpy(g->aBuf + *pn + 1, &k, 4);
  *pn += 5;
  return SQLITE_OK;
}

/* The value of column iCol of the current row, encoded by xPut at
** g->aBuf[*pn]. */
static int group_put_column(TraceCursor *pCur, TraceGroup *g, int iCol, size_t *pn,
                            int (*xPut)(TraceGroup*, size_t*, const TraceValue*)){
  TraceValue v;
  char *zErr = 0;
  int rc = tracecurValue(pCur, iCol, &v, &zErr);
  if( rc!=SQLITE_OK ){
    if( zErr ){
      sqlite3_free(pCur->base.pVtab->zErrMsg);
      pCur->base.pVtab->zErrMsg = zErr;
    }
    return rc;
  }
  rc = xPut(g, pn, &v);
  if( v.xFree ) v.xFree((void*)v.z);
  return rc;
}

/* The group of the current row, from its key, in *piGroup. */
static int group_of_key(TraceCursor *pCur, TraceGroup *g, long *piGroup){
  size_t nKey = 0, i;
  int rc = SQLITE_OK;
  for(i=0; rc==SQLITE_OK && i<(size_t)g->nKey; i++){
    int iCol = g->aiKey[i];
    if( (1u<<iCol) & SCAN_COLUMNS ) continue;           /* the same for every row */
    if( (1u<<iCol) & FILE_COLUMNS ){
      rc = file_key_put(g, pCur->iFile, iCol, &nKey);
      continue;
    }
    rc = group_put_column(pCur, g, iCol, &nKey, key_put);
  }
  if( rc!=SQLITE_OK ) return rc;
  *piGroup = group_rows_group(g->pRows, g->aBuf, nKey);
  return *piGroup<0 ? SQLITE_NOMEM : SQLITE_OK;
}

/* The group of the current row, a slice whose name has number g->iName in
** the file's tree (bNameKey): known once its first slice was kept.  The
** name is a string, so its key is the text alone, one number one key. */
static int group_of_name(TraceCursor *pCur, TraceGroup *g, long *piGroup){
  size_t k = (size_t)g->iName;
  int rc;
  if( pCur->iFile!=g->iFileOfNames ){
    /* another file, another tree: its own numbers */
    if( g->nGroupOfName ) memset(g->aGroupOfName, 0, g->nGroupOfName*sizeof(uint32_t));
    g->iFileOfNames = pCur->iFile;
  }
  if( k<g->nGroupOfName && g->aGroupOfName[k] ){
    *piGroup = (long)g->aGroupOfName[k] - 1;
    return SQLITE_OK;
  }
  if( (rc = group_of_key(pCur, g, piGroup))!=SQLITE_OK ) return rc;
  if( k>=g->nGroupOfName ){
    size_t nNew = k*2 + 64;
    uint32_t *a = sqlite3_realloc64(g->aGroupOfName, nNew*sizeof(uint32_t));
    if( a==0 ) return SQLITE_NOMEM;
    memset(a + g->nGroupOfName, 0, (nNew - g->nGroupOfName)*sizeof(uint32_t));
    g->aGroupOfName = a;
    g->nGroupOfName = nNew;
  }
  g->aGroupOfName[k] = (uint32_t)*piGroup + 1;     /* groups: at most 2^32 - 2 */
  return SQLITE_OK;
}

/* Keep the current row. */
static int group_add_row(TraceCursor *pCur, TraceGroup *g){
  size_t nRow, i;
  sqlite3_int64 iRowid = ((sqlite3_int64)pCur->iFile << 32) + pCur->pEv->iSeq;
  long iGroup = 0;
  int rc = group_note_file(pCur, g);
  if( rc==SQLITE_OK ){
    rc = g->bNameKey && g->iName>=0 ? group_of_name(pCur, g, &iGroup) : group_of_key(pCur, g, &iGroup);
  }
  if( rc!=SQLITE_OK ) return rc;
  if( (size_t)iGroup>=g->nLastAlloc ){
    size_t nNew = g->nLastAlloc ? g->nLastAlloc*2 : 64;
    sqlite3_int64 *a = sqlite3_realloc64(g->aLast, nNew*sizeof(a[0]));
    if( a==0 ) return SQLITE_NOMEM;
    memset(a + g->nLastAlloc, 0, (nNew - g->nLastAlloc)*sizeof(a[0]));
    g->aLast = a;
    g->nLastAlloc = nNew;
  }
  /* the row: its rowid's distance from the group's last, then the held columns */
  if( (rc = buf_room(g, 0, GROUP_VARINT_MAX))!=SQLITE_OK ) return rc;
  nRow = group_varint_put(g->aBuf, (uint64_t)(iRowid - g->aLast[iGroup]));
  g->aLast[iGroup] = iRowid;
  if( g->mFromTree & TREE_COLUMNS ){
    /* where its slice is: 0, or 1 + the tree's thread, then the index */
    if( (rc = buf_room(g, nRow, 2*GROUP_VARINT_MAX))!=SQLITE_OK ) return rc;
    nRow += group_varint_put(g->aBuf + nRow, g->iSlice ? ((g->iSlice - 1)>>32) + 1 : 0);
    if( g->iSlice ) nRow += group_varint_put(g->aBuf + nRow, (g->iSlice - 1) & 0xffffffff);
  }
  for(i=0; rc==SQLITE_OK && i<(size_t)g->nHeld; i++){
    int iCol = g->aiHeld[i];
    if( g->mFromTree & (1u<<iCol) ){
      /* while the tree is built: its columns are asked of it later, and
      ** so is the dur an event does not have (a B's, the time to its E) */
      if( iCol!=TEV_COL_DUR ) continue;
      if( pCur->pEv->aField[EF_DUR].eType==EV_ABSENT ){
        rc = row_put_from_tree(g, &nRow);
        continue;
      }
    }
    rc = group_put_column(pCur, g, iCol, &nRow, row_put);
  }
  if( rc!=SQLITE_OK ) return rc;
  return group_rows_append(g->pRows, iGroup, g->aBuf, nRow) ? SQLITE_NOMEM : SQLITE_OK;
}

void trace_group_free(TraceGroup *g){
  int i;
  if( g==0 ) return;
  for(i=0; g->apTree && i<g->nTree; i++) tree_cache_release(g->pCache, g->apTree[i]);
  sqlite3_free(g->apTree);
  group_rows_free(g->pRows);
  sqlite3_free(g->aLast);
  sqlite3_free(g->aGroupOfName);
  sqlite3_free(g->aBuf);
  sqlite3_free(g->aFileText);
  string_table_free(&g->fileTexts);
  string_table_free(&g->keyTexts);
  sqlite3_free(g);
}

/* Keep every row of the scan. */
static int group_read_scan(TraceCursor *pCur, TraceGroup *g){
  int rc = tracecurOpenNextFile(pCur);
  if( rc==SQLITE_OK ) rc = tracecurNext(pCur);
  while( pCur->pEv && rc==SQLITE_OK ){
    rc = group_add_row(pCur, g);
    if( rc==SQLITE_OK ) rc = tracecurNext(pCur);
  }
  return rc;
}

/* CallTreeRows.xRow: keep a row of the file whose tree is being built,
** if the filters the reader would have applied let it through (SQLite
** checks them again). */
static int group_row_in_build(void *pCtx, const TraceEvent *pEv, uint64_t iSlice, long iName){
  TraceCursor *pCur = (TraceCursor*)pCtx;
  int rc;
  if( pCur->filter.m && !event_filter_accept(&pCur->filter, pEv) ) return 0;
  pCur->pGroup->iSlice = iSlice;
  pCur->pGroup->iName = iName;
  pCur->pEv = pEv;
  rc = group_add_row(pCur, pCur->pGroup);
  pCur->pEv = 0;
  pCur->rcRowsInBuild = rc;
  return rc!=SQLITE_OK;
}

/* Keep every row as the files' trees are built, and the trees. */
static int group_read_in_build(TraceCursor *pCur, TraceGroup *g){
  int i, rc = SQLITE_OK;
  for(i=0; i<g->nHeld; i++){
    if( (1u<<g->aiHeld[i]) & (TREE_COLUMNS | (1u<<TEV_COL_DUR)) ) g->mFromTree |= 1u<<g->aiHeld[i];
  }
  g->pCache = &((TraceTable*)pCur->base.pVtab)->trees;
  g->apTree = sqlite3_malloc64(sizeof(CallTree*)*(size_t)(pCur->nFile ? pCur->nFile : 1));
  if( g->apTree==0 ) return SQLITE_NOMEM;
  memset(g->apTree, 0, sizeof(CallTree*)*(size_t)(pCur->nFile ? pCur->nFile : 1));
  g->nTree = pCur->nFile;
  g->rowsInBuild.mWant = pCur->mWant;
  g->rowsInBuild.xRow = group_row_in_build;
  g->rowsInBuild.pCtx = pCur;
  pCur->pRowsInBuild = &g->rowsInBuild;
  for(;;){
    rc = tracecurOpenNextFile(pCur);
    if( rc!=SQLITE_OK || pCur->iFile>=pCur->nFile ) break;
    if( call_tree_stopped(pCur->pTree) ) tracecurLogStop(pCur, call_tree_stopped(pCur->pTree));
    g->apTree[pCur->iFile] = pCur->pTree;       /* the group's borrow now */
    pCur->pTree = 0;
  }
  pCur->pRowsInBuild = 0;
  pCur->pEv = 0;
  if( rc!=SQLITE_OK && pCur->bInterrupted ) return SQLITE_INTERRUPT;
  return rc;
}

/* Held column iCol of a row whose slice is s, when it needs only the
** slice (depth, self_dur, nested_same_name): into *v, as tracecurValue
** would make it, and 1; else 0 (other columns, a row that is no slice).
** summarize.sql asks three of these of every one of millions of rows. */
static int slice_value(const CallTree *pTree, const CallSlice *s, int iCol, TraceValue *v){
  int r;
  if( s==0 ) return 0;
  switch( iCol ){
    case TEV_COL_DEPTH:
      v->eType = SQLITE_INTEGER;
      v->i = s->depth;
      return 1;
    case TEV_COL_SELF_DUR:
      trace_value_time(v, s->self_dur);
      return 1;
    case TEV_COL_NESTED_SAME_NAME:
      if( (r = call_tree_nested(pTree, s))<0 ) return 0;
      v->eType = SQLITE_INTEGER;
      v->i = r;
      return 1;
  }
  return 0;
}

/* The held columns the tree gives, for the row just read: set the cursor
** on the row's file, tree and slice, and ask tracecurValue. */
static int group_values_from_tree(TraceCursor *pCur, TraceGroup *g){
  int iFile = (int)(g->iRowid >> 32), i, rc = SQLITE_OK;
  sqlite3_int64 iSeq = g->iRowid & 0xffffffff;
  CallTree *pTree = g->apTree[iFile];
  if( g->mFromTree & TREE_COLUMNS ){
    pCur->pSlice = call_tree_slice_ref(pTree, g->iSlice, iSeq);
    pCur->iSliceOf = iSeq;
  }
  pCur->iFile = iFile;
  pCur->pTree = pTree;
  pCur->evBare.iSeq = iSeq;
  pCur->pEv = &pCur->evBare;
  for(i=0; rc==SQLITE_OK && i<g->nHeld; i++){
    int iCol = g->aiHeld[i];
    char *zErr = 0;
    if( !(g->mFromTree & (1u<<iCol)) || (iCol==TEV_COL_DUR && g->aVal[iCol].eType!=0) ) continue;
    if( slice_value(pTree, pCur->pSlice, iCol, &g->aVal[iCol]) ) continue;
    rc = tracecurValue(pCur, iCol, &g->aVal[iCol], &zErr);
    if( zErr ){
      sqlite3_free(pCur->base.pVtab->zErrMsg);
      pCur->base.pVtab->zErrMsg = zErr;
    }
  }
  pCur->pTree = 0;
  pCur->pSlice = 0;
  pCur->iSliceOf = 0;
  return rc;
}

/* A key of columns that are the same for a whole file (file, unit,
** mtime; path and options are the scan's): the rows of a group are those
** of the files with its key, so reading the files in the order of their
** keys hands SQLite its rows grouped as they are read, with nothing kept.
** The files' keys are grouped and sorted as rows' keys are (a "row" here
** is a file's number), and that order becomes the cursor's aFileOrder. */
static int group_order_files(TraceCursor *pCur, TraceGroup *g){
  GroupRowsIter it;
  int iFile, k = 0, rc = SQLITE_OK;
  pCur->aFileOrder = sqlite3_malloc64(sizeof(int)*(size_t)(pCur->nFile ? pCur->nFile : 1));
  if( pCur->aFileOrder==0 ) return SQLITE_NOMEM;
  for(iFile=0; rc==SQLITE_OK && iFile<pCur->nFile; iFile++){
    char zMtime[32];
    TraceFileId id;
    char *zUnit = trace_source_unit(pCur->azFile[iFile]);
    size_t nKey = 0;
    long iGroup;
    int i;
    if( zUnit==0 ) return SQLITE_NOMEM;
    trace_file_id(pCur->azFile[iFile], &id);
    trace_file_mtime(&id, zMtime);
    rc = group_file_texts(pCur, g, iFile, zUnit, zMtime);
    free(zUnit);
    for(i=0; rc==SQLITE_OK && i<g->nKey; i++){
      if( (1u<<g->aiKey[i]) & FILE_COLUMNS ) rc = file_key_put(g, iFile, g->aiKey[i], &nKey);
    }
    if( rc!=SQLITE_OK ) break;
    iGroup = group_rows_group(g->pRows, g->aBuf, nKey);
    if( iGroup<0 || group_rows_append(g->pRows, iGroup, &iFile, sizeof(iFile)) ) rc = SQLITE_NOMEM;
  }
  if( rc==SQLITE_OK && group_rows_sort(g->pRows, key_compare, g) ) rc = SQLITE_NOMEM;
  if( rc!=SQLITE_OK ) return rc;
  group_rows_iter_start(g->pRows, &it);
  while( group_rows_iter_next(g->pRows, &it) ) memcpy(&pCur->aFileOrder[k++], it.aRow, sizeof(int));
  return SQLITE_OK;
}

int tracecurGroupScan(TraceCursor *pCur, const char *idxStr){
  TraceGroup *g;
  const char *z = idxStr ? strstr(idxStr, " (grouped by ") : 0;
  int rc = SQLITE_OK;
  if( z==0 ) return tracecurError(pCur, pCur->zArg, "internal error: a grouped plan without its columns");
  g = sqlite3_malloc(sizeof(*g));
  if( g==0 ) return SQLITE_NOMEM;
  memset(g, 0, sizeof(*g));
  string_table_init(&g->fileTexts);
  string_table_init(&g->keyTexts);
  g->iFileSeen = -1;
  g->iName = -1;
  g->iFileOfNames = -1;
  pCur->pGroup = g;
  z = group_columns_parse(z + 13, ';', azColumn, TEV_NCOL, g->aiKey, &g->nKey, &g->mKey, &g->mDesc);
  if( z && g->nKey && strncmp(z, FILES_IN_ORDER_TEXT, strlen(FILES_IN_ORDER_TEXT))==0 ){
    g->pRows = group_rows_new();
    rc = g->pRows ? group_order_files(pCur, g) : SQLITE_NOMEM;
    trace_group_free(g);
    pCur->pGroup = 0;            /* rows are read as by any scan, from here */
    if( rc==SQLITE_OK ) rc = tracecurOpenNextFile(pCur);
    if( rc==SQLITE_OK ) rc = tracecurNext(pCur);
    return rc;
  }
  if( z && strncmp(z, "; held: ", 8)==0 ){
    unsigned mNone = 0;
    z = group_columns_parse(z + 8, ')', azColumn, TEV_NCOL, g->aiHeld, &g->nHeld, &g->mHeld, &mNone);
  }else{
    z = 0;
  }
  if( z==0 || g->nKey==0 ) return tracecurError(pCur, pCur->zArg, "internal error: a grouped plan without its columns");
  g->bKeyTexts = key_row_columns(g)>=2;
  g->bInBuild = strstr(idxStr, IN_BUILD_TEXT)!=0;
  g->bNameKey = g->nKey==1 && g->aiKey[0]==TEV_COL_NAME;
  g->pRows = group_rows_new();
  if( g->pRows==0 ) return SQLITE_NOMEM;
  rc = g->bInBuild ? group_read_in_build(pCur, g) : group_read_scan(pCur, g);
  if( rc!=SQLITE_OK ) return rc;
  /* Groups in the order of their keys, as SQLite would sort them.  SQLite
  ** asks only for the groups' rows together (sqlite3_vtab_distinct 1 or
  ** 2), but before the fix of its GROUP BY x ORDER BY x case (3.40 here)
  ** it said 1 there and then skipped its own sort for the ORDER BY: sorted
  ** groups are right either way, for little (a sort of the groups, not of
  ** the rows). */
  if( group_rows_sort(g->pRows, key_compare, g) ) return SQLITE_NOMEM;
  group_rows_iter_start(g->pRows, &g->it);
  g->itAhead = g->it;
  return tracecurGroupNext(pCur);
}

/* --- handing rows out ---------------------------------------------------- */

/* Read the head of row a[0..n): its rowid (from the group's last, in
** *piRowid) and, when the tree's columns come from the tree, where its
** slice is (*piSlice).  Returns the bytes read. */
static size_t row_head(const TraceGroup *g, const unsigned char *a, size_t n,
                       sqlite3_int64 *piRowid, uint64_t *piSlice){
  uint64_t d, iThread, iIndex = 0;
  size_t k = group_varint_get(a, n, &d);
  *piRowid += (sqlite3_int64)d;
  if( g->mFromTree & TREE_COLUMNS ){
    k += group_varint_get(a + k, n - k, &iThread);
    if( iThread ) k += group_varint_get(a + k, n - k, &iIndex);
    *piSlice = iThread ? ((iThread - 1) << 32 | iIndex) + 1 : 0;
  }
  return k;
}

/* The slices the rows ask for are all over the tree's 24 bytes a slice
** (138 MB for 5.75 M slices), each a cache miss that cost a quarter of
** summarize.sql's time: a second walk of the rows, PREFETCH_ROWS ahead,
** reads each row's head (rowid and slice) and asks the processor for its
** slice before it is needed.  The heads it read wait in a ring for the
** rows' turn, so each is decoded once. */
#define PREFETCH_ROWS 16          /* below AHEAD_RING */

/* Walk ahead until the ring holds the head of the row to hand out next
** and of PREFETCH_ROWS rows after it (fewer at the end). */
static void group_ahead(TraceGroup *g){
  while( !g->bAheadEnd && g->nRowAhead<=g->nRowOut + PREFETCH_ROWS ){
    struct RowAhead *r = &g->aAhead[g->nRowAhead % AHEAD_RING];
    if( !group_rows_iter_next(g->pRows, &g->itAhead) ){
      g->bAheadEnd = 1;
      return;
    }
    if( g->itAhead.bNewGroup ) g->iRowidAhead = 0;
    r->iSlice = 0;
    r->nHead = row_head(g, g->itAhead.aRow, g->itAhead.nRow, &g->iRowidAhead, &r->iSlice);
    r->iRowid = g->iRowidAhead;
    call_tree_slice_prefetch(g->apTree[g->iRowidAhead >> 32], r->iSlice);
    g->nRowAhead++;
  }
}

int tracecurGroupNext(TraceCursor *pCur){
  TraceGroup *g = pCur->pGroup;
  const unsigned char *a;
  size_t n, k;
  int i;
  if( !group_rows_iter_next(g->pRows, &g->it) ){
    pCur->pEv = 0;
    return SQLITE_OK;
  }
  if( g->it.bNewGroup ){
    key_get(pCur, g, (const unsigned char*)g->it.zKey);
    g->iRowid = 0;
  }
  a = g->it.aRow;
  n = g->it.nRow;
  if( g->mFromTree & TREE_COLUMNS ){
    /* the walk ahead read this row's head (it reads every row, as it) */
    const struct RowAhead *r;
    group_ahead(g);
    r = &g->aAhead[g->nRowOut++ % AHEAD_RING];
    g->iRowid = r->iRowid;
    g->iSlice = r->iSlice;
    k = r->nHead;
  }else{
    k = row_head(g, a, n, &g->iRowid, &g->iSlice);
  }
  for(i=0; i<g->nHeld; i++){
    if( g->mFromTree & TREE_COLUMNS & (1u<<g->aiHeld[i]) ) continue;    /* not kept: see below */
    k += row_get(a + k, n - k, &g->aVal[g->aiHeld[i]]);
  }
  if( g->mFromTree ){
    int rc = group_values_from_tree(pCur, g);
    if( rc!=SQLITE_OK ) return rc;
  }
  pCur->pEv = &pCur->evBare;
  return SQLITE_OK;
}

sqlite3_int64 tracecurGroupRowid(const TraceCursor *pCur){
  return pCur->pGroup->iRowid;
}

int tracecurGroupColumn(TraceCursor *pCur, sqlite3_context *ctx, int iCol){
  TraceGroup *g = pCur->pGroup;
  int iFile = (int)(g->iRowid >> 32);
  TraceValue v;
  if( iCol<0 || iCol>=TEV_NCOL ) return SQLITE_OK;
  if( (g->mKey | g->mHeld) & (1u<<iCol) ){
    /* the key's and held columns (nearly every call): their values own
    ** nothing (xFree 0), so SQLite copies the text and aVal keeps it */
    trace_value_result(ctx, &g->aVal[iCol]);
    return SQLITE_OK;
  }
  if( (1u<<iCol) & FILE_COLUMNS ){
    KeyPart x;
    memset(&x, 0, sizeof(x));
    table_text_part(&g->fileTexts, g->aFileText[iFile][file_slot(iCol)], &x);
    part_value(&x, &v);
    trace_value_result(ctx, &v);
  }else if( (1u<<iCol) & SCAN_COLUMNS ){
    char *zErr = 0;
    if( tracecurValue(pCur, iCol, &v, &zErr)==SQLITE_OK ) trace_value_result(ctx, &v);
  }
  return SQLITE_OK;
}
