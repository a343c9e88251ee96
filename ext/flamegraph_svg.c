/*
** flamegraph_svg.c: draws the frame tree of flamegraph.c as an SVG:
** flamegraph_render().  Interface: flamegraph.h (the rules of the picture:
** narrow frames merged, the differential colours, the tooltips); the tree:
** flamegraph_int.h; the script that makes the picture explorable:
** flamegraph_script.c.
**
** How it works.  Totals are summed bottom-up (a child always has a higher
** index than its parent), children are grouped by parent and sorted by
** name.  Then a depth-first walk with an explicit stack visits the drawn
** frames: a frame is drawn when it is the root or when its width is at
** least minWidth (so a frame too narrow hides its whole subtree: a child
** is never wider than its parent); when it is visited its drawn children
** are placed left to right from its own start, and its children too
** narrow to draw are summed into one merged block after them.  The walk
** runs twice: once for the height (the deepest drawn frame) and the
** largest change of a differential graph, once to write the frames in
** that order, which the script reads back as a tree (a frame's parent is
** the last frame before it one level down).
**
** Numbers.  Both ends of a frame are rounded from weights (the same weight
** gives the same pixel, and a larger one never a smaller pixel), so a
** frame never sticks out of its parent.  Positions and shares are fractions
** of the total (weight/total, at most 1) so that no intermediate value
** overflows or turns into 0 * inf, whatever the scale of the weights
** (1e-320 as well as 1e307).  Every number goes through out_num(), which
** writes '.' as the decimal point whatever the C locale the host program
** set (printf's "%f" would write "0,5" under a German LC_NUMERIC, which no
** SVG reader takes), and every one is checked finite before it is written.
**
** Length.  The SVG grows with the frames drawn, not with the input: a
** stack of n one-letter frames, all full width, is about 2n bytes of input
** and 150n bytes of SVG.  So the text is held to nMax (SQLite's length
** limit) as it grows (TextBuf's nMax): the first append past it stops the
** walk, and the buffer is never larger than nMax + 1, where building the
** whole text for sqlite3_result_text64() to refuse took 68 MB and 0.74 s
** for a 900 KB stack under a 1,000,000-byte limit.
*/
#include "flamegraph.h"
#include "flamegraph_int.h"
#include "flamegraph_script.h"
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
#define FG_FRAMES_WIDTH (FLAMEGRAPH_WIDTH - 2*FG_PAD)
#define FG_MERGED     0x80000000u   /* a walk item: the merged block of frame item & ~FG_MERGED */

/* ------------------------------------------------------------------------
** Text and numbers
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
        else text_buf_append(p, z + i, len);
    }
    i += len ? len : 1;
    nChar++;
  }
}

/* The number of characters out_xml counts in z[0..n) (as it steps: a
** UTF-8 sequence or one byte). */
static size_t utf8_chars(const char *z, size_t n){
  size_t i = 0, nChar = 0;
  while( i<n ){
    size_t len = xml_char_len((const unsigned char*)z + i, n - i);
    i += len ? len : 1;
    nChar++;
  }
  return nChar;
}

/* Append the finite number x as printf's zFmt (one double conversion)
** writes it, with '.' as the decimal point: whatever the locale put
** between the digits (',' or a multi-byte mark) becomes one '.'. */
static void out_num(TextBuf *p, const char *zFmt, double x){
  char zBuf[64], zOut[64];
  int k = snprintf(zBuf, sizeof(zBuf), zFmt, x);
  size_t i, j = 0;
  if( k<0 || (size_t)k>=sizeof(zBuf) ){ p->bOom = 1; return; }
  for(i=0; zBuf[i]; i++){
    char c = zBuf[i];
    if( (c>='0' && c<='9') || c=='+' || c=='-' || c=='e' || c=='E' ) zOut[j++] = c;
    else if( j==0 || zOut[j-1]!='.' ) zOut[j++] = '.';
  }
  text_buf_append(p, zOut, j);
}

/* A weight: whole numbers in full, others to 6 significant digits. */
static void out_weight(TextBuf *p, double w){
  if( w==floor(w) && fabs(w)<1e15 ) out_num(p, "%.0f", w);
  else out_num(p, "%.6g", w);
}

/* A change of weight, with its sign ("+3", "-1.5", "0"). */
static void out_change(TextBuf *p, double d){
  if( d>0 ) text_buf_append(p, "+", 1);
  out_weight(p, d);
}

/* ------------------------------------------------------------------------
** Colours
*/

/* A "hot" colour from the frame's name: the same name, the same colour. */
static void name_colour(const char *z, size_t n, int *aRgb){
  uint64_t h = flamegraph_frame_hash(0, z, n);
  aRgb[0] = 205 + (int)(h % 50);
  aRgb[1] = (int)((h >> 8) % 230);
  aRgb[2] = (int)((h >> 16) % 55);
}

/* A differential frame's colour from the change d of its self weight and
** the largest change dMax (>= |d|): red when it grew, blue when it
** shrank, white when equal; the strength v = round(200 * |d| / dMax). */
static void diff_colour(double d, double dMax, int *aRgb){
  int v = dMax>0 ? (int)lround(200.0*fabs(d)/dMax) : 0;
  aRgb[0] = d<0 ? 255 - v : 255;
  aRgb[1] = 255 - v;
  aRgb[2] = d>0 ? 255 - v : 255;
}

/* ------------------------------------------------------------------------
** Layout
*/

/* What a drawing needs besides the graph; arrays indexed by frame. */
typedef struct Layout {
  const FlameGraph *g;
  double *aTotal;         /* weight of the frame's subtree (after, in a diff): its width */
  double *aTotalB;        /* a diff: the before weight of the subtree; else NULL */
  double *aStart;         /* the frame's left edge, in weight; set when its parent is visited */
  uint32_t *aOrder;       /* children grouped by parent, each group sorted by name */
  uint32_t *aFirst;       /* the children of i: aOrder[aFirst[i]..aFirst[i+1]) */
  uint32_t *aStack;       /* the walk's stack: frames, and FG_MERGED|i for i's merged block */
  uint32_t nStack;
  double total;           /* aTotal[0] */
  double minWidth;        /* pixels */
} Layout;

/* The width in pixels (not rounded) of weight w. */
static double fg_width(const Layout *L, double w){
  return L->total>0 ? w/L->total*FG_FRAMES_WIDTH : 0;
}

/* The x offset in pixels (two decimals) of weight x from the left edge
** of the root: x as a fraction of total first, so nothing overflows
** (x<=total up to rounding).  0 when total is 0. */
static double fg_position(const Layout *L, double x){
  return round(fg_width(L, x)*100)/100;
}

/* Is frame i drawn (given that its parent is)?  The root always; another
** frame when it has weight and is at least minWidth wide. */
static int fg_drawn(const Layout *L, uint32_t i){
  return i==0 || (L->aTotal[i]>0 && fg_width(L, L->aTotal[i])>=L->minWidth);
}

/* The merged block of frame i: its children with weight that are not
** drawn.  *pn of them, weights *pw (after) and *pwB (before), starting
** at *pStart (in weight: after i's drawn children).  Returns whether the
** block is drawn (there is one and it is at least minWidth wide). */
static int fg_merged(const Layout *L, uint32_t i, uint32_t *pn, double *pw, double *pwB, double *pStart){
  uint32_t k;
  double x = L->aStart[i];
  *pn = 0; *pw = 0; *pwB = 0;
  for(k=L->aFirst[i]; k<L->aFirst[i+1]; k++){
    uint32_t c = L->aOrder[k];
    if( fg_drawn(L, c) ){
      x += L->aTotal[c];
    }else if( L->aTotal[c]>0 ){
      (*pn)++;
      *pw += L->aTotal[c];
      if( L->aTotalB ) *pwB += L->aTotalB[c];
    }
  }
  *pStart = x;
  return *pn>0 && fg_width(L, *pw)>=L->minWidth;
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

static void layout_free(Layout *L){
  free(L->aTotal); free(L->aTotalB); free(L->aStart);
  free(L->aOrder); free(L->aFirst); free(L->aStack);
}

/* Group the children of each frame by parent (a counting sort), then
** each group by name.  Returns 0, or 1 when out of memory. */
static int layout_order(Layout *L){
  const FlameGraph *g = L->g;
  uint32_t i, *aFill = malloc(sizeof(uint32_t)*g->nFrame);
  NameKey *aKey;
  if( aFill==0 ) return 1;
  for(i=1; i<g->nFrame; i++) L->aFirst[g->aFrame[i].parent + 1]++;
  for(i=1; i<=g->nFrame; i++) L->aFirst[i] += L->aFirst[i-1];
  memcpy(aFill, L->aFirst, sizeof(uint32_t)*g->nFrame);
  for(i=1; i<g->nFrame; i++) L->aOrder[aFill[g->aFrame[i].parent]++] = i;
  free(aFill);
  aKey = malloc(sizeof(NameKey)*((size_t)g->nFrame + g->nFrame/2));
  if( aKey==0 ) return 1;
  for(i=0; i<g->nFrame; i++){
    uint32_t n = L->aFirst[i+1] - L->aFirst[i];
    if( n>1 ) sort_by_name(g, L->aOrder + L->aFirst[i], n, aKey);
  }
  free(aKey);
  return 0;
}

/* Fill L for g.  Returns FLAMEGRAPH_OK, FLAMEGRAPH_NOMEM, or
** FLAMEGRAPH_OVERFLOW when a total is not finite. */
static int layout_build(Layout *L, const FlameGraph *g, double minWidth){
  uint32_t i, n = g->nFrame;
  memset(L, 0, sizeof(*L));
  L->g = g;
  L->minWidth = minWidth;
  L->aTotal = malloc(sizeof(double)*n);
  L->aTotalB = g->bDiff ? malloc(sizeof(double)*n) : 0;
  L->aStart = malloc(sizeof(double)*n);
  L->aOrder = malloc(sizeof(uint32_t)*n);
  L->aFirst = calloc((size_t)n + 1, sizeof(uint32_t));
  L->aStack = malloc(sizeof(uint32_t)*((size_t)n*2 + 2));   /* every frame and every merged block */
  if( L->aTotal==0 || (g->bDiff && L->aTotalB==0) || L->aStart==0 || L->aOrder==0
   || L->aFirst==0 || L->aStack==0 || layout_order(L) ) return FLAMEGRAPH_NOMEM;
  for(i=0; i<n; i++) L->aTotal[i] = g->aFrame[i].self;
  for(i=n-1; i>0; i--) L->aTotal[g->aFrame[i].parent] += L->aTotal[i];
  if( L->aTotalB ){
    for(i=0; i<n; i++) L->aTotalB[i] = g->aFrame[i].selfBefore;
    for(i=n-1; i>0; i--) L->aTotalB[g->aFrame[i].parent] += L->aTotalB[i];
    if( !isfinite(L->aTotalB[0]) ) return FLAMEGRAPH_OVERFLOW;
  }
  /* Summed in another order than g->total, so it is checked again. */
  L->total = L->aTotal[0];
  if( !isfinite(L->total) ) return FLAMEGRAPH_OVERFLOW;
  L->aStart[0] = 0;
  return FLAMEGRAPH_OK;
}

/* Start a depth-first walk of the drawn frames at the root. */
static void walk_start(Layout *L){
  L->aStack[0] = 0;
  L->nStack = 1;
}

/* The next item of the walk (a frame, or FG_MERGED|i for the merged block
** of frame i) into *pItem; 0 at the end.  Visiting a frame places its
** drawn children and pushes them, with its merged block after them. */
static int walk_next(Layout *L, uint32_t *pItem){
  uint32_t item, k, nMerged;
  double w, wB, x;
  if( L->nStack==0 ) return 0;
  item = *pItem = L->aStack[--L->nStack];
  if( item & FG_MERGED ) return 1;
  if( fg_merged(L, item, &nMerged, &w, &wB, &x) ) L->aStack[L->nStack++] = item | FG_MERGED;
  x = L->aStart[item];
  for(k=L->aFirst[item]; k<L->aFirst[item+1]; k++){
    uint32_t c = L->aOrder[k];
    if( !fg_drawn(L, c) ) continue;
    L->aStart[c] = x;
    x += L->aTotal[c];
  }
  for(k=L->aFirst[item+1]; k>L->aFirst[item]; k--){
    uint32_t c = L->aOrder[k-1];
    if( fg_drawn(L, c) ) L->aStack[L->nStack++] = c;
  }
  return 1;
}

/* ------------------------------------------------------------------------
** Writing
*/

/* What the writing of one graph shares. */
typedef struct Canvas {
  TextBuf out;
  int height;             /* of the picture, pixels */
  double dMax;            /* a diff: the largest change of a drawn frame's self weight */
} Canvas;

/* The tooltip's numbers of a weight w (after) and wB (before, a diff):
** "(W, S%)", or "(before B, after A, change +C, +P%" without the ")". */
static int out_numbers(Canvas *c, const Layout *L, double w, double wB){
  TextBuf *p = &c->out;
  if( L->aTotalB==0 ){
    double share = L->total>0 ? w/L->total*100.0 : 0.0;
    if( !isfinite(share) || !isfinite(w) ) return FLAMEGRAPH_OVERFLOW;
    text_buf_append(p, " (", 2);
    out_weight(p, w);
    text_buf_append(p, ", ", 2);
    out_num(p, "%.2f", share);
    text_buf_append(p, "%)", 2);
    return FLAMEGRAPH_OK;
  }
  if( !isfinite(w) || !isfinite(wB) ) return FLAMEGRAPH_OVERFLOW;
  text_buf_append(p, " (before ", 9);
  out_weight(p, wB);
  text_buf_append(p, ", after ", 8);
  out_weight(p, w);
  text_buf_append(p, ", change ", 9);
  out_change(p, w - wB);
  if( wB>0 && isfinite((w - wB)/wB*100.0) ){
    text_buf_append(p, ", ", 2);
    out_num(p, "%+.2f", (w - wB)/wB*100.0);
    text_buf_append(p, "%", 1);
  }else if( wB==0 ){
    text_buf_append(p, ", new", 5);
  }
  return FLAMEGRAPH_OK;
}

/* The rect of a frame or merged block from weight x0 to x0 + w at depth.
** A frame's rect has no class (zClass NULL: the script and the style find
** frames as the rects inside a <g>), a merged block's is "merged".  The
** colour is written #rrggbb: a graph of thousands of frames is 8 bytes a
** frame smaller than with rgb(r,g,b), and 14 without class="frame". */
static int out_rect(Canvas *c, const Layout *L, const char *zClass, double x0, double w,
                    uint32_t depth, const int *aRgb){
  double a = FG_PAD + fg_position(L, x0);
  double b = FG_PAD + fg_position(L, x0 + w);
  double y = c->height - FG_BOTTOM - (double)(depth+1)*FLAMEGRAPH_FRAME_HEIGHT;
  if( !isfinite(a) || !isfinite(b) ) return FLAMEGRAPH_OVERFLOW;
  if( zClass ) text_buf_printf(&c->out, "<rect class=\"%s\" x=\"", zClass);
  else text_buf_printf(&c->out, "<rect x=\"");
  out_num(&c->out, "%.2f", a);
  text_buf_printf(&c->out, "\" y=\"%.0f\" width=\"", y);
  out_num(&c->out, "%.2f", b - a);
  text_buf_printf(&c->out, "\" height=\"%d\" fill=\"#%02x%02x%02x\" rx=\"2\"/>",
                  FLAMEGRAPH_FRAME_HEIGHT - 1, aRgb[0], aRgb[1], aRgb[2]);
  return FLAMEGRAPH_OK;
}

/* One frame: its tooltip, rect and label (cut to fit, ".." when cut). */
static int out_frame(Canvas *c, const Layout *L, uint32_t i){
  const Frame *f = &L->g->aFrame[i];
  const char *zName = L->g->aName + f->iName;
  double x0 = FG_PAD + fg_position(L, L->aStart[i]);
  double x1 = FG_PAD + fg_position(L, L->aStart[i] + L->aTotal[i]);
  double nFit = floor((x1 - x0 - 4) / FG_CHAR_WIDTH);
  int aRgb[3], rc;
  text_buf_printf(&c->out, "<g><title>");
  out_xml(&c->out, zName, f->nName, (size_t)-1);
  rc = out_numbers(c, L, L->aTotal[i], L->aTotalB ? L->aTotalB[i] : 0);
  if( rc ) return rc;
  if( L->aTotalB ){
    text_buf_append(&c->out, ", self change ", 14);
    out_change(&c->out, f->self - f->selfBefore);
    text_buf_append(&c->out, ")", 1);
    diff_colour(f->self - f->selfBefore, c->dMax, aRgb);
  }else{
    name_colour(zName, f->nName, aRgb);
  }
  text_buf_printf(&c->out, "</title>");
  rc = out_rect(c, L, 0, L->aStart[i], L->aTotal[i], f->depth, aRgb);
  if( rc ) return rc;
  if( nFit>=3 ){
    size_t nChar = utf8_chars(zName, f->nName);
    text_buf_printf(&c->out, "<text x=\"");
    out_num(&c->out, "%.2f", x0 + 3);
    text_buf_printf(&c->out, "\" y=\"%.0f\">",
                    c->height - FG_BOTTOM - (double)(f->depth+1)*FLAMEGRAPH_FRAME_HEIGHT + 11);
    out_xml(&c->out, zName, f->nName, nChar<=nFit ? nChar : (size_t)nFit - 2);
    text_buf_printf(&c->out, "</text>");
  }
  text_buf_printf(&c->out, "</g>\n");
  return FLAMEGRAPH_OK;
}

/* The merged block of frame i (its children narrower than minWidth). */
static int out_merged(Canvas *c, const Layout *L, uint32_t i){
  static const int aGrey[3] = { 200, 200, 200 };
  uint32_t n;
  double w, wB, x;
  int rc;
  fg_merged(L, i, &n, &w, &wB, &x);
  text_buf_printf(&c->out, "<g><title>%u frame%s narrower than ", n, n==1 ? "" : "s");
  out_num(&c->out, "%g", L->minWidth);
  text_buf_printf(&c->out, " px, merged");
  rc = out_numbers(c, L, w, wB);
  if( rc ) return rc;
  if( L->aTotalB ) text_buf_append(&c->out, ")", 1);
  text_buf_printf(&c->out, "</title>");
  rc = out_rect(c, L, "merged", x, w, L->g->aFrame[i].depth + 1, aGrey);
  text_buf_printf(&c->out, "</g>\n");
  return rc;
}

/* The document's start: the svg element, style, background and title. */
static void out_head(Canvas *c, const Layout *L, const char *zTitle, size_t nTitle){
  TextBuf *p = &c->out;
  text_buf_printf(p, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
    "<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
    "viewBox=\"0 0 %d %d\">\n"
    "<style>text{font-family:monospace;font-size:12px;fill:#000}"
    "g>rect:hover{stroke:#000;stroke-width:0.5}</style>\n"
    "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n"
    "<text x=\"%d\" y=\"22\" style=\"font-size:16px\">",
    FLAMEGRAPH_WIDTH, c->height, FLAMEGRAPH_WIDTH, c->height, FLAMEGRAPH_WIDTH, c->height,
    L->aTotalB ? "#e8e8e8" : "#f8f8f0", FG_PAD);
  if( zTitle==0 ){
    zTitle = L->aTotalB ? "Differential flame graph" : "Flame graph";
    nTitle = strlen(zTitle);
  }
  out_xml(p, zTitle, nTitle, FG_TITLE_MAX);
  if( utf8_chars(zTitle, nTitle)>FG_TITLE_MAX ){
    /* cut on the page (".." says so); the whole title where the mouse
    ** shows it and where a program reads it */
    text_buf_printf(p, "<title>");
    out_xml(p, zTitle, nTitle, (size_t)-1);
    text_buf_printf(p, "</title>");
  }
  text_buf_printf(p, "</text>\n");
}

/* The script, in CDATA (it holds no "]]>"), after the frames it reads. */
static void out_script(Canvas *c, const Layout *L){
  size_t i;
  text_buf_printf(&c->out, "<script type=\"text/ecmascript\"><![CDATA[\n"
                  "var fgConfig = {pad: %d, width: %d, charWidth: ", FG_PAD, FG_FRAMES_WIDTH);
  out_num(&c->out, "%.1f", FG_CHAR_WIDTH);
  text_buf_printf(&c->out, ", frameHeight: %d, diff: %d};\n", FLAMEGRAPH_FRAME_HEIGHT, L->aTotalB!=0);
  for(i=0; flamegraph_script[i]; i++){
    text_buf_append(&c->out, flamegraph_script[i], strlen(flamegraph_script[i]));
  }
  text_buf_printf(&c->out, "]]></script>\n");
}

/* First walk: the height, and a diff's largest change of self weight. */
static void measure(Canvas *c, Layout *L){
  uint32_t item, maxDepth = 0;
  c->dMax = 0;
  walk_start(L);
  while( walk_next(L, &item) ){
    const Frame *f = &L->g->aFrame[item & ~FG_MERGED];
    uint32_t depth = f->depth + ((item & FG_MERGED)!=0);
    if( depth>maxDepth ) maxDepth = depth;
    if( !(item & FG_MERGED) && fabs(f->self - f->selfBefore)>c->dMax ) c->dMax = fabs(f->self - f->selfBefore);
  }
  c->height = FG_TOP + (int)(maxDepth+1)*FLAMEGRAPH_FRAME_HEIGHT + FG_BOTTOM;
}

int flamegraph_render(const FlameGraph *g, const char *zTitle, size_t nTitle, double minWidth, size_t nMax,
                      char **pz, size_t *pn){
  Layout L;
  Canvas c;
  uint32_t item;
  int rc;
  *pz = 0;
  *pn = 0;
  if( !(minWidth>=0) || isinf(minWidth) ) return FLAMEGRAPH_MINWIDTH_BAD;
  if( nMax==0 ) return FLAMEGRAPH_TOOLONG;     /* (0 would be no limit to the TextBuf) */
  memset(&c, 0, sizeof(c));
  c.out.nMax = nMax;
  rc = layout_build(&L, g, minWidth);
  if( rc==FLAMEGRAPH_OK ){
    measure(&c, &L);
    out_head(&c, &L, zTitle, nTitle);
    walk_start(&L);
    /* out of memory or past nMax: the rest would append nothing */
    while( rc==FLAMEGRAPH_OK && !c.out.bOom && walk_next(&L, &item) ){
      rc = (item & FG_MERGED) ? out_merged(&c, &L, item & ~FG_MERGED) : out_frame(&c, &L, item);
    }
  }
  if( rc==FLAMEGRAPH_OK ){
    out_script(&c, &L);
    text_buf_printf(&c.out, "</svg>\n");
    if( c.out.bOom ) rc = c.out.bTooLong ? FLAMEGRAPH_TOOLONG : FLAMEGRAPH_NOMEM;
  }
  layout_free(&L);
  if( rc!=FLAMEGRAPH_OK ){
    free(c.out.z);
    return rc;
  }
  *pz = c.out.z;
  *pn = c.out.n;
  return FLAMEGRAPH_OK;
}
