/*
** fuzz_call_tree.c: libFuzzer target for the call tree (ext/call_tree.c,
** ext/tree_walk.c) against the rules of tree_walk.h applied by brute
** force: each thread's order is told by comparing every slice with every
** one before it; the parent is, in end order, the first slice written
** after it that starts no later, in start order the last written before
** it that contains it, else the container that ends first (then starts
** last, then comes later in the file); self time is the duration minus
** the merged intervals of the children cut to the parent's; depth follows
** the parents.  Written from the rules, not from the walks (stacks).
**
** Build with `make fuzz`, run
**     build/fuzz/fuzz_call_tree -max_len=3000 -timeout=10 build/fuzz/corpus_tree
** The first byte picks 1 or 2 threads and the piece size (the first pass is
** then cut into pieces of a few events); every 5 bytes after it make one
** event: its kind (X, B, E, an instant, LLVM's "Total" X), thread (3 of
** them), start (halves of a microsecond, a few negative, sometimes none),
** duration (sometimes negative or none) and name.  Small ranges on purpose:
** ties, identical intervals and partial overlaps are common.  The events are
** written as a trace file, the tree is built from it, and every row is
** compared: slice or not, parent, depth, self time, stack, nested (an
** ancestor has the same name), B duration and unmatched B/E.  By the input's length modulo 3, the X events are left as
** they come or put in end order or start order (see reorder).
*/
#include "call_tree.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);

#define MAX_EVENTS 600

typedef struct FzEvent {
  char ph;               /* 'X', 'B', 'E' or 'i' */
  int tid;
  int bTs, bDur;         /* ts / dur present */
  double ts, dur;
  int bTotal;            /* name "Total ..." */
  int name;
} FzEvent;

typedef struct FzSlice {
  int bSlice;            /* the row is a slice */
  double ts, end;
  int parent;            /* rowid, 0 for none */
  int depth;
  double self;
  double bdur;           /* B row matched: time to its E, else -1 */
  int unmatched;         /* 'B', 'E' or 0 */
} FzSlice;

static FzEvent aEv[MAX_EVENTS];
static FzSlice aSl[MAX_EVENTS + 1];   /* by rowid */

static void decode(const uint8_t *a, int n){
  int i;
  for(i=0; i<n; i++){
    const uint8_t *b = a + 5*i;
    FzEvent *e = &aEv[i];
    int k = b[0] % 8;
    e->ph = k<5 ? 'X' : k==5 ? 'B' : k==6 ? 'E' : (b[0] & 8) ? 'X' : 'i';
    e->bTotal = k==7 && e->ph=='X';
    e->tid = b[1] % 3;
    e->bTs = b[4]!=255;
    e->ts = b[2]>=240 ? -(double)(b[2] - 240) : (double)(b[2] % 48);
    if( b[1] & 0x80 ) e->ts += 0.5;
    if( e->bTotal && (b[1] & 0x40) ) e->ts = 0;
    e->bDur = b[3]!=249;
    e->dur = b[3]>=250 ? -1.0 : (double)(b[3] % 24);
    if( b[3] & 0x40 ) e->dur += 0.5;
    e->name = b[4] % 5;
  }
}

/* Put the X events that have a time and duration in end order (mode 1:
** end, then file order, as LLVM writes them) or start order (mode 2:
** start, then longer first), each in the places X events had: threads in
** end or start order are then common, not rare. */
static void reorder(int n, int mode){
  int aPos[MAX_EVENTS], nPos = 0, i, j;
  FzEvent aX[MAX_EVENTS];
  for(i=0; i<n; i++){
    if( aEv[i].ph=='X' && aEv[i].bTs && aEv[i].bDur && !aEv[i].bTotal ) aPos[nPos++] = i;
  }
  for(i=0; i<nPos; i++){
    FzEvent e = aEv[aPos[i]];
    for(j=i; j>0; j--){
      const FzEvent *p = &aX[j-1];
      int bAfter = mode==1 ? p->ts + p->dur > e.ts + e.dur
                           : (p->ts > e.ts || (p->ts==e.ts && p->dur < e.dur));
      if( !bAfter ) break;
      aX[j] = aX[j-1];
    }
    aX[j] = e;
  }
  for(i=0; i<nPos; i++) aEv[aPos[i]] = aX[i];
}

static int write_trace(const char *zPath, int n){
  FILE *f = fopen(zPath, "w");
  int i;
  if( f==0 ) return 1;
  fputs("{\"traceEvents\":[", f);
  for(i=0; i<n; i++){
    const FzEvent *e = &aEv[i];
    fprintf(f, "%s{\"ph\":\"%c\",\"pid\":1,\"tid\":%d", i ? ",\n" : "", e->ph, e->tid);
    if( e->bTs ) fprintf(f, ",\"ts\":%.1f", e->ts);
    if( e->bDur && (e->ph=='X' || e->ph=='i') ) fprintf(f, ",\"dur\":%.1f", e->dur);
    fprintf(f, ",\"name\":\"%sn%d\"}", e->bTotal ? "Total " : "", e->name);
  }
  fputs("]}\n", f);
  return fclose(f)!=0;
}

/* Is slice a (rowid ia) a container of slice s (rowid is)?  Of identical
** intervals the earlier written is. */
static int contains(int ia, int is){
  const FzSlice *a = &aSl[ia], *s = &aSl[is];
  if( a->ts==s->ts && a->end==s->end ) return ia<is;
  return a->ts<=s->ts && s->end<=a->end;
}

static int same_thread(int i, int j){
  return aSl[j].bSlice && aEv[j-1].tid==aEv[i-1].tid;
}

/* The order of thread tid's slices: 'E' when each ends no earlier than
** every one before it, less 1, and the thread has no B event with a time;
** else 'S' when each starts no earlier than every one before it; else 'A'. */
static void thread_order(int n, int tid, char *pOrder){
  int i, j, bEnd = 1, bStart = 1;
  for(i=1; i<=n; i++){
    if( aEv[i-1].tid!=tid ) continue;
    if( aEv[i-1].ph=='B' && aEv[i-1].bTs ) bEnd = 0;
    if( !aSl[i].bSlice ) continue;
    for(j=1; j<i; j++){
      if( !same_thread(i, j) ) continue;
      if( aSl[i].end < aSl[j].end - 1 ) bEnd = 0;
      if( aSl[i].ts < aSl[j].ts ) bStart = 0;
    }
  }
  *pOrder = bEnd ? 'E' : bStart ? 'S' : 'A';
}

/* The parent of slice i by the rule of its thread's order. */
static int parent_by_rule(int n, int i, char order){
  const FzSlice *s = &aSl[i];
  int j, best = 0;
  if( order=='E' ){
    /* the first written after it that starts no later */
    for(j=i+1; j<=n; j++){
      if( same_thread(i, j) && aSl[j].ts<=s->ts ) return j;
    }
    return 0;
  }
  if( order=='S' ){
    /* the last written before it that contains it */
    for(j=i-1; j>0; j--){
      if( same_thread(i, j) && contains(j, i) ) return j;
    }
    return 0;
  }
  /* containment: the container that ends first, then starts last, then
  ** the later written */
  for(j=1; j<=n; j++){
    const FzSlice *a = &aSl[j];
    if( j==i || !same_thread(i, j) || !contains(j, i) ) continue;
    if( best==0 ){ best = j; continue; }
    {
      const FzSlice *p = &aSl[best];
      if( a->end<p->end || (a->end==p->end && (a->ts>p->ts || (a->ts==p->ts && j>best))) ) best = j;
    }
  }
  return best;
}

/* The rules, by brute force. */
static void oracle(int n){
  int aOpen[3][MAX_EVENTS], nOpen[3] = {0, 0, 0};
  char aOrder[3];
  int i, j;
  memset(aSl, 0, sizeof(aSl));
  for(i=1; i<=n; i++) aSl[i].bdur = -1;
  for(i=0; i<n; i++){
    const FzEvent *e = &aEv[i];
    FzSlice *s = &aSl[i+1];
    if( e->ph=='X' ){
      if( e->bTs && e->bDur && e->dur>=0 && !(e->bTotal && e->ts==0) ){
        s->bSlice = 1;
        s->ts = e->ts;
        s->end = e->ts + e->dur;
      }
    }else if( e->ph=='B' ){
      /* a B without a time cannot be matched: reported as unmatched */
      if( e->bTs ) aOpen[e->tid][nOpen[e->tid]++] = i + 1;
      else s->unmatched = 'B';
    }else if( e->ph=='E' ){
      if( !e->bTs || nOpen[e->tid]==0 ){
        s->unmatched = 'E';
      }else{
        FzSlice *b = &aSl[aOpen[e->tid][--nOpen[e->tid]]];
        double tsB = aEv[aOpen[e->tid][nOpen[e->tid]] - 1].ts;
        if( e->ts<tsB ){
          s->unmatched = 'E';
          b->unmatched = 'B';
        }else{
          b->bSlice = 1;
          b->ts = tsB;
          b->end = e->ts;
          b->bdur = e->ts - tsB;
        }
      }
    }
  }
  for(j=0; j<3; j++){
    for(i=0; i<nOpen[j]; i++) aSl[aOpen[j][i]].unmatched = 'B';
  }
  /* the order of each thread, then the parents by its rule */
  for(j=0; j<3; j++) thread_order(n, j, &aOrder[j]);
  for(i=1; i<=n; i++){
    if( aSl[i].bSlice ) aSl[i].parent = parent_by_rule(n, i, aOrder[aEv[i-1].tid]);
  }
  /* depth and self time */
  for(i=1; i<=n; i++){
    FzSlice *s = &aSl[i];
    double aFrom[MAX_EVENTS], aTo[MAX_EVENTS], u = 0, curFrom = 0, curTo = 0;
    int nKid = 0, k, p, bCur = 0;
    if( !s->bSlice ) continue;
    for(p=s->parent; p; p=aSl[p].parent) s->depth++;
    for(j=1; j<=n; j++){
      if( aSl[j].bSlice && aSl[j].parent==i ){
        /* insertion by start, to merge */
        for(k=nKid; k>0 && aFrom[k-1]>aSl[j].ts; k--){ aFrom[k] = aFrom[k-1]; aTo[k] = aTo[k-1]; }
        /* each cut to the parent's interval */
        aFrom[k] = aSl[j].ts > s->ts ? aSl[j].ts : s->ts;
        aTo[k] = aSl[j].end < s->end ? aSl[j].end : s->end;
        if( aTo[k]<aFrom[k] ) aTo[k] = aFrom[k];
        nKid++;
      }
    }
    for(k=0; k<nKid; k++){
      if( bCur && aFrom[k]<=curTo ){
        if( aTo[k]>curTo ) curTo = aTo[k];
      }else{
        if( bCur ) u += curTo - curFrom;
        curFrom = aFrom[k];
        curTo = aTo[k];
        bCur = 1;
      }
    }
    if( bCur ) u += curTo - curFrom;
    s->self = (s->end - s->ts) - u;
    if( s->self<0 ) s->self = 0;
  }
}

/* The stack the rules give row i. */
static void oracle_stack(int i, char *z, size_t nz){
  int aChain[MAX_EVENTS], nChain = 0, k;
  size_t n = 0;
  for(; i; i=aSl[i].parent) aChain[nChain++] = i;
  z[0] = 0;
  for(k=nChain-1; k>=0; k--){
    const FzEvent *e = &aEv[aChain[k]-1];
    n += (size_t)snprintf(z + n, nz - n, "%s%sn%d", k==nChain-1 ? "" : ";", e->bTotal ? "Total " : "", e->name);
  }
}

/* 1 when an ancestor of row i, by the rules' parents, has its name. */
static int oracle_nested(int i){
  const FzEvent *e = &aEv[i-1];
  int j;
  for(j=aSl[i].parent; j; j=aSl[j].parent){
    if( aEv[j-1].name==e->name && aEv[j-1].bTotal==e->bTotal ) return 1;
  }
  return 0;
}

static void fail(const char *zWhat, int rowid){
  fprintf(stderr, "fuzz_call_tree: row %d: %s\n", rowid, zWhat);
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData){
  static char zPath[64];
  char zErr[512], zWant[MAX_EVENTS*12];
  CallTree *pTree = 0;
  int n, i, nThread, pass;
  size_t nPiece;
  if( nData<1 ) return 0;
  n = (int)((nData - 1) / 5);
  if( n>MAX_EVENTS ) n = MAX_EVENTS;
  nThread = 1 + (aData[0] & 1);
  nPiece = 16 + (size_t)(aData[0] >> 1) * 4;
  decode(aData + 1, n);
  if( nData % 3 ) reorder(n, (int)(nData % 3));
  if( zPath[0]==0 ) snprintf(zPath, sizeof(zPath), "/tmp/fuzz_call_tree.%d.json", (int)getpid());
  if( write_trace(zPath, n) ) return 0;
  if( call_tree_build(zPath, nThread, nPiece, CALL_TREE_NAMES, &pTree, zErr, sizeof(zErr)) ){
    fprintf(stderr, "fuzz_call_tree: build failed: %s\n", zErr);
    abort();
  }
  oracle(n);
  /* twice: the second time the lookups start over (call_tree_slice rewinds) */
  for(pass=0; pass<2; pass++){
    for(i=1; i<=n; i++){
      TraceEvent ev;
      const CallSlice *s;
      const FzSlice *w = &aSl[i];
      memset(&ev, 0, sizeof(ev));
      ev.iSeq = i;
      s = call_tree_slice(pTree, &ev);
      if( (s!=0)!=w->bSlice ) fail(s ? "a slice, the rules say not" : "not a slice, the rules say it is", i);
      if( call_tree_b_duration(pTree, &ev)!=w->bdur ) fail("B duration", i);
      if( call_tree_unmatched(pTree, &ev)!=w->unmatched ) fail("unmatched", i);
      if( s==0 ) continue;
      if( (int)s->parent!=w->parent ) fail("parent", i);
      if( (int)s->depth!=w->depth ) fail("depth", i);
      if( s->self_dur!=w->self ) fail("self_dur", i);
      if( pass==0 ){
        char *z;
        size_t nz;
        if( call_tree_stack(pTree, s, &z, &nz) ) fail("stack: out of memory", i);
        oracle_stack(i, zWant, sizeof(zWant));
        if( strcmp(z, zWant)!=0 || strlen(z)!=nz ){
          fprintf(stderr, "got %s\nwant %s\n", z, zWant);
          fail("stack", i);
        }
        free(z);
        if( call_tree_nested(pTree, s)!=oracle_nested(i) ) fail("nested", i);
      }
    }
  }
  call_tree_free(pTree);
  return 0;
}
