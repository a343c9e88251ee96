/*
** flamegraph.c: builds the frame tree of a flame graph from folded
** stacks.  Interface: flamegraph.h; the tree: flamegraph_int.h; drawing
** it: flamegraph_svg.c.
**
** How it works.  Every distinct stack prefix is a frame in one array;
** a hash table keyed by (parent frame, name) finds a frame's child by name,
** so adding a stack costs one lookup per frame whatever the fan-out.
** Stacks repeat (a trace of millions of slices has hundreds or thousands
** of distinct stacks), so a second table maps the hash of a whole stack
** to the frame it ends in: a stack seen before costs one hash of its text
** and a comparison of it with the names on the way up from that frame,
** instead of a split on ';' and a lookup per frame.
**
** Weights.  A weight must be zero or more and finite, and so must their
** total: a negative weight would make a frame narrower than its children,
** and an infinite total makes every share inf/inf = NaN.  Such input is
** refused by flamegraph_add(); flamegraph_render() checks every number it
** writes as well, so NaN or infinity never reaches the SVG.  A
** differential graph holds two weights per stack (before, after), each
** under the same rules, each with its own total.
*/
#include "flamegraph.h"
#include "flamegraph_int.h"
#include "string_table.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A frame's hash: its name's (string_hash) and its parent's number. */
uint64_t flamegraph_frame_hash(uint32_t parent, const char *z, size_t n){
  return string_hash(z, n) ^ ((uint64_t)parent * 0x9E3779B97F4A7C15ull);
}
#define fg_hash flamegraph_frame_hash

FlameGraph *flamegraph_new(void){
  FlameGraph *g = calloc(1, sizeof(*g));
  if( g==0 ) return 0;
  g->nFrameAlloc = 1024;
  g->aFrame = malloc(sizeof(Frame)*g->nFrameAlloc);
  g->nHash = 2048;
  g->aHash = calloc(g->nHash, sizeof(uint32_t));
  g->nNameAlloc = 4096;
  g->aName = malloc(g->nNameAlloc);
  if( g->aFrame==0 || g->aHash==0 || g->aName==0 ){
    flamegraph_free(g);
    return 0;
  }
  memcpy(g->aName, "all", 3);
  g->nName = 3;
  memset(&g->aFrame[0], 0, sizeof(Frame));
  g->aFrame[0].nName = 3;
  g->nFrame = 1;
  return g;
}

FlameGraph *flamegraph_new_diff(void){
  FlameGraph *g = flamegraph_new();
  if( g ) g->bDiff = 1;
  return g;
}

void flamegraph_free(FlameGraph *g){
  if( g==0 ) return;
  free(g->aFrame);
  free(g->aName);
  free(g->aHash);
  free(g->aStack);
  free(g);
}

static int fg_rehash(FlameGraph *g){
  uint32_t nNew = g->nHash*2, i;
  uint32_t *aNew = calloc(nNew, sizeof(uint32_t));
  if( aNew==0 ) return 1;
  for(i=1; i<g->nFrame; i++){
    const Frame *f = &g->aFrame[i];
    uint64_t h = fg_hash(f->parent, g->aName + f->iName, f->nName) & (nNew-1);
    while( aNew[h] ) h = (h+1) & (nNew-1);
    aNew[h] = i;
  }
  free(g->aHash);
  g->aHash = aNew;
  g->nHash = nNew;
  return 0;
}

/* The child of frame iParent named z[0..n), created if needed.  Returns its
** index, 0 when out of memory, or UINT32_MAX when there are too many frames. */
static uint32_t fg_child(FlameGraph *g, uint32_t iParent, const char *z, size_t n){
  uint64_t h = fg_hash(iParent, z, n) & (g->nHash-1);
  Frame *f;
  while( g->aHash[h] ){
    f = &g->aFrame[g->aHash[h]];
    if( f->parent==iParent && f->nName==n && memcmp(g->aName + f->iName, z, n)==0 ) return g->aHash[h];
    h = (h+1) & (g->nHash-1);
  }
  if( g->nFrame>=FLAMEGRAPH_MAX_FRAMES ) return UINT32_MAX;
  if( g->nFrame==g->nFrameAlloc ){
    Frame *aNew = realloc(g->aFrame, sizeof(Frame)*(size_t)g->nFrameAlloc*2);
    if( aNew==0 ) return 0;
    g->aFrame = aNew;
    g->nFrameAlloc *= 2;
  }
  if( g->nName + n > g->nNameAlloc ){
    size_t nNew = g->nNameAlloc*2;
    char *aNew;
    while( nNew < g->nName + n ) nNew *= 2;
    if( nNew > UINT32_MAX ) return UINT32_MAX;
    aNew = realloc(g->aName, nNew);
    if( aNew==0 ) return 0;
    g->aName = aNew;
    g->nNameAlloc = nNew;
  }
  f = &g->aFrame[g->nFrame];
  f->parent = iParent;
  f->iName = (uint32_t)g->nName;
  f->nName = (uint32_t)n;
  f->depth = g->aFrame[iParent].depth + 1;
  f->self = 0;
  f->selfBefore = 0;
  memcpy(g->aName + g->nName, z, n);
  g->nName += n;
  g->aHash[h] = g->nFrame++;
  if( g->nFrame*2 > g->nHash && fg_rehash(g) ) return 0;
  return g->nFrame - 1;
}

/* Is z[0..n) the stack that ends in frame iFrame: its names from the
** root's child down to it, joined with ';'?  (Names hold no ';'.) */
static int fg_stack_is(const FlameGraph *g, uint32_t iFrame, const char *z, size_t n){
  for(;;){
    const Frame *f = &g->aFrame[iFrame];
    if( f->nName>n || memcmp(z + n - f->nName, g->aName + f->iName, f->nName)!=0 ) return 0;
    n -= f->nName;
    if( f->parent==0 ) return n==0;
    if( n==0 || z[n-1]!=';' ) return 0;
    n--;
    iFrame = f->parent;
  }
}

/* The frame the stack z[0..n) of hash h ends in, when seen before, or 0;
** *piSlot: where it goes when not. */
static uint32_t fg_stack_find(const FlameGraph *g, uint64_t h, const char *z, size_t n, uint32_t *piSlot){
  uint32_t k, mask = g->nStackHash - 1;
  if( g->nStackHash==0 ) return 0;
  for(k=(uint32_t)h & mask; g->aStack[k].iFrame; k=(k+1) & mask){
    if( g->aStack[k].h==(uint32_t)h && fg_stack_is(g, g->aStack[k].iFrame, z, n) ) return g->aStack[k].iFrame;
  }
  *piSlot = k;
  return 0;
}

/* Remember that a stack of hash h ends in frame iFrame.  Only a shortcut:
** when memory is short it is not remembered, and nothing else changes. */
static void fg_stack_add(FlameGraph *g, uint64_t h, uint32_t iFrame, uint32_t iSlot){
  if( (g->nStack+1)*2>g->nStackHash ){
    uint32_t nNew = g->nStackHash ? g->nStackHash*2 : 1024, i, k;
    StackEnt *aNew;
    if( nNew==0 || (aNew = calloc(nNew, sizeof(StackEnt)))==0 ) return;
    for(i=0; i<g->nStackHash; i++){
      if( g->aStack[i].iFrame==0 ) continue;
      for(k=g->aStack[i].h & (nNew-1); aNew[k].iFrame; k=(k+1) & (nNew-1)){}
      aNew[k] = g->aStack[i];
    }
    free(g->aStack);
    g->aStack = aNew;
    g->nStackHash = nNew;
    for(iSlot=(uint32_t)h & (nNew-1); aNew[iSlot].iFrame; iSlot=(iSlot+1) & (nNew-1)){}
  }
  g->aStack[iSlot].h = (uint32_t)h;
  g->aStack[iSlot].iFrame = iFrame;
  g->nStack++;
}

int flamegraph_weight_check(double w){
  if( isnan(w) || isinf(w) ) return FLAMEGRAPH_INFINITE;
  if( w<0 ) return FLAMEGRAPH_NEGATIVE;
  return FLAMEGRAPH_OK;
}

/* The frame the stack z[0..n) ends in, made if needed (with its
** ancestors); 0 when out of memory, UINT32_MAX when too many frames. */
static uint32_t fg_stack_frame(FlameGraph *g, const char *z, size_t n){
  uint32_t iFrame, iSlot = 0;
  size_t i = 0;
  uint64_t h = string_hash(z, n);
  iFrame = fg_stack_find(g, h, z, n, &iSlot);
  if( iFrame ) return iFrame;
  while( i<=n ){
    size_t j = i;
    while( j<n && z[j]!=';' ) j++;
    iFrame = fg_child(g, iFrame, z + i, j - i);
    if( iFrame==0 || iFrame==UINT32_MAX ) return iFrame;
    i = j + 1;
  }
  fg_stack_add(g, h, iFrame, iSlot);
  return iFrame;
}

int flamegraph_add(FlameGraph *g, const char *z, size_t n, double w){
  return flamegraph_add_diff(g, z, n, 0.0, w);
}

int flamegraph_add_diff(FlameGraph *g, const char *z, size_t n, double before, double after){
  uint32_t iFrame;
  int rc = flamegraph_weight_check(before);
  if( rc==FLAMEGRAPH_OK ) rc = flamegraph_weight_check(after);
  if( rc!=FLAMEGRAPH_OK ) return rc;
  if( before==0 && after==0 ) return FLAMEGRAPH_OK;
  if( isinf(g->total + after) || isinf(g->totalBefore + before) ) return FLAMEGRAPH_OVERFLOW;
  iFrame = fg_stack_frame(g, z, n);
  if( iFrame==0 ) return FLAMEGRAPH_NOMEM;
  if( iFrame==UINT32_MAX ) return FLAMEGRAPH_TOOBIG;
  g->aFrame[iFrame].self += after;
  g->aFrame[iFrame].selfBefore += before;
  g->total += after;
  g->totalBefore += before;
  return FLAMEGRAPH_OK;
}
