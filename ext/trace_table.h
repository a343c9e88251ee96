/*
** trace_table.h: what the files of the trace_events virtual table share
** (private to the files below): the columns and the plan's bits,
** the table and cursor, and the cursor's helpers each file uses.
**
**   trace_events.c   the module: connect, plan (xBestIndex), scans
**                    (xFilter, xNext), columns, the pushdown
**   trace_options.c  the options argument; a file's time and identity
**   trace_lookup.c   lookups by rowid (a join on parent): xFilter of a
**                    plan with TEV_IDX_ROWID
**   trace_columns.c  the values of a row's columns (xColumn)
**   trace_group.c    a GROUP BY or DISTINCT the table consumes: the scan's
**                    rows handed out group by group (TEV_IDX_GROUP)
**   trace_rows_ahead.c  the tree and fields of small files: each read once,
**                    on workers ahead of the scan (rows_ahead.h)
*/
#ifndef TIMETRACE_TRACE_TABLE_H
#define TIMETRACE_TRACE_TABLE_H
#include <sqlite3ext.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

#include "call_tree.h"
#include "interrupt_probe.h"
#include "event_filter.h"
#include "event_index.h"
#include "event_pscan.h"
#include "event_reader.h"
#include "tree_cache.h"

/* Columns of trace_events.  The first EF_COUNT are the reader's fields,
** in the same order:
**   0    1    2   3     4    5   6    7       8     9   10     11    12
**   pid  tid  ph  name  cat  ts  dur  detail  args  id  extra  file  unit
**   13     14      15        16     17      18     19
**   depth  parent  self_dur  stack  symbol  mtime  nested_same_name
**   20             21
**   path (HIDDEN)  options (HIDDEN)   */
#define TEV_SCHEMA \
  "CREATE TABLE x(pid INTEGER, tid INTEGER, ph TEXT, name TEXT, cat TEXT," \
  " ts NUMERIC, dur NUMERIC, detail TEXT, args TEXT, id TEXT, extra TEXT," \
  " file TEXT, unit TEXT, depth INTEGER, parent INTEGER, self_dur NUMERIC," \
  " stack TEXT, symbol TEXT, mtime TEXT, nested_same_name INTEGER, path HIDDEN, options HIDDEN)"
#define TEV_COL_PID      EF_PID
#define TEV_COL_TID      EF_TID
#define TEV_COL_PH       EF_PH
#define TEV_COL_NAME     EF_NAME
#define TEV_COL_CAT      EF_CAT
#define TEV_COL_DUR      EF_DUR
#define TEV_COL_EXTRA    EF_EXTRA
#define TEV_COL_FILE     11
#define TEV_COL_UNIT     12
#define TEV_COL_DEPTH    13
#define TEV_COL_PARENT   14
#define TEV_COL_SELF_DUR 15
#define TEV_COL_STACK    16
#define TEV_COL_SYMBOL   17
#define TEV_COL_MTIME    18
#define TEV_COL_NESTED_SAME_NAME 19  /* 1: an enclosing slice has its name */
#define TEV_COL_PATH     20
#define TEV_COL_OPTIONS  21

/* Columns of trace_metadata:   0          1           2          3            4 */
#define TMETA_SCHEMA "CREATE TABLE x(key TEXT, value TEXT, file TEXT, path HIDDEN, options HIDDEN)"
#define TMETA_COL_KEY    0
#define TMETA_COL_VALUE  1
#define TMETA_COL_FILE   2
#define TMETA_COL_PATH   3
#define TMETA_COL_OPTIONS 4

/* idxNum bits of xBestIndex; xFilter's argv holds one value per set bit
** among the first TEV_IDX_NFILTER, in this order. */
#define TEV_IDX_PATH     0x001  /* path = ?                            */
#define TEV_IDX_NAME     0x002  /* name = ?                            */
#define TEV_IDX_NAME_IN  0x004  /* name IN (...), all values at once   */
#define TEV_IDX_PH       0x008  /* ph = ?                              */
#define TEV_IDX_CAT      0x010  /* cat = ?                             */
#define TEV_IDX_PID      0x020  /* pid = ?                             */
#define TEV_IDX_TID      0x040  /* tid = ?                             */
#define TEV_IDX_UNIT     0x080  /* unit = ?  (whole files)             */
#define TEV_IDX_FILE     0x100  /* file = ?  (whole files)             */
#define TEV_IDX_OPTIONS  0x200  /* options = ?  ('threads=N')          */
#define TEV_IDX_ROWID    0x400  /* rowid = ?: one event, looked up      */
#define TEV_IDX_NFILTER  11
#define TEV_IDX_TREE     0x800  /* a column of the call tree is read    */
#define TEV_IDX_STACK    0x1000 /* stack or nested_same_name is read: the tree keeps names */
#define TEV_IDX_SYMBOL   0x2000 /* symbol is read: the tree keeps functions */

/* Worker threads of a scan: at most this many, default the online CPUs. */
#define TEV_MAX_THREADS  64
/* The range of piece=BYTES (the pieces of a parallel scan). */
#define TEV_MIN_PIECE    16
#define TEV_MAX_PIECE    (1<<30)
/* Bits 14 to 24: the EVENT_WANT() mask of the fields the statement reads. */
#define TEV_IDX_WANT_SHIFT 14
/* The rows are handed out grouped by the columns idxStr names
** (trace_group.c): SQLite's GROUP BY or DISTINCT needs no sorter. */
#define TEV_IDX_GROUP    0x2000000

/* Does a statement planned as idxNum take its rows from the call tree
** alone?  When it reads tree columns and no field of the events.  (Only
** trace_events ever has TEV_IDX_TREE.) */
static inline int tev_tree_alone(int idxNum){
  return (idxNum & TEV_IDX_TREE) && (((unsigned)idxNum >> TEV_IDX_WANT_SHIFT) & EVENT_WANT_ALL)==0;
}

#define TEV_LOOKUP_PLANS 4
typedef struct TraceTable {
  sqlite3_vtab base;          /* Base class.  Must be first */
  int bMeta;                  /* 1 for trace_metadata */
  char *zPath;                /* File given to CREATE VIRTUAL TABLE, or NULL */
  char *zOptions;             /* Options given to CREATE VIRTUAL TABLE, or NULL */
  sqlite3 *db;                /* The connection (for its length limit) */
  int bTermText;              /* Hand SQLite text NUL-terminated (SQLite before
                              ** 3.45: trace_columns.c says why) */
  TreeCache trees;            /* Call trees its cursors are using (tree_cache.h) */
  /* Arguments (paths or patterns) a plan that looks events up by rowid
  ** and reads their fields was made for (xBestIndex): a scan of one of
  ** them records where its events start while it builds the tree, so the
  ** lookups need no pass of their own (tracecurWantOffsets).  The last
  ** TEV_LOOKUP_PLANS; bLookupAnyPath when a plan's path was not known. */
  char *azLookupPlan[TEV_LOOKUP_PLANS];
  int iLookupPlanNext;
  int bLookupAnyPath;
} TraceTable;


/* What lookups keep of a file (TEV_IDX_ROWID): they may jump between
** the files of a build (the 50 slowest slices of a build, with their
** parents), so the last few files' trees and indexes are kept, the least
** recently used given up first once TEV_LOOKUP_FILES are kept or they
** index more than TEV_LOOKUP_EVENTS events together. */
#define TEV_LOOKUP_FILES  8
#define TEV_LOOKUP_EVENTS 20000000
typedef struct LookupFile {
  int iFile;                  /* Index in azFile; -1: an empty slot */
  unsigned iUsed;             /* When it was last used (TraceCursor.iLookClock) */
  char *zUnit;                /* Its unit */
  char zMtime[32];            /* Its mtime */
  TraceFileId id;                  /* The file when its slot was made */
  CallTree *pTree;            /* Its tree (from the tree cache), or NULL */
  EventIndex *pIndex;         /* Its event index, or NULL */
} LookupFile;


/* What a statement needs of a file's call tree: one of four, from its
** plan (xFilter). */
typedef enum TreeMode {
  TREE_NONE,        /* nothing: no tree column, neither dur nor extra */
  TREE_FOR_BE,      /* dur or extra: a file's first B or E event builds its
                    ** tree (the time of a B to its E, unmatched B and E) */
  TREE_WITH_ROWS,   /* tree columns and event fields: the tree is built
                    ** before the file's rows are read, or, for a file up
                    ** to 64 MB, with its rows kept (trace_rows_ahead.c) */
  TREE_ALONE        /* tree columns only: the rows come from the tree, the
                    ** file is read once */
} TreeMode;

/* A value of a column of the current row, before SQLite has it: eType
** SQLITE_NULL, SQLITE_INTEGER (i), SQLITE_FLOAT (r) or SQLITE_TEXT (z, n
** bytes, valid while the row is current; xFree, when not NULL, frees z). */
typedef struct TraceValue {
  int eType;
  sqlite3_int64 i;
  double r;
  const char *z;
  size_t n;
  void (*xFree)(void*);
  int bCString;               /* z is a C string the same for a whole file
                              ** (a path, a unit, a time): never copied
                              ** with its NUL (trace_value_result_nul) */
} TraceValue;

/* A time computed by the call tree: INTEGER when it is a whole number. */
static inline void trace_value_time(TraceValue *pVal, double v){
  if( v==(double)(sqlite3_int64)v && v>-9e15 && v<9e15 ){
    pVal->eType = SQLITE_INTEGER;
    pVal->i = (sqlite3_int64)v;
  }else{
    pVal->eType = SQLITE_FLOAT;
    pVal->r = v;
  }
}

typedef struct TraceGroup TraceGroup;

typedef struct TraceCursor {
  sqlite3_vtab_cursor base;   /* Base class.  Must be first */
  char *zArg;                 /* The argument: a file, directory or pattern */
  char **azFile;              /* The files of the argument (trace_source_expand) */
  int nFile;                  /* How many */
  int iFile;                  /* The one being read */
  int *aFileOrder;            /* NULL, or the order to read the files in: a
                              ** GROUP BY of columns that are the same for a
                              ** whole file (trace_group.c, FILES_IN_ORDER_TEXT) */
  int iOrder;                 /* ... the position of iFile in it */
  /* A scan that reads the tree's columns and the events' fields: files
  ** read once each, their rows kept as their trees are built, on workers
  ** ahead of the scan (trace_rows_ahead.c) */
  struct RowsAhead *pAhead;   /* the workers, or NULL */
  int *aAheadJob;             /* per file: its place in pAhead's list, or -1 */
  int bAheadTried;            /* pAhead was started, or could not be, this scan */
  struct AheadRows *pAheadRows;  /* the current file's rows, or NULL */
  TraceEvent evAhead;         /* ... the current one of them (pEv points here) */
  EventPScan *pFile;          /* It, open, or NULL */
  int nThread;                /* Threads for each scan ('threads=N') */
  int nPiece;                 /* Piece size of parallel scans ('piece=BYTES'), 0: default */
  int bYajlOnly;              /* 'lexer=yajl': no fast path (event_reader.c) */
  int bPartial;               /* 'partial=1': an error in a file's bytes ends the file */
  unsigned mFrames;           /* 'frames=detail' or 'frames=generic': CALL_TREE_DETAIL_FRAMES
                              ** or CALL_TREE_GENERIC_FRAMES for the tree's stacks; 0 */
  int mExpand;                /* 'recursive=1', 'skip=nontrace': TRACE_EXPAND_* bits for
                              ** tracecurExpand, which resets them once used */
  /* trace_metadata with skip=nontrace: a row key 'skipped' for each file
  ** left out, before the files' rows */
  char **azSkipped;           /* path, then the reader's reason, for each */
  int nSkipped;               /* entries: two a file */
  int iSkipped;               /* the path of the current such row */
  TraceEvent evSkipped;       /* the row (pEv points here while they last) */
  char *zSkippedText;         /* its bytes */
  int64_t iLastSeq;           /* iSeq of the last row of the file, for the row after it */
  TraceEvent evStop;          /* trace_metadata with partial=1: the row key='partial' */
  char *zStopText;            /* Its bytes, or NULL when it was not made */
  char *zUnit;                /* Its unit (trace_source_unit) */
  char zMtime[32];            /* Its modification time (trace_file_mtime), "": NULL */
  TraceFileId idFile;              /* It, when first opened (tracecurSameFile) */
  char zSince[32];            /* 'since=TIME': files modified before it are left
                              ** out ("": no such option); SQLite's time format */
  CallTree *pTree;            /* Its call tree, when the statement needs it
                              ** (borrowed from the table's tree cache) */
  unsigned mWant;             /* Fields the reader builds */
  TreeMode eTree;             /* What the statement needs of the call tree */
  int bStack;                 /* ... and stack, for which the tree keeps names */
  int bFunction;              /* ... and symbol, for which the tree keeps functions */
  const TraceEvent *pEv;      /* Current row, NULL at EOF */
  int64_t iSliceOf;           /* The row (iSeq) pSlice was looked up for, 0: none */
  const CallSlice *pSlice;    /* Its slice in pTree, or NULL */
  /* Rows from the tree alone (TREE_ALONE): the statement reads no field
  ** of the events, only the tree's columns, so the rows are numbered 1 to
  ** nTreeEvent and pEv points at evBare (every field absent) */
  int64_t nTreeEvent;
  TraceEvent evBare;
  /* Pushed-down equality filters; text points into aText */
  EventFilter filter;         /* name, name IN, ph, cat, pid, tid: the reader's */
  int mFilter;                /* TEV_IDX_UNIT, TEV_IDX_FILE in force: whole files */
  FilterText unit, file;      /* unit = ?, file = ? */
  char *aText;                /* One allocation holding every filter string */
  uint32_t nMaxText;          /* SQLite's length limit when the scan began */
  /* Lookups by rowid (TEV_IDX_ROWID): xFilter is called once per rowid,
  ** so the files, the current file's tree and its event index are kept
  ** from one call to the next while the plan and the arguments stay the
  ** same (tracecurLookupReuse) */
  int bLookup;                /* The last xFilter was a lookup */
  int idxNumLookup;           /* ... with this plan */
  char *zOptLookup;           /* ... and these options (NULL: none) */
  EventIndex *pIndex;         /* The current file's event index, or NULL */
  LookupFile aLook[TEV_LOOKUP_FILES];  /* Files looked up in; the current
                              ** one's zUnit, pTree and pIndex are also in the
                              ** fields above, owned by the slot */
  LookupFile *pLook;          /* The current file's slot */
  unsigned iLookClock;
  char *zOptArg;              /* The options column: the options argument as
                              ** given, else the table's (CREATE VIRTUAL TABLE),
                              ** else NULL.  As given, not as read: SQLite may
                              ** check the argument against the column (an OR
                              ** of two constraints, in 3.53) */
  TraceGroup *pGroup;         /* TEV_IDX_GROUP: the scan's rows, grouped; set,
                              ** xNext, xColumn and xRowid read from here */
  const CallTreeRows *pRowsInBuild;  /* A grouped statement that reads the tree:
                              ** each file's rows are kept while its tree is
                              ** built (trace_group.c), and the file is then
                              ** not opened for a scan of its own */
  int rcRowsInBuild;          /* ... why pRowsInBuild's xRow stopped a build */
  /* Interrupts (tracecurStop) */
  int bInterrupted;           /* tracecurStop said stop: errors become SQLITE_INTERRUPT */
  InterruptProbe probe;       /* ... asked by tracecurStop */
} TraceCursor;

/* Cursor helpers of trace_events.c that trace_lookup.c and
** trace_columns.c use too. */

/* "trace_events" or "trace_metadata", for messages. */
const char *tracecurTableName(const TraceCursor *pCur);
/* xColumn (trace_columns.c). */
int tracecurColumn(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int iCol);

/* The value of column iCol of the current row into *pVal.  Returns
** SQLITE_OK, SQLITE_NOMEM, or SQLITE_ERROR with a message in *pzErr
** (sqlite3_malloc()ed). */
int tracecurValue(TraceCursor *pCur, int iCol, TraceValue *pVal, char **pzErr);
/* *pVal as ctx's result; a value that owns its text hands it to SQLite. */
void trace_value_result(sqlite3_context *ctx, TraceValue *pVal);
/* trace_value_result, but when bTermText (SQLite before 3.45, which
** reallocates a text to add its NUL each time a function reads it) a
** short text without a NUL in it goes NUL-terminated (trace_columns.c). */
void trace_value_result_nul(sqlite3_context *ctx, TraceValue *pVal, int bTermText);
/* Is the SQLite the extension runs in one that wants that (before 3.45)?
** Asked once per table, by trace_events and self_profile alike. */
int trace_text_wants_nul(void);
/* xNext of a scan (not a lookup, not grouped). */
int tracecurNext(TraceCursor *pCur);

/* Set the table's error message to "<table>: <zWhere>: <zMsg>". */
int tracecurError(TraceCursor *pCur, const char *zWhere, const char *zMsg);
/* Close the current file (a lookup's goes back to its slot). */
void tracecurCloseFile(TraceCursor *pCur);
/* Build (or, for a lookup, borrow) the call tree of zFile; zOnce is the
** error for a file that can be read only once. */
int tracecurBuildTree(TraceCursor *pCur, const char *zFile, const char *zOnce);
/* Open the next file the filters want (iFile moves on; nFile at the end),
** building its tree first when the statement needs one. */
int tracecurOpenNextFile(TraceCursor *pCur);
/* Does the file filter (unit = ?, file = ?, since=TIME) let zFile through? */
int tracecurFileWanted(const TraceCursor *pCur, const char *zFile, const char *zUnit, const char *zMtime);
/* partial=1: say in SQLite's log that the current file stopped early. */
void tracecurLogStop(TraceCursor *pCur, const char *zErr);
/* The mtime column of zFile into zOut ("" for none). */
void trace_file_mtime(const TraceFileId *pId, char zOut[32]);
/* Is zFile recent enough for 'since=TIME'? */
int tracecurFileRecent(const TraceCursor *pCur, const char *zMtime);
/* Is zFile still the file *pId was taken of?  SQLITE_OK, or an error
** saying that it changed between two reads of the statement. */
int tracecurSameFile(TraceCursor *pCur, const char *zFile, const TraceFileId *pId);
/* Is the current row trace_metadata's row of a file skip=nontrace left out? */
int tracecurOnSkippedRow(const TraceCursor *pCur);
/* Is pEv a B or an E event? */
int trace_event_is_b_or_e(const TraceEvent *pEv);
/* Has the statement been interrupted (sqlite3_interrupt)?  The readers'
** stop callback (EventStopFn), pCtx the TraceCursor. */
int tracecurStop(void *pCtx);

/* trace_options.c */

/* The number of online CPUs, from 1 to TEV_MAX_THREADS: the default
** threads of a scan. */
int trace_online_cpus(void);

/* The option value zVal..zEnd as a whole number from iLo to iHi: only
** digits, at least one, no wrap-around.  Returns 1 with it in *piOut, 0
** when it is not one (the caller names the option in its error). */
int trace_option_whole(const char *zVal, const char *zEnd, int iLo, int iHi, int *piOut);
/* Set the cursor's options from z, the second argument ("threads=2,..."). */
int tracecurSetOptions(TraceCursor *pCur, const char *z);
int tracecurExpand(TraceCursor *pCur, char *zErr, size_t nErr);

/* trace_group.c */

/* xBestIndex: when SQLite wants the rows grouped (GROUP BY, DISTINCT) by
** columns of the table, the text to add to idxStr that says by which and
** what each row holds (set orderByConsumed and TEV_IDX_GROUP then); NULL
** when the plan cannot be grouped, or when out of memory. */
char *tracetabGroupPlan(sqlite3_index_info *pIdx, int idxNum);
/* The key of a grouping xBestIndex may consume (trace_events' and
** self_profile's): the ORDER BY's columns, each once, in its order, into
** aiKey[], *pnKey and the masks (zeroed first; *pmDesc: those it wants
** descending), when SQLite needs the rows only grouped
** (sqlite3_vtab_distinct() 1, or 2 with bDistinct) and names columns
** below nCol.  Returns 1 then, else 0. */
int trace_group_key_of_plan(sqlite3_index_info *pIdx, int nCol, int bDistinct,
                            int *aiKey, int *pnKey, unsigned *pmKey, unsigned *pmDesc);
/* xFilter of a grouped plan, once the files are listed: read all the
** rows, grouped, and move to the first.  pCur->pGroup is set (even on
** error: tracecurReset frees it). */
int tracecurGroupScan(TraceCursor *pCur, const char *idxStr);
int tracecurGroupNext(TraceCursor *pCur);
sqlite3_int64 tracecurGroupRowid(const TraceCursor *pCur);
int tracecurGroupColumn(TraceCursor *pCur, sqlite3_context *ctx, int iCol);
void trace_group_free(TraceGroup *g);

/* trace_rows_ahead.c */

/* Before the scan opens its first file: start the workers that read the
** files ahead, when the statement and the files allow it. */
int tracecurAheadStart(TraceCursor *pCur);
/* Opening the current file: take its tree and rows if they were read
** ahead (pTree and pAheadRows set; pTree alone when its rows were too
** many to keep). */
int tracecurAheadTake(TraceCursor *pCur, const char *zFile);
/* The next of the current file's rows read ahead: 1, or 0 after its last
** (pAheadRows is freed then). */
int tracecurAheadNext(TraceCursor *pCur);
/* Stop the workers and forget them. */
void tracecurAheadStop(TraceCursor *pCur);

/* trace_lookup.c */

/* What the tree of zFile must hold for the statement (CALL_TREE_*);
** bOffsets: with where its events start, when lookups will want that. */
unsigned tracecurTreeFlags(TraceCursor *pCur, const char *zFile, int bOffsets);
/* xBestIndex made a plan that looks up rows by rowid and reads fields:
** note its path argument (constraint iPath, -1: the table's own file). */
void tracetabNoteLookupPlan(TraceTable *pTab, sqlite3_index_info *pIdx, int iPath);

/* Empty slot p of the lookups' files. */
void lookup_file_free(TraceTable *pTab, LookupFile *p);
/* The options argument of a plan (TEV_IDX_OPTIONS), or NULL. */
const char *plan_options(int idxNum, sqlite3_value **argv);
/* May a lookup keep what the cursor's last lookup set up? */
int tracecurLookupReuse(const TraceCursor *pCur, int idxNum, const char *zArg, const char *zOpt);
/* xFilter of a lookup: the row whose rowid is pVal, or none. */
int tracecurLookup(TraceCursor *pCur, sqlite3_value *pVal);

#endif
