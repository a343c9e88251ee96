/*
** call_tree.c: the call tree of a trace (depth, parent, self time, folded
** stacks).  Interface and rules: call_tree.h.
**
** How it works.  call_tree_build reads the file once with only pid, tid,
** ph, name, ts and dur built, and appends each slice to the array of its
** thread as {ts, end, rowid, name}: 24 bytes, in file order.  B events
** are appended when they open and get their end when their E comes (a
** stack per thread).  Names are interned only when the stack column is
** read (CALL_TREE_NAMES).  As slices are appended, each thread notes
** whether they come in end order or start order (SliceOrder); once the
** file is read, tree_walk.c gives every slice its parent, depth and self
** time by the rule of its thread's order, in place.  Threads are
** independent, so with several scan threads they are walked several at a
** time.  With names, each slice's name is then replaced by the number of
** its stack (tree_stacks.c: distinct stacks, their texts and whether a
** slice is nested in a same-named one), one thread after another, as the
** threads share the table of stacks.
**
** Another reader (self_profile.c) feeds slices by hand: call_tree_new,
** call_tree_add_slice per slice (the same slice_put), call_tree_finish
** (the same walk and stacks as a file's tree).
**
** The built tree is asked questions (the slice of a row, its stack...)
** in call_tree_rows.c; both files share the records of call_tree_int.h.
**
** Memory.  The arrays (big_array.c: heap blocks while small, mappings
** once large; a thread starts with room for one slice) fill front to back;
** the thread being filled has its next 64 KB prefaulted in one system
** call (a page fault per page cost 0.3 s for 138 MB in a virtual machine),
** and the part of that window it did not use is given back when the file
** moves on to another thread, so at most one window is resident unused.
*/
#include "call_tree_int.h"
#include "event_pscan.h"
#include "big_array.h"
#include "tree_walk.h"
#include "pass_detail.h"
#include "partial.h"
#include "string_table.h"
#include "event_pairs.h"
#include "json_text.h"
#include "tree_stacks.h"
#include "tree_frames.h"
#include "tree_instants.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The public view has the same layout as the finished record. */
_Static_assert(sizeof(SliceRec)==sizeof(CallSlice), "CallSlice must mirror SliceRec");
_Static_assert(sizeof(SliceRec)==24, "24 bytes per slice");


/* Grow *pa (elements of size sz, *pnAlloc of them, from big_resize) to
** hold n+1, doubling from nFirst.  Free with big_free(*pa, *pnAlloc*sz). */
static int grow(void **pa, size_t *pnAlloc, size_t n, size_t sz, size_t nFirst){
  size_t nNew;
  if( n<*pnAlloc ) return 0;
  nNew = *pnAlloc ? *pnAlloc*2 : nFirst;
  if( nNew>SIZE_MAX/sz || big_resize(pa, *pnAlloc*sz, nNew*sz) ) return 1;
  *pnAlloc = nNew;
  return 0;
}

/* The key of fields aiField[0..nField) of pEv: for each, the type, the
** length (4 bytes) and the bytes as written; fields_key_size() bytes
** long.  An async pair's (b/e) is its pid, cat and id (thread_key, below,
** makes a thread's). */
static const int aAsyncFields[] = { EF_PID, EF_CAT, EF_ID };
static size_t fields_key_size(const TraceEvent *pEv, const int *aiField, int nField){
  size_t n = 0;
  int i;
  for(i=0; i<nField; i++) n += 5 + (size_t)pEv->aField[aiField[i]].nByte;
  return n;
}
static void fields_key(const TraceEvent *pEv, const int *aiField, int nField, char *aKey){
  size_t n = 0;
  int i;
  for(i=0; i<nField; i++){
    const EventField *f = &pEv->aField[aiField[i]];
    uint32_t m = f->nByte;
    aKey[n++] = (char)f->eType;
    memcpy(aKey + n, &m, 4);
    memcpy(aKey + n + 4, event_field_bytes(pEv, aiField[i]), m);
    n += 4 + m;
  }
}

/* A thread is its pid and tid as SQL values, which is how GROUP BY pid,
** tid and the columns see them: 1, 1.0, 1e0 and true are one INTEGER, 0
** and -0 too, null and an absent field are NULL, and a string is text
** (the string "1" is another thread than the number 1).  The key of one
** of the two: 'T', the length (4 bytes) and the text (a string, or an
** object or array as its compact JSON); 'N' (NULL); 'I' and the decimal
** text of a whole number an INTEGER holds; else 'R' and the double. */
#define THREAD_PART_MAX(nByte) (5 + ((nByte) > 24 ? (size_t)(nByte) : 24))

/* Is z[0..n) a JSON integer written as its decimal text would be ("0",
** "-12"; not "-0") with at most 18 digits? */
static int plain_integer(const char *z, size_t n){
  size_t i = n>0 && z[0]=='-' ? 1 : 0;
  if( n==i || n-i>18 || (z[i]=='0' && n-i>1) || (i==1 && z[1]=='0') ) return 0;
  for(; i<n; i++) if( z[i]<'0' || z[i]>'9' ) return 0;
  return 1;
}

static size_t thread_part_put(char *a, char cTag, const char *z, size_t n){
  uint32_t m = (uint32_t)n;
  a[0] = cTag;
  memcpy(a + 1, &m, 4);
  if( n ) memcpy(a + 5, z, n);
  return 5 + n;
}

/* The key part of field f (bytes z) into a (room: THREAD_PART_MAX).
** Returns its length. */
static size_t thread_part(const EventField *f, const char *z, char *a){
  char aNum[32];
  double r;
  int64_t v;
  switch( f->eType ){
    case EV_STRING:
    case EV_JSON:   return thread_part_put(a, 'T', z, f->nByte);
    case EV_TRUE:   return thread_part_put(a, 'I', "1", 1);
    case EV_FALSE:  return thread_part_put(a, 'I', "0", 1);
    case EV_NUMBER: break;
    default:        return thread_part_put(a, 'N', 0, 0);
  }
  if( plain_integer(z, f->nByte) ) return thread_part_put(a, 'I', z, f->nByte);
  if( json_number_int64(z, f->nByte, &v) ){
    /* "-0", or 19 digits that fit: the INTEGER */
    return thread_part_put(a, 'I', aNum, (size_t)snprintf(aNum, sizeof(aNum), "%lld", (long long)v));
  }
  /* a REAL (1.0, 1e0, 2^64): one key with the INTEGER SQLite finds equal */
  r = json_number_double(z, f->nByte);
  if( r>=-9223372036854775808.0 && r<9223372036854775808.0 && r==(double)(int64_t)r ){
    return thread_part_put(a, 'I', aNum, (size_t)snprintf(aNum, sizeof(aNum), "%lld", (long long)(int64_t)r));
  }
  return thread_part_put(a, 'R', (const char*)&r, sizeof(r));
}

/* The key of pEv's thread into a (room: thread_key_size), its length. */
static size_t thread_key_size(const TraceEvent *pEv){
  return THREAD_PART_MAX(pEv->aField[EF_PID].nByte) + THREAD_PART_MAX(pEv->aField[EF_TID].nByte);
}
static size_t thread_key(const TraceEvent *pEv, char *a){
  size_t n = thread_part(&pEv->aField[EF_PID], event_field_bytes(pEv, EF_PID), a);
  return n + thread_part(&pEv->aField[EF_TID], event_field_bytes(pEv, EF_TID), a + n);
}

/* Is the key part z[0..n) that of field f (bytes zField) written as it
** is?  Text, and an INTEGER's decimal text: a number written so IS that
** integer (no other number text is the same bytes). */
static int thread_part_is_bytes(const char *z, size_t n, const EventField *f, const char *zField){
  uint32_t nByte;
  if( n<5 || z[0]!=(f->eType==EV_NUMBER ? 'I' : 'T') ) return 0;
  memcpy(&nByte, z + 1, 4);
  return nByte==f->nByte && n-5>=nByte && memcmp(z + 5, zField, nByte)==0;
}

/* Is z[0..n) the key of pEv's thread?  This runs for every event, so the
** field's bytes are compared where they stand first; only a number written
** otherwise ("1.0" against "1"), true, false, null and absent make their
** part, on the stack. */
static int thread_key_matches(const TraceEvent *pEv, const char *z, size_t n){
  int i;
  for(i=0; i<2; i++){
    int iField = i ? EF_TID : EF_PID;
    const EventField *f = &pEv->aField[iField];
    const char *zField = event_field_bytes(pEv, iField);
    char aPart[THREAD_PART_MAX(0)];
    size_t m;
    if( (f->eType==EV_STRING || f->eType==EV_JSON || f->eType==EV_NUMBER)
     && thread_part_is_bytes(z, n, f, zField) ){
      m = 5 + f->nByte;
    }else if( f->eType==EV_STRING || f->eType==EV_JSON ){
      return 0;                /* text is its bytes: another thread */
    }else{
      m = thread_part(f, zField, aPart);     /* at most THREAD_PART_MAX(0) */
      if( n<m || memcmp(z, aPart, m)!=0 ) return 0;
    }
    z += m;
    n -= m;
  }
  return n==0;
}

/* The index of the thread with key z[0..n), added if new, or -1 when out
** of memory. */
static long thread_intern(CallTree *t, const char *z, size_t n){
  long i;
  /* room first: a new key and its thread come together or not at all */
  if( grow((void**)&t->aThread, &t->nThreadAlloc, t->nThread, sizeof(Thread), 64) ) return -1;
  i = string_table_intern(&t->threadKeys, z, n);
  if( i>=0 && (size_t)i==t->nThread ) memset(&t->aThread[t->nThread++], 0, sizeof(Thread));
  return i;
}

/* Times written with decimals (0.1, 12.345: Chrome-style fractions of a
** microsecond) are not exact in binary, so a time computed from them is
** off in its last bits: 0.1 + 0.2 is 0.30000000000000004, after a slice
** [0, 0.3] ends (so it would not contain its child [0.1, 0.3]), and
** 0.3 - 0.1 is 0.19999999999999998.  Each end, self time and B duration
** is a sum and difference of such times, so a whole number of units of
** the last decimal written: rounding it to that many decimals gives the
** double nearest the exact answer, as long as it counts fewer than 2^53
** units (else it stays as computed).  decimal_scale(k) is 10^k, or 0 for
** no rounding (whole numbers, or more than 15 decimals). */
static double decimal_scale(int k){
  static const double aPow10[16] = {      /* exact: 10^15 < 2^53 */
    0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15
  };
  return k>=1 && k<=15 ? aPow10[k] : 0;
}

static double round_to_decimals(double x, double scale){
  double units = x*scale;
  return fabs(units)<9007199254740992.0 ? nearbyint(units)/scale : x;
}

/* The end of an X slice: ts + dur, on the decimals' grid. */
static double slice_end(const CallTree *t, double ts, double dur){
  double scale = decimal_scale(t->nDecimals);
  return scale ? round_to_decimals(ts + dur, scale) : ts + dur;
}

/* The value of a numeric field, or NAN when it is absent or not a number;
** a number written with decimals raises t->nDecimals to them. */
static double field_number(CallTree *t, const TraceEvent *pEv, int iField){
  const EventField *f = &pEv->aField[iField];
  const char *z = event_field_bytes(pEv, iField);
  uint32_t i = 0, n = f->nByte;
  int64_t v = 0;
  int bNeg = 0, nDec;
  if( f->eType!=EV_NUMBER || n==0 ) return NAN;
  if( z[0]=='-' ){ bNeg = 1; i = 1; }
  if( n-i<=15 ){
    for(; i<n && z[i]>='0' && z[i]<='9'; i++) v = v*10 + (z[i]-'0');
    if( i==n ) return (double)(bNeg ? -v : v);
  }
  if( (nDec = json_number_decimals(z, n))>t->nDecimals ) t->nDecimals = nDec;
  return json_number_double(z, n);    /* whatever the locale */
}

static int is_phase(const TraceEvent *pEv, char c){
  const EventField *f = &pEv->aField[EF_PH];
  return f->eType==EV_STRING && f->nByte==1 && event_field_bytes(pEv, EF_PH)[0]==c;
}

/* LLVM's aggregate "Total <name>" events: X at ts 0, name "Total ...". */
static int is_total_event(const TraceEvent *pEv, double ts){
  const EventField *f = &pEv->aField[EF_NAME];
  return ts==0 && f->eType==EV_STRING && f->nByte>6
      && memcmp(event_field_bytes(pEv, EF_NAME), "Total ", 6)==0;
}

static int note_add(RowNote **pa, size_t *pn, size_t *pnAlloc, uint32_t rowid, double v){
  if( grow((void**)pa, pnAlloc, *pn, sizeof(RowNote), 64) ) return 1;
  (*pa)[*pn].rowid = rowid;
  (*pa)[*pn].v = v;
  (*pn)++;
  return 0;
}

/* Piece size of the first pass's parallel scan (see call_tree_build). */
#define CT_PIECE ((size_t)512 << 10)

/* The next size of a thread's array of n slices.  A thread starts with
** room for one (many threads have one or a few slices), doubles while
** small, then grows by a quarter while it is a heap block, where room not
** yet used is memory held (at most a quarter of the slices); a mapping
** doubles, as pages not yet touched cost nothing and mremap does not copy. */
static size_t slices_next_size(size_t n){
  if( n<8 ) return n ? n*2 : 1;
  if( n*sizeof(SliceRec)<BIG_MAP_MIN ) return n + n/4;
  return n*2;
}

/* Make room in p->a for one more slice.  The arrays are the tree's memory
** (24 bytes per slice); big_array.c keeps their growth from leaving copies
** resident.  Returns 1 when out of memory. */
static int slices_grow(Thread *p, int bFunctions){
  size_t nNew;
  void *aNew = p->a;
  if( p->n<p->nAlloc ) return 0;
  nNew = slices_next_size(p->nAlloc);
  if( nNew>UINT32_MAX ) nNew = UINT32_MAX;
  if( nNew<=p->nAlloc ) return 1;      /* 2^32 slices: rowids stop first */
  if( big_resize(&aNew, p->nAlloc*sizeof(SliceRec), nNew*sizeof(SliceRec)) ) return 1;
  p->a = aNew;
  if( bFunctions ){
    void *aFunc = p->aFunc;
    if( big_resize(&aFunc, p->nAlloc*sizeof(uint32_t), nNew*sizeof(uint32_t)) ){
      /* a[] is larger already, and shrinking it back can fail too (or
      ** free it, to 0 bytes): free both, the build stops anyway */
      big_free(p->a, nNew*sizeof(SliceRec));
      big_free(p->aFunc, p->nAlloc*sizeof(uint32_t));
      p->a = 0;
      p->aFunc = 0;
      p->n = p->nAlloc = 0;
      return 1;
    }
    p->aFunc = aFunc;
  }
  p->nAlloc = (uint32_t)nNew;
  return 0;
}

static void slices_free(Thread *p){
  big_free(p->a, p->nAlloc*sizeof(SliceRec));
  big_free(p->aFunc, p->nAlloc*sizeof(uint32_t));
  p->a = 0;
  p->aFunc = 0;
}

/* Prefaulting (big_prefault) of the thread being filled: a window this
** large, once the thread has had CT_PREFAULT_RUN slices in a row (a file
** that hops from thread to thread gets none: it would only be trimmed
** again), trimmed when the file moves on to another thread, so that at
** most one window is resident but unused. */
#define CT_PREFAULT ((size_t)64 << 10)
#define CT_PREFAULT_RUN 64

/* The file moves on from the thread of the last event: give back its
** prefaulted window beyond its last slice. */
static void thread_leave(CallTree *t){
  Thread *p;
  if( t->iLastThread>=t->nThread ) return;
  p = &t->aThread[t->iLastThread];
  if( t->nReady>p->n ) big_trim(p->a, p->nAlloc*sizeof(SliceRec), p->n*sizeof(SliceRec));
  t->nReady = 0;
}

/* In aFunc, marks a slice whose function is settled (its own or its
** nearest ancestor's) while thread_attribute runs. */
#define FUNC_RESOLVED 0x80000000u

/* The index in t->symbols of the function pEv's detail names (0: none;
** pass_detail.h), or -1 when out of memory. */
static long slice_function(CallTree *t, const TraceEvent *pEv){
  const EventField *f = &pEv->aField[EF_DETAIL];
  const char *z = event_field_bytes(pEv, EF_DETAIL);
  size_t iStart, nLen;
  long i;
  if( f->eType!=EV_STRING || !pass_detail_symbol(z, f->nByte, &iStart, &nLen) ) return 0;
  i = string_table_intern(&t->symbols, z + iStart, nLen);
  /* indexes share 32 bits with nothing, but stay below the sentinel */
  return i>=(long)FUNC_RESOLVED ? -1 : i;
}

/* Field iField of pEv as its column shows it (event_field_text) in *pz,
** *pn; *pz NULL when it is absent or null. */
static void field_text(const TraceEvent *pEv, int iField, const char **pz, size_t *pn){
  uint32_t n = 0;
  *pz = 0;
  *pn = event_field_text(pEv, iField, pz, &n) ? n : 0;
}

/* Append a slice to thread iThread: its interval, rowid, name number
** (names[], or 0) and function number (symbols[], or 0).  Returns 1 when
** out of memory. */
static int slice_put(CallTree *t, long iThread, double ts, double end, uint32_t rowid,
                     long iName, long iFunc){
  Thread *p = &t->aThread[iThread];
  SliceRec *r;
  if( slices_grow(p, t->bFunctions) ) return 1;
  if( p->n>=t->nReady && t->nRun>=CT_PREFAULT_RUN ){
    size_t nTo = p->n + CT_PREFAULT/sizeof(SliceRec);
    if( nTo>p->nAlloc ) nTo = p->nAlloc;
    big_prefault(p->a, p->nAlloc*sizeof(SliceRec), p->n*sizeof(SliceRec), nTo*sizeof(SliceRec));
    t->nReady = nTo;
  }
  r = &p->a[p->n++];
  t->iSliceRef = ((uint64_t)iThread << 32 | (p->n - 1)) + 1;
  r->u.in.ts = ts;
  r->u.in.end = end;
  r->rowid = rowid;
  r->name = (uint32_t)iName;
  if( t->bFunctions ) p->aFunc[p->n - 1] = (uint32_t)iFunc;
  return 0;
}

/* Add the slice of pEv (already known to be X or B) to its thread. */
static int slice_add(CallTree *t, long iThread, const TraceEvent *pEv, double ts, double end){
  const EventField *fName = &pEv->aField[EF_NAME];
  long iName = 0, iFunc = 0;
  if( t->eFrames ){
    const char *z = 0, *zDetail = 0;
    size_t n = 0, nDetail = 0;
    field_text(pEv, EF_NAME, &z, &n);
    field_text(pEv, EF_DETAIL, &zDetail, &nDetail);
    iName = tree_frames_key(&t->names, z ? z : "", n, zDetail, nDetail);
    if( iName<0 ) return 1;
  }else if( t->bNames && fName->eType!=EV_ABSENT && fName->eType!=EV_NULL ){
    const char *z;
    size_t n;
    field_text(pEv, EF_NAME, &z, &n);
    iName = string_table_intern(&t->names, z, n);
    if( iName<0 ) return 1;
    t->nNameByte += n + 1;
  }
  if( t->bFunctions ){
    iFunc = slice_function(t, pEv);
    if( iFunc<0 ) return 1;
  }
  return slice_put(t, iThread, ts, end, (uint32_t)pEv->iSeq, iName, iFunc);
}

/* The key of a pair of pEv in *pzKey (kind 'T' and a thread's number for
** B/E, 'A' and fields_key of pid, cat and id for b/e), in aBuf when it
** fits, else malloc()ed.  Returns its length, 0 when out of memory. */
static size_t pair_key(const TraceEvent *pEv, int bAsync, uint32_t iThread, char *aBuf, size_t nBuf, char **pzKey){
  static const char *const azExtra[2] = { "id2", "scope" };
  const EventField *fExtra = &pEv->aField[EF_EXTRA];
  const char *zExtra = event_field_bytes(pEv, EF_EXTRA);
  size_t aStart[2] = {0, 0}, aLen[2] = {0, 0}, n = 5, k, i;
  int aHas[2] = {0, 0};
  char *z = aBuf;
  if( bAsync ){
    /* pid, cat, id, then id2 and scope as written, when the event has them */
    n = 1 + fields_key_size(pEv, aAsyncFields, 3) + 2*5;
    for(i=0; i<2 && fExtra->eType==EV_JSON; i++){
      aHas[i] = pair_json_member(zExtra, fExtra->nByte, azExtra[i], strlen(azExtra[i]), &aStart[i], &aLen[i]);
      if( aHas[i] ) n += aLen[i];
    }
  }
  if( n>nBuf && (z = malloc(n))==0 ) return 0;
  z[0] = bAsync ? 'A' : 'T';
  if( !bAsync ){
    memcpy(z + 1, &iThread, 4);
    *pzKey = z;
    return n;
  }
  k = 1 + fields_key_size(pEv, aAsyncFields, 3);
  fields_key(pEv, aAsyncFields, 3, z + 1);
  for(i=0; i<2; i++){
    uint32_t m = (uint32_t)aLen[i];
    z[k++] = aHas[i] ? 'P' : 'N';
    memcpy(z + k, &m, 4);
    if( m ) memcpy(z + k + 4, zExtra + aStart[i], m);
    k += 4 + m;
  }
  *pzKey = z;
  return n;
}

/* A B or b event opens slice a[iRec] of thread iThread.  Returns 1 when
** out of memory. */
static int pair_begin(CallTree *t, const TraceEvent *pEv, int bAsync, uint32_t iThread, uint32_t iRec){
  char aBuf[128], *zKey;
  size_t nKey = pair_key(pEv, bAsync, iThread, aBuf, sizeof(aBuf), &zKey);
  int rc = nKey==0 || pair_push(&t->pairs, zKey, nKey, iThread, iRec);
  if( nKey && zKey!=aBuf ) free(zKey);
  return rc;
}

/* An E or e event at time ts: end the slice its begin opened, or note it
** unmatched (also a B whose E comes before it: both).  Returns 1 when
** out of memory. */
static int pair_end(CallTree *t, const TraceEvent *pEv, int bAsync, uint32_t iThread, double ts){
  char aBuf[128], *zKey;
  size_t nKey = pair_key(pEv, bAsync, iThread, aBuf, sizeof(aBuf), &zKey);
  int bFound;
  PairOpen o;
  SliceRec *r;
  if( nKey==0 ) return 1;
  bFound = pair_pop(&t->pairs, zKey, nKey, &o);
  if( zKey!=aBuf ) free(zKey);
  if( !bFound ){
    return note_add(&t->aUnmatched, &t->nUnmatched, &t->nUnmatchedAlloc, (uint32_t)pEv->iSeq, bAsync ? 'e' : 'E');
  }
  r = &t->aThread[o.iThread].a[o.iRec];
  if( ts<r->u.in.ts ){
    /* an end before its begin: not a slice; both ends reported */
    if( note_add(&t->aUnmatched, &t->nUnmatched, &t->nUnmatchedAlloc, r->rowid, bAsync ? 'b' : 'B') ) return 1;
    r->u.in.end = NAN;
    return note_add(&t->aUnmatched, &t->nUnmatched, &t->nUnmatchedAlloc, (uint32_t)pEv->iSeq, bAsync ? 'e' : 'E');
  }
  r->u.in.end = ts;
  return note_add(&t->aBDur, &t->nBDur, &t->nBDurAlloc, r->rowid, ts - r->u.in.ts);
}

/* An async instant: in the innermost b of its key still open, if any
** (tree_instants.h).  Returns 1 when out of memory. */
static int instant_add(CallTree *t, const TraceEvent *pEv){
  char aBuf[128], *zKey;
  size_t nKey = pair_key(pEv, 1, 0, aBuf, sizeof(aBuf), &zKey);
  PairOpen o;
  long iName = 0;
  int bOpen;
  if( nKey==0 ) return 1;
  bOpen = pair_top(&t->pairs, zKey, nKey, &o);
  if( zKey!=aBuf ) free(zKey);
  if( !bOpen ) return 0;
  if( t->bNames ){
    const char *z = 0, *zDetail = 0;
    size_t n = 0, nDetail = 0;
    field_text(pEv, EF_NAME, &z, &n);
    if( t->eFrames ){
      field_text(pEv, EF_DETAIL, &zDetail, &nDetail);
      iName = tree_frames_key(&t->names, z ? z : "", n, zDetail, nDetail);
    }else{
      iName = string_table_intern(&t->names, z ? z : "", n);
    }
    if( iName<0 ) return 1;
  }
  return tree_instants_add(&t->instants, (uint32_t)pEv->iSeq, o.iThread,
                           t->aThread[o.iThread].a[o.iRec].rowid, (uint32_t)iName);
}

/* The index of pEv's thread, added if new; -1 when out of memory. */
static long tree_thread_of(CallTree *t, const TraceEvent *pEv){
  char aBuf[256], *aKey = aBuf;
  size_t nKey;
  long iThread;
  /* Events come in runs of one thread: try the last thread first. */
  if( t->iLastThread<t->nThread
   && thread_key_matches(pEv, string_table_str(&t->threadKeys, t->iLastThread),
                         string_table_len(&t->threadKeys, t->iLastThread)) ){
    t->nRun++;
    return (long)t->iLastThread;
  }
  /* ids of any length: the key is exact (a cut key would merge threads) */
  nKey = thread_key_size(pEv);
  if( nKey>sizeof(aBuf) && (aKey = malloc(nKey))==0 ) return -1;
  nKey = thread_key(pEv, aKey);
  iThread = thread_intern(t, aKey, nKey);
  if( aKey!=aBuf ) free(aKey);
  if( iThread<0 ) return -1;
  thread_leave(t);
  t->iLastThread = (size_t)iThread;
  t->nRun = 0;
  return iThread;
}

/* Take one event of the first pass.  Returns 0, 1 when out of memory. */
static int tree_add_event(CallTree *t, const TraceEvent *pEv){
  long iThread;
  double ts, dur;
  int bX = is_phase(pEv, 'X'), bB = 0, bE = 0, bAsyncB = 0, bAsyncE = 0;
  if( !bX && !(bB = is_phase(pEv, 'B')) && !(bE = is_phase(pEv, 'E'))
   && !(bAsyncB = is_phase(pEv, 'b')) && !(bAsyncE = is_phase(pEv, 'e')) ){
    return is_phase(pEv, 'n') ? instant_add(t, pEv) : 0;
  }
  ts = field_number(t, pEv, EF_TS);
  if( isnan(ts) ){
    /* a begin or end without a time cannot be matched: reported, as
    ** unmatched; a B still says its thread is not in end order */
    if( bX ) return 0;
    if( bB ){
      if( (iThread = tree_thread_of(t, pEv))<0 ) return 1;
      t->aThread[iThread].bHasB = 1;
    }
    return note_add(&t->aUnmatched, &t->nUnmatched, &t->nUnmatchedAlloc, (uint32_t)pEv->iSeq,
                    bB ? 'B' : bE ? 'E' : bAsyncB ? 'b' : 'e');
  }
  /* an async end belongs to its begin, whatever thread it names */
  if( bAsyncE ) return pair_end(t, pEv, 1, 0, ts);
  if( (iThread = tree_thread_of(t, pEv))<0 ) return 1;
  if( bX ){
    dur = field_number(t, pEv, EF_DUR);
    if( isnan(dur) || dur<0 || is_total_event(pEv, ts) ) return 0;
    return slice_add(t, iThread, pEv, ts, slice_end(t, ts, dur));
  }
  if( bE ) return pair_end(t, pEv, 0, (uint32_t)iThread, ts);
  /* a B, or an async b: a slice on its thread whose end is to come */
  if( slice_add(t, iThread, pEv, ts, NAN) ) return 1;
  if( bB ) t->aThread[iThread].bHasB = 1;
  return pair_begin(t, pEv, bAsyncB, (uint32_t)iThread, t->aThread[iThread].n - 1);
}


/* Give every slice of p the function of its nearest ancestor-or-self that
** has one (0 when none does): a RunPass inside an OptFunction works on
** that function.  Each slice is settled once: the walk up from a slice
** stops at the first settled one or one with its own function, and
** everything passed on the way takes that answer.  Returns 1 when out
** of memory. */
static int thread_attribute(Thread *p){
  uint32_t *aChain = 0;
  size_t nChain, nChainAlloc = 0, i, j, k;
  for(i=0; i<p->n; i++){
    uint32_t v;
    nChain = 0;
    for(j=i; p->aFunc[j]==0 && p->a[j].u.out.parent!=0; j=ct_slice_index(p, p->a[j].u.out.parent)){
      if( nChain>=nChainAlloc ){
        size_t nNew = nChainAlloc ? nChainAlloc*2 : 64;
        uint32_t *aNew = realloc(aChain, nNew*sizeof(uint32_t));
        if( aNew==0 ){
          free(aChain);
          return 1;
        }
        aChain = aNew;
        nChainAlloc = nNew;
      }
      aChain[nChain++] = (uint32_t)j;
    }
    v = p->aFunc[j] | FUNC_RESOLVED;
    p->aFunc[j] = v;
    for(k=0; k<nChain; k++) p->aFunc[aChain[k]] = v;
  }
  for(i=0; i<p->n; i++) p->aFunc[i] &= ~FUNC_RESOLVED;
  free(aChain);
  return 0;
}

/* Compute parent, depth and self time of every slice of one thread (and
** the function each works on, with bFunctions).  Returns 1 when out of
** memory. */
static int thread_walk(Thread *p, int bFunctions){
  SliceOrder order;
  uint32_t i, j;
  /* Tell the order the slices came in (one pass over memory, cheaper than
  ** keeping 24 bytes of SliceOrder per thread while building).  B events
  ** that never got their E are dropped (they are reported as unmatched)
  ** and do not count. */
  slice_order_init(&order);
  for(i=j=0; i<p->n; i++){
    if( isnan(p->a[i].u.in.end) ) continue;
    slice_order_add(&order, p->a[i].u.in.ts, p->a[i].u.in.end);
    if( j<i ){
      if( bFunctions ) p->aFunc[j] = p->aFunc[i];
      p->a[j] = p->a[i];
    }
    j++;
  }
  p->n = j;
  p->eOrder = (uint8_t)slice_order_kind(&order, p->bHasB!=0);
  if( tree_walk(p->a, p->n, (ThreadOrder)p->eOrder) ) return 1;
  return bFunctions && thread_attribute(p);
}

/* Threads are walked apart from each other, so several walk at once.
** Measured on a 1.4 GB trace (183 threads, 5.75 M slices): 0.2 s on one
** thread, most of it reading the 138 MB of slices back from memory. */
#define CT_WALK_MAX_THREADS 16
/* Fewer slices than this are walked on the calling thread alone. */
#define CT_WALK_MIN_PARALLEL 65536

/* A thread number and its number of slices. */
typedef struct ThreadSize { uint32_t n, i; } ThreadSize;

typedef struct WalkJob {
  CallTree *t;
  ThreadSize *aOrder;    /* the threads, most slices first */
  atomic_size_t iNext;   /* the next of aOrder to walk */
  atomic_int bNoMem;
  pthread_t owner;       /* the calling thread: the only one that asks t->xStop */
  atomic_int bStop;      /* t->xStop said stop */
} WalkJob;

/* Should the walkers stop?  The calling thread asks t->xStop before each
** thread it walks; the others see its answer. */
static int walk_stop(WalkJob *j){
  if( j->t->xStop && pthread_equal(pthread_self(), j->owner) && j->t->xStop(j->t->pStopCtx) ){
    atomic_store(&j->bStop, 1);
  }
  return atomic_load(&j->bStop);
}

static void *walk_worker(void *pArg){
  WalkJob *j = pArg;
  size_t i;
  while( !atomic_load(&j->bNoMem) && (i = atomic_fetch_add(&j->iNext, 1))<j->t->nThread ){
    if( walk_stop(j) ) break;
    if( thread_walk(&j->t->aThread[j->aOrder[i].i], j->t->bFunctions) ) atomic_store(&j->bNoMem, 1);
  }
  return 0;
}

/* Largest first. */
static int cmp_thread_size(const void *pa, const void *pb){
  const ThreadSize *a = pa, *b = pb;
  return a->n > b->n ? -1 : (a->n < b->n);
}

/* Walk every thread, on up to nWorker threads at once (the calling one
** among them).  Returns 1 when out of memory, 2 when t->xStop stopped it. */
static int walk_all(CallTree *t, int nWorker){
  WalkJob j;
  pthread_t aTid[CT_WALK_MAX_THREADS];
  size_t i, nSlice = 0;
  int nStarted = 0, k;
  if( t->nThread==0 ) return 0;
  j.aOrder = malloc(t->nThread*sizeof(ThreadSize));
  if( j.aOrder==0 ) return 1;
  for(i=0; i<t->nThread; i++){
    j.aOrder[i].n = t->aThread[i].n;
    j.aOrder[i].i = (uint32_t)i;
    nSlice += j.aOrder[i].n;
  }
  /* the largest first, so that no walker is left with a big one at the end */
  qsort(j.aOrder, t->nThread, sizeof(ThreadSize), cmp_thread_size);
  j.t = t;
  atomic_init(&j.iNext, 0);
  atomic_init(&j.bNoMem, 0);
  j.owner = pthread_self();
  atomic_init(&j.bStop, 0);
  if( nSlice<CT_WALK_MIN_PARALLEL ) nWorker = 1;
  if( nWorker>CT_WALK_MAX_THREADS ) nWorker = CT_WALK_MAX_THREADS;
  if( (size_t)nWorker>t->nThread ) nWorker = (int)t->nThread;
  /* a thread that cannot be started leaves the work to the others */
  for(k=1; k<nWorker; k++){
    if( pthread_create(&aTid[nStarted], 0, walk_worker, &j)==0 ) nStarted++;
  }
  walk_worker(&j);
  for(k=0; k<nStarted; k++) pthread_join(aTid[k], 0);
  free(j.aOrder);
  if( atomic_load(&j.bNoMem) ) return 1;
  return atomic_load(&j.bStop) ? 2 : 0;
}

/* The bytes of stack texts a tree keeps (tree_stacks.h): CT_STACK_TEXT_X
** times the bytes of its slices' names, which the input holds, and
** CT_STACK_TEXT_FLOOR more.  Real traces stay far below: the 1.4 GB bench
** trace (5,750,961 slices, 115 MB of names, 134 distinct) has 650
** distinct stacks, whose texts take 82 KB; only a trace of many long,
** distinct stacks (siblings under a deep one) reaches the cap. */
#define CT_STACK_TEXT_X     2
#define CT_STACK_TEXT_FLOOR ((size_t)1 << 20)

/* Number the stacks of every thread (tree_stacks.h), one thread at a time
** (they share one table), asking t->xStop before each.  Returns 1 when
** out of memory, 2 when t->xStop stopped it. */
/* frames=detail or generic: the slices' (name, detail) pairs become
** frames (tree_frames.h), each pair demangled once; the bytes of the
** slices' frames are counted for the stacks' budget.  An async instant
** takes its pair's whole frame. */
static int frames_apply(CallTree *t){
  TreeFrames f;
  TreeFramesWork w;
  size_t i;
  int rc = 0;
  if( tree_frames_make(&t->names, t->eFrames==CALL_TREE_GENERIC_FRAMES, &f) ) return 1;
  memset(&w, 0, sizeof(w));
  t->nNameByte = 0;
  for(i=0; i<t->nThread && rc==0; i++){
    rc = tree_frames_thread(&f, t->aThread[i].a, t->aThread[i].n, &w, &t->nNameByte);
  }
  for(i=0; i<t->instants.n; i++) t->instants.a[i].name = f.aFull[t->instants.a[i].name];
  tree_frames_work_free(&w);
  if( rc ){
    tree_frames_free(&f);
    return 1;
  }
  string_table_free(&t->names);
  t->names = f.frames;
  string_table_init(&f.frames);
  tree_frames_free(&f);
  return 0;
}

/* Async instants: the slice of each one's b, now walked, gives its depth
** and, with names, its stack (the b's and its own name). */
static int instants_resolve(CallTree *t){
  size_t i;
  for(i=0; i<t->instants.n; i++){
    InstantRec *r = &t->instants.a[i];
    const SliceRec *s = ct_find_rowid(&t->aThread[r->iThread], r->bRowid);
    if( s==0 ){
      r->bRowid = 0;           /* its b never ended: not a slice, no parent */
      continue;
    }
    r->depth = s->u.out.depth + 1;
    if( t->bNames ){
      long k = tree_stacks_child(&t->stacks, &t->names, s->stack, r->name);
      if( k<0 ) return 1;
      r->name = (uint32_t)k;
    }
  }
  return 0;
}

static int stacks_build(CallTree *t){
  size_t i, nBudget = CT_STACK_TEXT_FLOOR;
  for(i=0; i<t->nThread; i++){
    Thread *p = &t->aThread[i];
    if( t->xStop && t->xStop(t->pStopCtx) ) return 2;
    if( tree_stacks_thread(&t->stacks, &t->names, p->a, p->n, (ThreadOrder)p->eOrder) ) return 1;
  }
  if( instants_resolve(t) ) return 1;
  if( t->nNameByte<(SIZE_MAX - nBudget)/CT_STACK_TEXT_X ) nBudget += t->nNameByte*CT_STACK_TEXT_X;
  else nBudget = SIZE_MAX;
  return tree_stacks_finish(&t->stacks, t->names.n, nBudget);
}


/* A begin still open at the end of the file: unmatched. */
static int pair_left_open(void *pArg, const char *zKey, size_t nKey, const PairOpen *pOpen){
  CallTree *t = pArg;
  (void)nKey;
  return note_add(&t->aUnmatched, &t->nUnmatched, &t->nUnmatchedAlloc,
                  t->aThread[pOpen->iThread].a[pOpen->iRec].rowid, zKey[0]=='A' ? 'b' : 'B');
}

/* The file has ended: begins still open are unmatched, and the stacks
** are freed.  Returns 1 when out of memory. */
static int open_stacks_end(CallTree *t){
  int rc = pair_table_each(&t->pairs, pair_left_open, t);
  pair_table_free(&t->pairs);
  return rc;
}

int call_tree_build(const char *zPath, int nThread, size_t nPiece, unsigned mFlags,
                    CallTree **ppTree, char *zErr, size_t nErr){
  return call_tree_build_ex(zPath, nThread, nPiece, mFlags, 0, 0, ppTree, zErr, nErr);
}

int call_tree_build_ex(const char *zPath, int nThread, size_t nPiece, unsigned mFlags,
                       EventStopFn xStop, void *pStopCtx, CallTree **ppTree, char *zErr, size_t nErr){
  return call_tree_build_rows(zPath, nThread, nPiece, mFlags, xStop, pStopCtx, 0, ppTree, zErr, nErr);
}

/* A new, empty tree for mFlags, or NULL when out of memory. */
static CallTree *tree_new(unsigned mFlags){
  CallTree *t = calloc(1, sizeof(*t));
  if( t==0 || string_table_intern(&t->names, "", 0)!=0 || string_table_intern(&t->symbols, "", 0)!=0 ){
    call_tree_free(t);
    return 0;
  }
  t->bNames = (mFlags & CALL_TREE_NAMES)!=0;
  if( t->bNames ){
    t->eFrames = (mFlags & CALL_TREE_GENERIC_FRAMES) ? CALL_TREE_GENERIC_FRAMES
               : (mFlags & CALL_TREE_DETAIL_FRAMES) ? CALL_TREE_DETAIL_FRAMES : 0;
  }
  t->bFunctions = (mFlags & CALL_TREE_FUNCTIONS)!=0;
  t->bOffsets = (mFlags & CALL_TREE_OFFSETS)!=0;
  return t;
}

/* Self times and B durations of times written with decimals: rounded
** to them (round_to_decimals), once every time is known. */
static void tree_round(CallTree *t){
  double scale = decimal_scale(t->nDecimals);
  size_t i, j;
  if( scale==0 ) return;
  for(i=0; i<t->nThread; i++){
    Thread *p = &t->aThread[i];
    for(j=0; j<p->n; j++) p->a[j].u.out.self_dur = round_to_decimals(p->a[j].u.out.self_dur, scale);
  }
  for(i=0; i<t->nBDur; i++) t->aBDur[i].v = round_to_decimals(t->aBDur[i].v, scale);
}

/* Every slice is in: begins still open become unmatched, the threads are
** walked (nThread at a time), frames and stacks are made and the lookup
** cursors set.  Returns 0, or 1 with a message in zErr (t is then still
** the caller's to free). */
static int tree_finish(CallTree *t, int nThread, char *zErr, size_t nErr){
  int rcWalk;
  thread_leave(t);
  if( open_stacks_end(t) ){
    snprintf(zErr, nErr, "out of memory building the call tree");
    return 1;
  }
  if( (rcWalk = walk_all(t, nThread))!=0 || (t->eFrames && (rcWalk = frames_apply(t))!=0)
   || (t->bNames ? (rcWalk = stacks_build(t))!=0 : (rcWalk = instants_resolve(t))!=0) ){
    snprintf(zErr, nErr, "%s", rcWalk==2 ? EVENT_STOPPED : "out of memory building the call tree");
    return 1;
  }
  tree_round(t);
  /* qsort and bsearch want a real array even for no elements */
  if( t->nBDur>1 ) qsort(t->aBDur, t->nBDur, sizeof(RowNote), ct_cmp_note);
  if( t->nUnmatched>1 ) qsort(t->aUnmatched, t->nUnmatched, sizeof(RowNote), ct_cmp_note);
  t->aCursor = malloc(sizeof(uint32_t)*(t->nThread ? t->nThread : 1));
  if( t->aCursor==0 ){
    snprintf(zErr, nErr, "out of memory building the call tree");
    return 1;
  }
  ct_cursor_rewind(t);
  return 0;
}

/* CallTreeRows.xRow's iName: the name number of the slice pEv just
** added, when its name is a JSON string and names are kept as they are
** (not frames), else -1.  A number or true as a name is interned by its
** text ("1"), like the string "1", and an absent name as "": those would
** not tell the caller's values apart. */
static long row_name_number(const CallTree *t, const TraceEvent *pEv){
  uint64_t iRef = t->iSliceRef;
  if( iRef==0 || !t->bNames || t->eFrames || pEv->aField[EF_NAME].eType!=EV_STRING ) return -1;
  iRef--;
  return (long)t->aThread[iRef>>32].a[iRef & 0xffffffff].name;
}

int call_tree_build_rows(const char *zPath, int nThread, size_t nPiece, unsigned mFlags,
                         EventStopFn xStop, void *pStopCtx, const CallTreeRows *pRows,
                         CallTree **ppTree, char *zErr, size_t nErr){
  EventReaderConfig cfg;
  EventPScan *pFile;
  const TraceEvent *pEv;
  CallTree *t;
  *ppTree = 0;
  if( nErr ) zErr[0] = 0;
  if( (t = tree_new(mFlags))==0 ){
    snprintf(zErr, nErr, "out of memory");
    return 1;
  }
  /* the file's identity before it is read: offsets from a file changed
  ** since can only be refused (event_index_adopt), never misused */
  if( t->bOffsets ) event_offsets_init(&t->offs, zPath);
  memset(&cfg, 0, sizeof(cfg));
  cfg.mWant = EVENT_WANT(EF_PID) | EVENT_WANT(EF_TID) | EVENT_WANT(EF_PH)
            | EVENT_WANT(EF_NAME) | EVENT_WANT(EF_TS) | EVENT_WANT(EF_DUR)
            | EVENT_WANT(EF_CAT) | EVENT_WANT(EF_ID)      /* cat, id, and id2 and scope */
            | EVENT_WANT(EF_EXTRA);                        /* (in extra): b/e pairs */
  if( t->bFunctions || t->eFrames ) cfg.mWant |= EVENT_WANT(EF_DETAIL);
  if( pRows ) cfg.mWant |= pRows->mWant;
  cfg.bYajlOnly = (mFlags & CALL_TREE_YAJL_ONLY)!=0;
  cfg.xStop = t->xStop = xStop;
  cfg.pStopCtx = t->pStopCtx = pStopCtx;
  if( event_pscan_open(zPath, &cfg, nThread, &pFile, zErr, nErr) ){
    call_tree_free(t);
    return 1;
  }
  /* This pass builds six fields of every event, so a piece of events in
  ** flight costs more than in a plain scan: smaller pieces keep the
  ** pieces in flight from adding to the 24 bytes per slice. */
  event_pscan_set_piece_size(pFile, nPiece ? nPiece : CT_PIECE);
  while( (pEv = event_pscan_next(pFile))!=0 ){
    if( pEv->iSeq > (int64_t)UINT32_MAX ){
      snprintf(zErr, nErr, "more than %u events: too many for the call tree columns", UINT32_MAX);
      break;
    }
    if( tree_add_event(t, pEv) || (t->bOffsets && event_offsets_push(&t->offs, pEv->iByte)) ){
      snprintf(zErr, nErr, "out of memory building the call tree");
      break;
    }
    t->nEvent = pEv->iSeq;
    if( pRows && pRows->xRow(pRows->pCtx, pEv, t->iSliceRef, row_name_number(t, pEv)) ) break;    /* zErr stays empty */
    t->iSliceRef = 0;
  }
  if( pEv==0 && event_pscan_errmsg(pFile) ){
    const char *zStop = event_pscan_errmsg(pFile);
    if( (mFlags & CALL_TREE_PARTIAL) && partial_tolerates(zStop) ){
      /* the events before the stop are the file (call_tree_stopped) */
      t->zStopped = strdup(zStop);
      if( t->zStopped==0 ) snprintf(zErr, nErr, "out of memory building the call tree");
    }else{
      snprintf(zErr, nErr, "%s", zStop);
    }
  }
  event_pscan_close(pFile);
  if( pEv!=0 || (nErr && zErr[0]) || tree_finish(t, nThread, zErr, nErr) ){
    call_tree_free(t);
    return 1;
  }
  *ppTree = t;
  return 0;
}

/* ---- Slices from any reader (call_tree_new, below in call_tree.h) ---- */

CallTree *call_tree_new(unsigned mFlags){
  return tree_new(mFlags & CALL_TREE_NAMES);
}

int call_tree_add_slice(CallTree *t, const char *zThread, size_t nThread,
                        double ts, double end, int64_t iSeq, const char *zName, size_t nName){
  long iThread, iName = 0;
  if( iSeq<1 || iSeq>(int64_t)UINT32_MAX || iSeq<=t->nEvent || !(end>=ts) ) return 2;
  t->nEvent = iSeq;
  if( t->iLastThread<t->nThread && string_table_len(&t->threadKeys, t->iLastThread)==nThread
   && memcmp(string_table_str(&t->threadKeys, t->iLastThread), zThread, nThread)==0 ){
    iThread = (long)t->iLastThread;
    t->nRun++;
  }else{
    if( (iThread = thread_intern(t, zThread, nThread))<0 ) return 1;
    thread_leave(t);
    t->iLastThread = (size_t)iThread;
    t->nRun = 0;
  }
  if( t->bNames ){
    if( (iName = string_table_intern(&t->names, zName, nName))<0 ) return 1;
    t->nNameByte += nName + 1;
  }
  return slice_put(t, iThread, ts, end, (uint32_t)iSeq, iName, 0);
}

void call_tree_add_events(CallTree *t, int64_t nEvent){
  if( nEvent>t->nEvent ) t->nEvent = nEvent;
}

int call_tree_finish(CallTree *t, int nThread, EventStopFn xStop, void *pStopCtx,
                     char *zErr, size_t nErr){
  if( nErr ) zErr[0] = 0;
  t->xStop = xStop;
  t->pStopCtx = pStopCtx;
  return tree_finish(t, nThread, zErr, nErr);
}

void call_tree_free(CallTree *t){
  size_t i;
  if( t==0 ) return;
  for(i=0; i<t->nThread; i++) slices_free(&t->aThread[i]);
  big_free(t->aThread, t->nThreadAlloc*sizeof(Thread));
  pair_table_free(&t->pairs);
  string_table_free(&t->threadKeys);
  string_table_free(&t->names);
  tree_stacks_free(&t->stacks);
  string_table_free(&t->symbols);
  big_free(t->aBDur, t->nBDurAlloc*sizeof(RowNote));
  big_free(t->aUnmatched, t->nUnmatchedAlloc*sizeof(RowNote));
  tree_instants_free(&t->instants);
  free(t->aCursor);
  big_free(t->aRowThread, ct_row_thread_bytes(t));
  free(t->zStopped);
  event_offsets_free(&t->offs);
  free(t);
}
