/*
** test_call_tree.c: the call tree's interned stacks (call_tree_stack_text)
** and nested flags (call_tree_nested), ext/tree_stacks.c through
** ext/call_tree.c, on small traces written to a temporary folder.
**
** A case is a trace (JSON text) and, for each slice in rowid order, the
** stack it must have (written with '|' for a ';' inside a name, so the
** expected texts stay readable, and "\0" in C for a NUL byte) and its
** nested flag.  Each case is built in all three orders a thread can be
** read in: the JSON as written, and the tests say which order that is.
** Then the properties no single case shows: the same address for the
** same stack, texts past the cap (a long stack with many siblings, where
** the kept texts would grow quadratically) still right and the memory
** capped, and a million threads of one slice each sharing one stack.
** Last, call_tree_build_rows: every event handed on once, in file order,
** with the fields asked for, and the slice each names is the one
** call_tree_slice_at finds for its rowid, also after B events that never
** ended were dropped from their thread's array.
**
**   build/unit/test_call_tree                run the tests
**   build/unit/test_call_tree --dump FILE    for tests/oracle/tree_oracle.py:
**       one line per slice, "rowid nested hex-of-stack-text"
*/
#include "call_tree.h"
#include "json_text.h"
#include "tree_walk.h"
#include "unit.h"
#include "unit_files.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char zTmpDir[] = "/tmp/tt_call_tree_XXXXXX";
static char zPath[4096];

/* Build the tree of JSON text z (written to a file) with mFlags. */
static CallTree *tree_of(const char *z, size_t n, unsigned mFlags){
  CallTree *t = 0;
  char zErr[256];
  unit_write_file(zPath, z, n, 0);
  if( call_tree_build(zPath, 2, 0, mFlags, &t, zErr, sizeof(zErr)) ){
    fprintf(stderr, "build: %s\n", zErr);
    return 0;
  }
  return t;
}

/* One slice as expected: its rowid, stack ('|' for a ';' in a name) and
** nested flag. */
typedef struct Want { int rowid; const char *zStack; size_t nStack; int bNested; } Want;
#define W(rowid, z, nested) { rowid, z, sizeof(z) - 1, nested }

/* Do the slices of the tree of zJson have the stacks and flags of
** aWant[0..nWant) (and no others)? */
static void check_case(const char *zLabel, const char *zJson, size_t nJson, const Want *aWant, int nWant){
  CallTree *t = tree_of(zJson, nJson, CALL_TREE_NAMES);
  int64_t i;
  int k = 0, bNoMem, nBad = 0;
  CHECK(t!=0);
  if( t==0 ) return;
  for(i=1; i<=call_tree_events(t); i++){
    const CallSlice *s = call_tree_slice_at(t, i, &bNoMem);
    const char *z;
    size_t n, m;
    char aWantText[256];
    if( s==0 ) continue;
    if( k>=nWant || aWant[k].rowid!=i ){
      fprintf(stderr, "%s: slice at rowid %lld not expected\n", zLabel, (long long)i);
      nBad++;
      continue;
    }
    for(m=0; m<aWant[k].nStack; m++) aWantText[m] = aWant[k].zStack[m]=='|' ? ';' : aWant[k].zStack[m];
    if( call_tree_stack_text(t, s, &z, &n)!=0 || n!=aWant[k].nStack || memcmp(z, aWantText, n)!=0
     || call_tree_nested(t, s)!=aWant[k].bNested ){
      fprintf(stderr, "%s: rowid %lld: stack '%.*s' nested %d, want '%.*s' %d\n", zLabel, (long long)i,
              z ? (int)n : 0, z ? z : "", call_tree_nested(t, s), (int)aWant[k].nStack, aWant[k].zStack, aWant[k].bNested);
      nBad++;
    }
    k++;
  }
  CHECK(nBad==0 && k==nWant);
  call_tree_free(t);
}

#define CASE(label, json, ...) do { \
  static const Want a_[] = { __VA_ARGS__ }; \
  check_case(label, json, sizeof(json) - 1, a_, (int)(sizeof(a_)/sizeof(a_[0]))); \
} while(0)

#define X(ts, dur, name) "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":" #ts ",\"dur\":" #dur ",\"name\":\"" name "\"}"
#define XT(tid, ts, dur, name) "{\"ph\":\"X\",\"pid\":1,\"tid\":" #tid ",\"ts\":" #ts ",\"dur\":" #dur ",\"name\":\"" name "\"}"
#define B(ts, name) "{\"ph\":\"B\",\"pid\":1,\"tid\":1,\"ts\":" #ts ",\"name\":\"" name "\"}"
#define E(ts) "{\"ph\":\"E\",\"pid\":1,\"tid\":1,\"ts\":" #ts "}"

/* A name nested in itself three levels, with other names between and
** beside: end order (LLVM), start order (B/E) and shuffled (containment). */
static void test_recursion(void){
  CASE("recursion, end order",
       "[" X(3,1,"f") "," X(2,3,"f") "," X(5,1,"g") "," X(1,6,"f") "," X(8,1,"f") "," X(0,10,"main") "]",
       W(1, "main;f;f;f", 1), W(2, "main;f;f", 1), W(3, "main;f;g", 0), W(4, "main;f", 0),
       W(5, "main;f", 0), W(6, "main", 0));
  CASE("recursion, start order",
       "[" B(0,"main") "," B(1,"f") "," B(2,"f") "," B(3,"f") "," E(4) "," E(5) "," B(5,"g") "," E(6) ","
       E(7) "," B(8,"f") "," E(9) "," E(10) "]",
       W(1, "main", 0), W(2, "main;f", 0), W(3, "main;f;f", 1), W(4, "main;f;f;f", 1),
       W(7, "main;f;g", 0), W(10, "main;f", 0));
  CASE("recursion, containment (shuffled)",
       "[" X(2,3,"f") "," X(8,1,"f") "," X(0,10,"main") "," X(3,1,"f") "," X(1,6,"f") "," X(5,1,"g") "]",
       W(1, "main;f;f", 1), W(2, "main;f", 0), W(3, "main", 0), W(4, "main;f;f;f", 1),
       W(5, "main;f", 0), W(6, "main;f;g", 0));
  /* nested is about any ancestor, not only the parent */
  CASE("recursion with another name between",
       "[" X(2,1,"a") "," X(1,3,"b") "," X(0,5,"a") "," X(6,1,"a") "," X(5,3,"b") "]",
       W(1, "a;b;a", 1), W(2, "a;b", 0), W(3, "a", 0), W(4, "b;a", 0), W(5, "b", 0));
}

/* Names are taken as they are: ';' inside a name is not a separator (the
** text is ambiguous, the stacks are not), NUL bytes stay, numbers and
** booleans as their columns show them. */
static void test_names(void){
  CASE("';' in a name",
       "[" X(1,1,"x;y") "," X(3,1,"y") "," X(2,3,"x") "," X(0,5,"p") "," X(6,1,"y;y") "," X(5,3,"y") "]",
       W(1, "p;x|y", 0), W(2, "p;x;y", 0), W(3, "p;x", 0), W(4, "p", 0), W(5, "y;y|y", 0), W(6, "y", 0));
  CASE("NUL bytes in names",
       "[" X(2,1,"a\\u0000b") "," X(1,3,"a\\u0000b") "," X(5,1,"a") "," X(4,3,"a\\u0000") "," X(0,9,"a") "]",
       W(1, "a;a\0b;a\0b", 1), W(2, "a;a\0b", 0), W(3, "a;a\0;a", 1), W(4, "a;a\0", 0), W(5, "a", 0));
  CASE("empty, number and boolean names",
       "[{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":1,\"name\":\"\"},"
       "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":2,\"dur\":1,\"name\":12},"
       "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":3,\"dur\":1,\"name\":true},"
       "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":5,\"name\":\"\"},"
       "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":6,\"dur\":1,\"name\":\"\"}]",
       W(1, ";", 1), W(2, ";12", 0), W(3, ";1", 0), W(4, "", 0), W(5, "", 0));
  CASE("threads apart: the same names on two threads",
       "[" XT(1,1,1,"f") "," XT(2,1,1,"f") "," XT(1,0,3,"f") "," XT(2,0,3,"g") "]",
       W(1, "f;f", 1), W(2, "g;f", 0), W(3, "f", 0), W(4, "g", 0));
}

/* The same stack, the same address; call_tree_stack's copy is the text,
** NUL-terminated; without names, -2. */
static void test_same_address(void){
  static const char zJson[] =
    "[" X(1,1,"f") "," X(0,3,"main") "," X(5,1,"f") "," X(4,3,"main") "," XT(2,1,1,"f") "," XT(2,0,3,"main") "]";
  CallTree *t = tree_of(zJson, sizeof(zJson) - 1, CALL_TREE_NAMES);
  const CallSlice *a[7];
  const char *z[7];
  size_t n[7];
  char *zCopy = 0;
  size_t nCopy = 0;
  int i, bNoMem;
  CHECK(t!=0);
  if( t==0 ) return;
  for(i=1; i<=6; i++){
    a[i] = call_tree_slice_at(t, i, &bNoMem);
    CHECK(a[i]!=0 && call_tree_stack_text(t, a[i], &z[i], &n[i])==0);
  }
  CHECK(z[1]==z[3] && z[1]==z[5] && n[1]==6 && memcmp(z[1], "main;f", 6)==0);
  CHECK(z[2]==z[4] && z[2]==z[6] && n[2]==4);
  CHECK(a[1]->stack==a[3]->stack && a[1]->stack!=a[2]->stack);
  /* asked again, the same address */
  CHECK(call_tree_stack_text(t, a[3], &z[0], &n[0])==0 && z[0]==z[1]);
  CHECK(call_tree_stack(t, a[1], &zCopy, &nCopy)==0 && nCopy==6 && zCopy && strcmp(zCopy, "main;f")==0);
  free(zCopy);
  {
    size_t nStack, nByte = call_tree_stack_bytes(t, &nStack);
    CHECK(nStack==2 && nByte>0);
  }
  call_tree_free(t);
  t = tree_of(zJson, sizeof(zJson) - 1, 0);
  CHECK(t!=0);
  if( t==0 ) return;
  a[1] = call_tree_slice_at(t, 1, &bNoMem);
  CHECK(a[1]!=0 && call_tree_stack_text(t, a[1], &z[1], &n[1])==-2 && call_tree_nested(t, a[1])==-2);
  CHECK(call_tree_stack(t, a[1], &zCopy, &nCopy)==-2 && zCopy==0);
  call_tree_free(t);
}

/* A growing JSON text. */
typedef struct Json { char *z; size_t n, nAlloc; } Json;
static void json_add(Json *p, const char *zFmt, long a, long b, long c){
  char aBuf[256];
  int m = snprintf(aBuf, sizeof(aBuf), zFmt, a, b, c);
  if( p->n + (size_t)m + 1>p->nAlloc ){
    p->nAlloc = (p->n + (size_t)m + 1)*2;
    p->z = realloc(p->z, p->nAlloc);
    if( p->z==0 ){ fprintf(stderr, "out of memory\n"); exit(2); }
  }
  memcpy(p->z + p->n, aBuf, (size_t)m + 1);
  p->n += (size_t)m;
}

/* A chain of nDepth slices "d" in one another, with nLeaf leaves "lN"
** under the innermost, in end order.  Each leaf's stack is nDepth*2 + ~5
** bytes: kept, the texts would take nLeaf times that, far more than the
** input, so past the cap they come back as 1 (a scratch buffer): right,
** and the memory stays within the cap. */
static void test_text_cap(void){
  const long nDepth = 4000, nLeaf = 3000;
  Json j = {0, 0, 0};
  CallTree *t;
  long i;
  int64_t r;
  size_t nByte, nStack, nOne = 0, nZero = 0, nBad = 0;
  json_add(&j, "[", 0, 0, 0);
  for(i=0; i<nLeaf; i++) json_add(&j, "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":%ld,\"dur\":1,\"name\":\"l%ld\"},", nDepth + i, i, 0);
  for(i=nDepth; i>0; i--){
    json_add(&j, "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":%ld,\"dur\":%ld,\"name\":\"d\"}", i - 1,
             2*(nDepth - i + 1) + nLeaf, 0);
    json_add(&j, i>1 ? "," : "]", 0, 0, 0);
  }
  t = tree_of(j.z, j.n, CALL_TREE_NAMES);
  CHECK(t!=0);
  if( t==0 ){ free(j.z); return; }
  for(r=1; r<=call_tree_events(t); r++){
    int bNoMem, rc;
    const CallSlice *s = call_tree_slice_at(t, r, &bNoMem);
    const char *z;
    size_t n, k, nWant;
    char aLeaf[32];
    if( s==0 ) continue;
    rc = call_tree_stack_text(t, s, &z, &n);
    if( rc==1 ) nOne++;
    if( rc==0 ) nZero++;
    /* d;d;...;d (depth+1 times), then ;lN for a leaf */
    nWant = 2*(size_t)(s->depth < (uint32_t)nDepth ? s->depth + 1 : (uint32_t)nDepth) - 1;
    if( r<=nLeaf ) nWant += (size_t)snprintf(aLeaf, sizeof(aLeaf), ";l%ld", (long)(r - 1));
    if( rc<0 || n!=nWant ){ nBad++; continue; }
    for(k=0; k<2*(size_t)(r<=nLeaf ? nDepth : (long)s->depth + 1) - 1; k++){
      if( z[k]!=(k%2 ? ';' : 'd') ){ nBad++; break; }
    }
    if( r<=nLeaf && memcmp(z + n - strlen(aLeaf), aLeaf, strlen(aLeaf))!=0 ) nBad++;
    if( call_tree_nested(t, s)!=(r>nLeaf && s->depth>0) ) nBad++;
  }
  nByte = call_tree_stack_bytes(t, &nStack);
  CHECK(nBad==0);
  CHECK(nStack==(size_t)(nDepth + nLeaf));
  CHECK(nOne>0 && nZero>0);
  /* the cap: twice the names' bytes and 1 MB, and the records and hash */
  CHECK(nByte < 2*j.n + ((size_t)1<<20) + nStack*40 + ((size_t)64<<10) + 16*(size_t)nDepth);
  if( nBad || nOne==0 ) fprintf(stderr, "text cap: %zu bad, %zu kept, %zu past the cap, %zu bytes\n", nBad, nZero, nOne, nByte);
  call_tree_free(t);
  free(j.z);
}

/* A million threads of one slice each, one stack: the stacks take a
** record, not a million. */
static void test_million_threads(void){
  const long nThread = 1000000;
  Json j = {0, 0, 0};
  CallTree *t;
  long i;
  size_t nStack, nByte;
  int bNoMem;
  json_add(&j, "[", 0, 0, 0);
  for(i=0; i<nThread; i++){
    json_add(&j, "{\"ph\":\"X\",\"pid\":1,\"tid\":%ld,\"ts\":%ld,\"dur\":1,\"name\":\"task\"},", i + 1, i, 0);
  }
  j.z[j.n-1] = ']';
  t = tree_of(j.z, j.n, CALL_TREE_NAMES);
  CHECK(t!=0);
  if( t ){
    const char *z[2];
    size_t n[2];
    const CallSlice *s0 = call_tree_slice_at(t, 1, &bNoMem), *s1 = call_tree_slice_at(t, nThread, &bNoMem);
    CHECK(s0 && s1 && call_tree_stack_text(t, s0, &z[0], &n[0])==0 && call_tree_stack_text(t, s1, &z[1], &n[1])==0);
    CHECK(s0 && s1 && z[0]==z[1] && n[0]==4 && memcmp(z[0], "task", 4)==0 && call_tree_nested(t, s1)==0);
    nByte = call_tree_stack_bytes(t, &nStack);
    CHECK(nStack==1 && nByte<((size_t)128<<10));
    call_tree_free(t);
  }
  free(j.z);
}

/* --dump FILE: every slice's rowid, nested flag and stack text in hex. */
/* What test_build_rows's xRow saw. */
typedef struct RowsSeen {
  int64_t aSeq[64];
  uint64_t aSlice[64];
  long aName[64];
  int bDetail[64];
  int n, nStop;
} RowsSeen;

static int rows_seen(void *pCtx, const TraceEvent *pEv, uint64_t iSlice, long iName){
  RowsSeen *p = pCtx;
  if( p->n<64 ){
    p->aSeq[p->n] = pEv->iSeq;
    p->aSlice[p->n] = iSlice;
    p->aName[p->n] = iName;
    p->bDetail[p->n] = pEv->aField[EF_DETAIL].eType!=EV_ABSENT;
  }
  p->n++;
  return p->nStop && p->n==p->nStop;
}

/* The order a thread's slices were written in (tree_walk.h), told from
** pairs {ts, end} in file order. */
static ThreadOrder order_of(const double *a, int n, int bHasB){
  SliceOrder o;
  int i;
  slice_order_init(&o);
  for(i=0; i<n; i++) slice_order_add(&o, a[2*i], a[2*i+1]);
  return slice_order_kind(&o, bHasB);
}

/* The decimals a time is written with, which the tree rounds its sums
** and differences of times to. */
static void test_number_decimals(void){
  static const struct { const char *z; int n; } a[] = {
    {"12", 0}, {"-12", 0}, {"0.25", 2}, {"0.250", 3}, {"-0.1", 1}, {"2.5e-3", 4}, {"2.5E-3", 4},
    {"1.5e2", 0}, {"1.25e+1", 1}, {"1e-7", 7}, {"1e400", 0}, {"1e-400", 99}, {"12345678901234567890", 0}
  };
  size_t i;
  int nBad = 0;
  for(i=0; i<sizeof(a)/sizeof(a[0]); i++){
    if( json_number_decimals(a[i].z, strlen(a[i].z))!=a[i].n ){
      printf("  json_number_decimals(%s): %d, want %d\n", a[i].z, json_number_decimals(a[i].z, strlen(a[i].z)), a[i].n);
      nBad++;
    }
  }
  CHECK(nBad==0);
}

static void test_slice_order(void){
  /* LLVM: a child, then its parent */
  static const double aEnd[] = { 5, 7, 4, 10 };
  /* Chrome: a parent, then a child that ends 1 us before it */
  static const double aChrome[] = { 364, 419, 410, 418, 421, 429, 423, 428 };
  /* Chrome: a child ending with its parent (and a 0 us slice at its end,
  ** which is no nesting) */
  static const double aSameEnd[] = { 364, 419, 410, 419, 419, 419 };
  /* times finer than a microsecond, written at the start */
  static const double aFine[] = { 0.1, 0.4, 0.1, 0.2, 0.2, 0.4 };
  /* no nesting: either order, read as end order */
  static const double aFlat[] = { 0, 1, 1, 2, 2, 2 };
  /* outer first (a truncated end), then inner first: end order */
  static const double aBoth[] = { 5, 7, 5, 6, 5, 8 };
  /* identical intervals tell nothing; nesting outer first */
  static const double aSame[] = { 1, 4, 1, 4, 1, 3 };
  CHECK(order_of(aEnd, 2, 0)==ORDER_END);
  CHECK(order_of(aEnd, 2, 1)==ORDER_ANY);           /* a B: never end order */
  CHECK(order_of(aChrome, 4, 0)==ORDER_START);
  CHECK(order_of(aFine, 3, 0)==ORDER_START);
  CHECK(order_of(aSameEnd, 2, 0)==ORDER_START && order_of(aSameEnd + 2, 2, 0)==ORDER_END);
  CHECK(order_of(aFlat, 3, 0)==ORDER_END);
  CHECK(order_of(aBoth, 3, 0)==ORDER_END);
  CHECK(order_of(aSame, 2, 0)==ORDER_END && order_of(aSame, 3, 0)==ORDER_START);
}

/* xRow's iName: one number per name's bytes, for slices whose name is a
** JSON string, when the tree keeps plain names; -1 otherwise. */
static void test_build_rows_names(void){
  static const char zJson[] =
    "[{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":9},"      /* 1 */
    "{\"ph\":\"X\",\"name\":\"b\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":1},"        /* 2 */
    "{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":2,\"ts\":1,\"dur\":1},"        /* 3: as 1 */
    "{\"ph\":\"X\",\"name\":1,\"pid\":1,\"tid\":1,\"ts\":2,\"dur\":1},"            /* 4: a number */
    "{\"ph\":\"X\",\"name\":\"1\",\"pid\":1,\"tid\":1,\"ts\":3,\"dur\":1},"        /* 5 */
    "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":4,\"dur\":1},"                       /* 6: absent */
    "{\"ph\":\"X\",\"name\":\"\",\"pid\":1,\"tid\":1,\"ts\":5,\"dur\":1},"         /* 7: "" */
    "{\"ph\":\"X\",\"name\":null,\"pid\":1,\"tid\":1,\"ts\":5,\"dur\":1},"         /* 8: null */
    "{\"ph\":\"X\",\"name\":\"a\\u0000x\",\"pid\":1,\"tid\":1,\"ts\":6,\"dur\":1}," /* 9 */
    "{\"ph\":\"X\",\"name\":\"a\\u0000y\",\"pid\":1,\"tid\":1,\"ts\":6,\"dur\":1}," /* 10 */
    "{\"ph\":\"B\",\"name\":\"\\u0062\",\"pid\":1,\"tid\":1,\"ts\":7},"           /* 11: "b", as 2 */
    "{\"ph\":\"E\",\"name\":\"b\",\"pid\":1,\"tid\":1,\"ts\":8},"                  /* 12: no slice */
    "{\"ph\":\"i\",\"name\":\"a\",\"pid\":1,\"tid\":1,\"ts\":8},"                  /* 13: no slice */
    "{\"ph\":\"X\",\"name\":true,\"pid\":1,\"tid\":1,\"ts\":8,\"dur\":0}]";       /* 14: true */
  static const unsigned aFlags[3] = { CALL_TREE_NAMES, 0, CALL_TREE_NAMES|CALL_TREE_DETAIL_FRAMES };
  CallTreeRows rows;
  RowsSeen seen;
  char zErr[256];
  int k, i;
  unit_write_file(zPath, zJson, sizeof(zJson) - 1, 0);
  for(k=0; k<3; k++){
    CallTree *t = 0;
    long *a = seen.aName - 1;               /* by rowid */
    int nOther = 0;
    memset(&seen, 0, sizeof(seen));
    rows.mWant = 0;
    rows.xRow = rows_seen;
    rows.pCtx = &seen;
    CHECK(call_tree_build_rows(zPath, 2, 0, aFlags[k], 0, 0, &rows, &t, zErr, sizeof(zErr))==0 && t!=0);
    call_tree_free(t);
    CHECK(seen.n==14);
    if( k>0 ){
      /* no names kept, or frames (name and detail): no numbers */
      for(i=1; i<=14; i++) nOther += a[i]!=-1;
      CHECK(nOther==0);
      continue;
    }
    CHECK(a[1]>=0 && a[1]==a[3] && a[2]>=0 && a[2]==a[11]);
    CHECK(a[4]==-1 && a[6]==-1 && a[8]==-1 && a[12]==-1 && a[13]==-1 && a[14]==-1);
    /* the strings "a", "b", "1", "", "a\0x", "a\0y": six numbers */
    CHECK(a[5]>=0 && a[7]>=0 && a[9]>=0 && a[10]>=0);
    for(i=1; i<=10; i++){
      int j;
      if( i==3 || a[i]<0 ) continue;
      for(j=i+1; j<=10; j++) if( j!=3 && a[j]==a[i] ) nOther++;
    }
    CHECK(nOther==0);
  }
}

static void test_build_rows(void){
  /* B events that never end (rowids 1 and 4) on the thread of the X
  ** slices after them; an instant; a B/E pair on another thread */
  static const char zJson[] =
    "[{\"ph\":\"B\",\"name\":\"open\",\"pid\":1,\"tid\":1,\"ts\":0},"
    "{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":2,\"args\":{\"detail\":\"d\"}},"
    "{\"ph\":\"X\",\"name\":\"b\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":5},"
    "{\"ph\":\"B\",\"name\":\"open2\",\"pid\":1,\"tid\":1,\"ts\":6},"
    "{\"ph\":\"i\",\"name\":\"now\",\"pid\":1,\"tid\":1,\"ts\":7},"
    "{\"ph\":\"B\",\"name\":\"c\",\"pid\":1,\"tid\":2,\"ts\":1},"
    "{\"ph\":\"E\",\"pid\":1,\"tid\":2,\"ts\":4},"
    "{\"ph\":\"X\",\"name\":\"d\",\"pid\":1,\"tid\":1,\"ts\":8,\"dur\":1}]";
  CallTreeRows rows;
  RowsSeen seen;
  CallTree *t = 0;
  char zErr[256];
  int i, bNoMem, nBad = 0;
  memset(&seen, 0, sizeof(seen));
  rows.mWant = EVENT_WANT(EF_DETAIL);
  rows.xRow = rows_seen;
  rows.pCtx = &seen;
  unit_write_file(zPath, zJson, sizeof(zJson) - 1, 0);
  CHECK(call_tree_build_rows(zPath, 2, 0, 0, 0, 0, &rows, &t, zErr, sizeof(zErr))==0 && t!=0);
  if( t==0 ) return;
  CHECK(seen.n==8 && call_tree_events(t)==8);
  for(i=0; i<seen.n && i<8; i++){
    const CallSlice *pAt = call_tree_slice_at(t, seen.aSeq[i], &bNoMem);
    const CallSlice *pRef = call_tree_slice_ref(t, seen.aSlice[i], seen.aSeq[i]);
    if( seen.aSeq[i]!=i+1 || pAt!=pRef ) nBad++;
  }
  CHECK(nBad==0);
  /* the dropped Bs named slices that are gone; the E and the instant none */
  CHECK(seen.aSlice[0]!=0 && call_tree_slice_ref(t, seen.aSlice[0], 1)==0);
  CHECK(seen.aSlice[3]!=0 && call_tree_slice_ref(t, seen.aSlice[3], 4)==0);
  CHECK(seen.aSlice[4]==0 && seen.aSlice[6]==0);
  CHECK(call_tree_slice_ref(t, seen.aSlice[7], 8)!=0 && call_tree_slice_ref(t, seen.aSlice[7], 8)->rowid==8);
  CHECK(seen.bDetail[1] && !seen.bDetail[2]);
  call_tree_free(t);
  /* xRow stops the build: an error with no message */
  memset(&seen, 0, sizeof(seen));
  seen.nStop = 3;
  t = 0;
  CHECK(call_tree_build_rows(zPath, 2, 0, 0, 0, 0, &rows, &t, zErr, sizeof(zErr))!=0 && t==0 && zErr[0]==0);
  CHECK(seen.n==3);
}

static int dump(const char *zFile){
  CallTree *t = 0;
  char zErr[256];
  int64_t i;
  int bNoMem;
  if( call_tree_build(zFile, 2, 0, CALL_TREE_NAMES, &t, zErr, sizeof(zErr)) ){
    fprintf(stderr, "%s: %s\n", zFile, zErr);
    return 1;
  }
  for(i=1; i<=call_tree_events(t); i++){
    const CallSlice *s = call_tree_slice_at(t, i, &bNoMem);
    const char *z;
    size_t n, k;
    if( bNoMem ) return 1;
    if( s==0 ) continue;
    if( call_tree_stack_text(t, s, &z, &n)<0 ) return 1;
    printf("%lld %d ", (long long)i, call_tree_nested(t, s));
    for(k=0; k<n; k++) printf("%02x", (unsigned char)z[k]);
    printf("\n");
  }
  call_tree_free(t);
  return 0;
}

int main(int argc, char **argv){
  if( argc==3 && strcmp(argv[1], "--dump")==0 ) return dump(argv[2]);
  if( mkdtemp(zTmpDir)==0 ){
    perror("mkdtemp");
    return 2;
  }
  snprintf(zPath, sizeof(zPath), "%s/t.json", zTmpDir);
  test_recursion();
  test_names();
  test_same_address();
  test_text_cap();
  test_million_threads();
  test_build_rows();
  test_build_rows_names();
  test_slice_order();
  test_number_decimals();
  unlink(zPath);
  rmdir(zTmpDir);
  return unit_report();
}
