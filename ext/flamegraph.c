/*
** flamegraph.c: builds a frame tree from folded stacks and draws it as
** SVG.  Interface: flamegraph.h.
**
** How it works.  Every distinct stack prefix is a frame in one array;
** a hash table keyed by (parent frame, name) finds a frame's child by name,
** so adding a stack costs one lookup per frame whatever the fan-out.
** Stacks repeat (a trace of millions of slices has hundreds or thousands
** of distinct stacks), so a second table maps the hash of a whole stack
** to the frame it ends in: a stack seen before costs one hash of its text
** and a comparison of it with the names on the way up from that frame,
** instead of a split on ';' and a lookup per frame.  At
** render time totals are summed bottom-up (a child always has a higher
** index than its parent), children are sorted by name, and a depth-first
** walk places each frame at x = the total weight to its left.  Both ends
** of a frame are rounded from weights (the same weight gives the same
** pixel, and a larger one never a smaller pixel), so a frame never sticks
** out of its parent.
**
** Weights.  A weight must be zero or more and finite, and so must their
** total: a negative weight would make a frame narrower than its children,
** and an infinite total makes every share inf/inf = NaN.  Such input is
** refused by flamegraph_add(); flamegraph_render() checks every number it
** writes as well, so NaN or infinity never reaches the SVG.  Positions and
** shares are computed as fractions of the total (weight/total, at most 1)
** so that no intermediate value overflows or turns into 0 * inf, whatever
** the scale of the weights (1e-320 as well as 1e307).
*/
#include "flamegraph.h"
#include "string_table.h"
#include "text_buf.h"
#include "utf8.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FG_PAD        10     /* pixels left and right of the frames */
#define FG_TOP        34     /* pixels above the frames (title) */
#define FG_TITLE_MAX  150    /* characters of the title shown; more are cut, ".." */
#define FG_BOTTOM     10     /* pixels below */
#define FG_CHAR_WIDTH 7.4    /* width of one character of the 12px monospace font */

/* A whole stack seen before: its hash (string_hash, cut to 32 bits) and
** the frame it ends in (0: an empty slot; the root never ends a stack). */
typedef struct StackEnt {
  uint32_t h;
  uint32_t iFrame;
} StackEnt;

typedef struct Frame {
  uint32_t parent;        /* index of the parent frame (the root is its own) */
  uint32_t iName, nName;  /* name: aName[iName..iName+nName) */
  uint32_t depth;         /* 0 for the root "all" */
  double self;            /* weight of the stacks that end here */
} Frame;

struct FlameGraph {
  Frame *aFrame;          /* aFrame[0] is the root */
  uint32_t nFrame, nFrameAlloc;
  char *aName;            /* names of all frames */
  size_t nName, nNameAlloc;
  uint32_t *aHash;        /* open addressing: frame index, 0 = empty (root is never looked up) */
  uint32_t nHash;         /* power of two */
  StackEnt *aStack;       /* open addressing: whole stacks to the frame they end in */
  uint32_t nStack;        /* entries */
  uint32_t nStackHash;    /* slots, a power of two (0: none yet) */
  double total;           /* sum of the weights added so far (finite) */
};

/* A frame's hash: its name's (string_hash) and its parent's number. */
static uint64_t fg_hash(uint32_t parent, const char *z, size_t n){
  return string_hash(z, n) ^ ((uint64_t)parent * 0x9E3779B97F4A7C15ull);
}

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

int flamegraph_add(FlameGraph *g, const char *z, size_t n, double w){
  uint32_t iFrame = 0, iSlot = 0;
  size_t i = 0;
  uint64_t h;
  if( isnan(w) || isinf(w) ) return FLAMEGRAPH_INFINITE;
  if( w<0 ) return FLAMEGRAPH_NEGATIVE;
  if( w==0 ) return FLAMEGRAPH_OK;
  if( isinf(g->total + w) ) return FLAMEGRAPH_OVERFLOW;
  h = string_hash(z, n);
  iFrame = fg_stack_find(g, h, z, n, &iSlot);
  if( iFrame ){
    g->aFrame[iFrame].self += w;
    g->total += w;
    return FLAMEGRAPH_OK;
  }
  while( i<=n ){
    size_t j = i;
    while( j<n && z[j]!=';' ) j++;
    iFrame = fg_child(g, iFrame, z + i, j - i);
    if( iFrame==0 ) return FLAMEGRAPH_NOMEM;
    if( iFrame==UINT32_MAX ) return FLAMEGRAPH_TOOBIG;
    i = j + 1;
  }
  fg_stack_add(g, h, iFrame, iSlot);
  g->aFrame[iFrame].self += w;
  g->total += w;
  return FLAMEGRAPH_OK;
}

/* ------------------------------------------------------------------------
** Rendering
*/

/* The length of the UTF-8 sequence at z[0..n) when it is one character
** that XML allows (not a control character, a surrogate, U+FFFE or
** U+FFFF), else 0.  Names come from SQL text, which may hold any bytes. */
static size_t xml_char_len(const unsigned char *z, size_t n){
  uint32_t c;
  size_t len = utf8_decode(z, n, &c);
  return len==0 || c<0x20 || c==0xFFFE || c==0xFFFF ? 0 : len;
}

/* Append z[0..n) escaped for XML text and attributes; at most nMax
** characters, ".." added when cut.  A byte that does not start a character
** XML allows is written as "?". */
static void out_xml(TextBuf *p, const char *z, size_t n, size_t nMax){
  size_t i = 0, nChar = 0;
  while( i<n ){
    unsigned char c = (unsigned char)z[i];
    size_t len = xml_char_len((const unsigned char*)z + i, n - i);
    if( nChar+1>nMax ){
      text_buf_printf(p, "..");
      return;
    }
    switch( c ){
      case '&': text_buf_printf(p, "&amp;"); break;
      case '<': text_buf_printf(p, "&lt;"); break;
      case '>': text_buf_printf(p, "&gt;"); break;
      case '"': text_buf_printf(p, "&quot;"); break;
      case '\'': text_buf_printf(p, "&apos;"); break;
      default:
        if( len==0 ) text_buf_printf(p, "?");
        else text_buf_printf(p, "%.*s", (int)len, z + i);
    }
    i += len ? len : 1;
    nChar++;
  }
}

/* The number of characters out_xml counts in z (as it steps: a UTF-8
** sequence or one byte). */
static size_t utf8_chars(const char *z){
  size_t i = 0, n = strlen(z), nChar = 0;
  while( i<n ){
    size_t len = xml_char_len((const unsigned char*)z + i, n - i);
    i += len ? len : 1;
    nChar++;
  }
  return nChar;
}

/* A "hot" colour from the frame's name: the same name, the same colour. */
static void frame_colour(const char *z, size_t n, int *pr, int *pg, int *pb){
  uint64_t h = fg_hash(0, z, n);
  *pr = 205 + (int)(h % 50);
  *pg = (int)((h >> 8) % 230);
  *pb = (int)((h >> 16) % 55);
}

static void out_weight(TextBuf *p, double w){
  if( w==floor(w) && w<1e15 ) text_buf_printf(p, "%.0f", w);
  else text_buf_printf(p, "%.6g", w);
}

/* The x offset in pixels (two decimals) of weight x from the left edge
** of the root, whose weight is total: x as a fraction of total first, so
** nothing overflows (x<=total up to rounding).  0 when total is 0. */
static double fg_position(double x, double total){
  if( !(total>0) ) return 0;
  return round(x/total*(FLAMEGRAPH_WIDTH - 2*FG_PAD)*100)/100;
}

/* The children of one frame are sorted by name as keys that carry the
** name: the comparison needs no graph (qsort_r, which would pass one, has
** another signature on macOS and the BSDs than in glibc), and reads no
** Frame.  Two children of one frame never have the same name, so any
** correct sort gives the same order; this merge sort of the keys measured
** faster than qsort_r of frame indices, for one group of 2M frames as for
** many of 3. */
typedef struct NameKey {
  const char *z;          /* the frame's name, nName bytes */
  uint32_t nName;
  uint32_t iFrame;
} NameKey;

static int name_key_cmp(const NameKey *a, const NameKey *b){
  size_t n = a->nName < b->nName ? a->nName : b->nName;
  int c = memcmp(a->z, b->z, n);
  return c ? c : (a->nName > b->nName) - (a->nName < b->nName);
}

/* Sort a[0..n) (aTmp: room for n/2). */
static void name_key_sort(NameKey *a, uint32_t n, NameKey *aTmp){
  uint32_t h, i, j, k;
  if( n<=16 ){
    for(i=1; i<n; i++){
      NameKey x = a[i];
      for(j=i; j>0 && name_key_cmp(&a[j-1], &x)>0; j--) a[j] = a[j-1];
      a[j] = x;
    }
    return;
  }
  h = n/2;
  name_key_sort(a, h, aTmp);
  name_key_sort(a + h, n - h, aTmp);
  if( name_key_cmp(&a[h-1], &a[h])<=0 ) return;
  /* merge: the first half moves aside; a[k] is never ahead of a[j] */
  memcpy(aTmp, a, sizeof(NameKey)*h);
  for(i=0, j=h, k=0; i<h && j<n; k++){
    a[k] = name_key_cmp(&aTmp[i], &a[j])<=0 ? aTmp[i++] : a[j++];
  }
  while( i<h ) a[k++] = aTmp[i++];
}

/* Sort the n frames aOrder[0..n) by name (aKey: room for n + n/2). */
static void sort_by_name(const FlameGraph *g, uint32_t *aOrder, uint32_t n, NameKey *aKey){
  uint32_t k;
  for(k=0; k<n; k++){
    const Frame *f = &g->aFrame[aOrder[k]];
    aKey[k].z = g->aName + f->iName;
    aKey[k].nName = f->nName;
    aKey[k].iFrame = aOrder[k];
  }
  name_key_sort(aKey, n, aKey + n);
  for(k=0; k<n; k++) aOrder[k] = aKey[k].iFrame;
}

int flamegraph_render(const FlameGraph *g, const char *zTitle, char **pz, size_t *pn){
  double *aTotal = malloc(sizeof(double)*g->nFrame);
  double *aStart = malloc(sizeof(double)*g->nFrame);
  uint32_t *aOrder = malloc(sizeof(uint32_t)*g->nFrame);   /* children grouped by parent */
  uint32_t *aFirst = calloc((size_t)g->nFrame + 1, sizeof(uint32_t));
  uint32_t i, maxDepth = 0;
  double total;
  int height, rc = FLAMEGRAPH_OK;
  TextBuf out = TEXT_BUF_INIT;
  *pz = 0;
  *pn = 0;
  if( aTotal==0 || aStart==0 || aOrder==0 || aFirst==0 ) goto nomem;
  for(i=0; i<g->nFrame; i++) aTotal[i] = g->aFrame[i].self;
  for(i=g->nFrame-1; i>0; i--) aTotal[g->aFrame[i].parent] += aTotal[i];
  /* counting sort of frames by parent, then each group by name */
  for(i=1; i<g->nFrame; i++) aFirst[g->aFrame[i].parent + 1]++;
  for(i=1; i<=g->nFrame; i++) aFirst[i] += aFirst[i-1];
  {
    uint32_t *aFill = malloc(sizeof(uint32_t)*g->nFrame);
    NameKey *aKey;
    if( aFill==0 ) goto nomem;
    memcpy(aFill, aFirst, sizeof(uint32_t)*g->nFrame);
    for(i=1; i<g->nFrame; i++) aOrder[aFill[g->aFrame[i].parent]++] = i;
    free(aFill);
    aKey = malloc(sizeof(NameKey)*((size_t)g->nFrame + g->nFrame/2));
    if( aKey==0 ) goto nomem;
    for(i=0; i<g->nFrame; i++){
      uint32_t n = aFirst[i+1] - aFirst[i];
      if( n>1 ) sort_by_name(g, aOrder + aFirst[i], n, aKey);
    }
    free(aKey);
  }
  /* x start of every frame, in weight: parents come before children */
  aStart[0] = 0;
  for(i=0; i<g->nFrame; i++){
    double x = aStart[i];
    uint32_t k;
    for(k=aFirst[i]; k<aFirst[i+1]; k++){
      aStart[aOrder[k]] = x;
      x += aTotal[aOrder[k]];
    }
    if( g->aFrame[i].depth>maxDepth ) maxDepth = g->aFrame[i].depth;
  }
  /* Summed in another order than g->total, so it is checked again. */
  total = aTotal[0];
  if( !isfinite(total) ){ rc = FLAMEGRAPH_OVERFLOW; goto fail; }
  height = FG_TOP + (int)(maxDepth+1)*FLAMEGRAPH_FRAME_HEIGHT + FG_BOTTOM;

  text_buf_printf(&out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
    "<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
    "viewBox=\"0 0 %d %d\">\n"
    "<style>text{font-family:monospace;font-size:12px;fill:#000}"
    ".frame:hover{stroke:#000;stroke-width:0.5}</style>\n"
    "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#f8f8f0\"/>\n"
    "<text x=\"%d\" y=\"22\" style=\"font-size:16px\">",
    FLAMEGRAPH_WIDTH, height, FLAMEGRAPH_WIDTH, height, FLAMEGRAPH_WIDTH, height, FG_PAD);
  if( zTitle==0 ) zTitle = "Flame graph";
  out_xml(&out, zTitle, strlen(zTitle), FG_TITLE_MAX);
  if( utf8_chars(zTitle)>FG_TITLE_MAX ){
    /* cut on the page (".." says so); the whole title where the mouse
    ** shows it and where a program reads it */
    text_buf_printf(&out, "<title>");
    out_xml(&out, zTitle, strlen(zTitle), (size_t)-1);
    text_buf_printf(&out, "</title>");
  }
  text_buf_printf(&out, "</text>\n");
  for(i=0; i<g->nFrame; i++){
    const Frame *f = &g->aFrame[i];
    double x0 = FG_PAD + fg_position(aStart[i], total);
    double x1 = FG_PAD + fg_position(aStart[i]+aTotal[i], total);
    double share = total>0 ? aTotal[i]/total*100.0 : 0.0;
    double y = height - FG_BOTTOM - (double)(f->depth+1)*FLAMEGRAPH_FRAME_HEIGHT;
    const char *zName = g->aName + f->iName;
    int r, gr, b;
    size_t nFit;
    if( !isfinite(x0) || !isfinite(x1) || !isfinite(share) || !isfinite(aTotal[i]) ){
      rc = FLAMEGRAPH_OVERFLOW;
      goto fail;
    }
    nFit = (size_t)((x1 - x0 - 4) / FG_CHAR_WIDTH);
    frame_colour(zName, f->nName, &r, &gr, &b);
    text_buf_printf(&out, "<g><title>");
    out_xml(&out, zName, f->nName, (size_t)-1);
    text_buf_printf(&out, " (");
    out_weight(&out, aTotal[i]);
    text_buf_printf(&out, ", %.2f%%)</title><rect class=\"frame\" x=\"%.2f\" y=\"%.0f\" width=\"%.2f\" "
               "height=\"%d\" fill=\"rgb(%d,%d,%d)\" rx=\"2\"/>",
               share, x0, y, x1 - x0,
               FLAMEGRAPH_FRAME_HEIGHT - 1, r, gr, b);
    if( nFit>=3 ){
      text_buf_printf(&out, "<text x=\"%.2f\" y=\"%.0f\">", x0 + 3, y + 11);
      out_xml(&out, zName, f->nName, nFit);
      text_buf_printf(&out, "</text>");
    }
    text_buf_printf(&out, "</g>\n");
  }
  text_buf_printf(&out, "</svg>\n");
  if( out.bOom ) goto nomem;
  free(aTotal); free(aStart); free(aOrder); free(aFirst);
  *pz = out.z;
  *pn = out.n;
  return FLAMEGRAPH_OK;
nomem:
  rc = FLAMEGRAPH_NOMEM;
fail:
  free(aTotal); free(aStart); free(aOrder); free(aFirst);
  free(out.z);
  return rc;
}
