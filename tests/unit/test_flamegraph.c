/*
** test_flamegraph.c: unit tests of ext/flamegraph.c, the weights' rules.
**
** Each case adds stacks to a new graph with flamegraph_add() and checks
** the code it returns (FLAMEGRAPH_*), then renders the graph and checks
** that no number in the SVG is NaN or infinite ("nan", "inf" in any case)
** and what the root's title says.  The SVG as a document is checked by
** tests/oracle/flamegraph_test.py; here only the arithmetic.
*/
#include "unit.h"
#include "flamegraph.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <strings.h>

/* Does the SVG z contain "nan" or "inf" in any case (no frame name below
** has them)? */
static int has_nonfinite(const char *z){
  const char *p;
  for(p=z; *p; p++){
    if( strncasecmp(p, "nan", 3)==0 || strncasecmp(p, "inf", 3)==0 ) return 1;
  }
  return 0;
}

/* Render g; check it renders with code rcWant and, when it does, that the
** SVG has no NaN or infinity and contains zWant. */
static void check_render(FlameGraph *g, int rcWant, const char *zWant){
  char *z = 0;
  size_t n = 0;
  int rc = flamegraph_render(g, "t", 1, FLAMEGRAPH_MINWIDTH, SIZE_MAX, &z, &n);
  CHECK(rc==rcWant);
  if( rc==FLAMEGRAPH_OK ){
    CHECK(z!=0 && !has_nonfinite(z));
    if( z && zWant && strstr(z, zWant)==0 ){
      fprintf(stderr, "SVG lacks %s:\n%s\n", zWant, z);
      CHECK(0);
    }
  }else{
    CHECK(z==0);
  }
  free(z);
}

/* A weight that is not finite or is negative is refused; the graph is
** unchanged and still renders. */
static void test_bad_weights(void){
  FlameGraph *g = flamegraph_new();
  CHECK(g!=0);
  if( g==0 ) return;
  CHECK(flamegraph_add(g, "a;b", 3, 2.0)==FLAMEGRAPH_OK);
  CHECK(flamegraph_add(g, "a;c", 3, -3.0)==FLAMEGRAPH_NEGATIVE);
  CHECK(flamegraph_add(g, "a;c", 3, -INFINITY)==FLAMEGRAPH_INFINITE);
  CHECK(flamegraph_add(g, "a;c", 3, INFINITY)==FLAMEGRAPH_INFINITE);
  CHECK(flamegraph_add(g, "a;c", 3, NAN)==FLAMEGRAPH_INFINITE);
  CHECK(flamegraph_add(g, "a;c", 3, -NAN)==FLAMEGRAPH_INFINITE);
  CHECK(flamegraph_add(g, "a;d", 3, 0.0)==FLAMEGRAPH_OK);
  CHECK(flamegraph_add(g, "a;d", 3, -0.0)==FLAMEGRAPH_OK);
  check_render(g, FLAMEGRAPH_OK, "<title>all (2, 100.00%)</title>");
  flamegraph_free(g);
}

/* A title longer than 150 characters is cut on the page, with "..", and
** kept whole in a <title> inside the title's <text>; a short one is not. */
static void test_long_title(void){
  FlameGraph *g = flamegraph_new();
  char zTitle[400], zWant[600];
  char *z = 0;
  size_t n = 0;
  int i;
  CHECK(g!=0);
  if( g==0 ) return;
  CHECK(flamegraph_add(g, "a", 1, 1.0)==FLAMEGRAPH_OK);
  for(i=0; i<200; i++) zTitle[i] = (char)('a' + i%26);
  memcpy(zTitle + 200, "<&>", 4);
  CHECK(flamegraph_render(g, zTitle, strlen(zTitle), FLAMEGRAPH_MINWIDTH, SIZE_MAX, &z, &n)==FLAMEGRAPH_OK);
  snprintf(zWant, sizeof(zWant), "style=\"font-size:16px\">%.150s..<title>%.200s&lt;&amp;&gt;</title></text>", zTitle, zTitle);
  CHECK(z && strstr(z, zWant)!=0);
  free(z);
  zTitle[150] = 0;
  CHECK(flamegraph_render(g, zTitle, strlen(zTitle), FLAMEGRAPH_MINWIDTH, SIZE_MAX, &z, &n)==FLAMEGRAPH_OK);
  snprintf(zWant, sizeof(zWant), "style=\"font-size:16px\">%s</text>", zTitle);
  CHECK(z && strstr(z, zWant)!=0);
  free(z);
  /* a title is its bytes: a NUL (which XML cannot hold) shows as "?", as
  ** in a frame's name, and the rest follows; NULL is the default */
  CHECK(flamegraph_render(g, "ab\0<d", 5, FLAMEGRAPH_MINWIDTH, SIZE_MAX, &z, &n)==FLAMEGRAPH_OK);
  CHECK(z && strstr(z, "style=\"font-size:16px\">ab?&lt;d</text>")!=0);
  free(z);
  CHECK(flamegraph_render(g, 0, 0, FLAMEGRAPH_MINWIDTH, SIZE_MAX, &z, &n)==FLAMEGRAPH_OK);
  CHECK(z && strstr(z, "style=\"font-size:16px\">Flame graph</text>")!=0);
  free(z);
  flamegraph_free(g);
}

/* Weights whose total overflows: refused when added, whether one row or
** several; the weights before stay. */
static void test_overflow(void){
  FlameGraph *g = flamegraph_new();
  CHECK(g!=0);
  if( g==0 ) return;
  CHECK(flamegraph_add(g, "a;b", 3, 1e308)==FLAMEGRAPH_OK);
  CHECK(flamegraph_add(g, "a;c", 3, 1e308)==FLAMEGRAPH_OVERFLOW);
  CHECK(flamegraph_add(g, "a;b", 3, 1e308)==FLAMEGRAPH_OVERFLOW);
  CHECK(flamegraph_add(g, "a;b", 3, DBL_MAX)==FLAMEGRAPH_OVERFLOW);
  check_render(g, FLAMEGRAPH_OK, "<title>all (1e+308, 100.00%)</title>");
  flamegraph_free(g);
}

/* Very large and very small (subnormal) weights draw the full width: the
** positions are fractions of the total, so nothing overflows. */
static void test_scale(void){
  static const double aW[] = { 1e307, 8e307, 1e-320, 5e-324, 1e-300, 1.0 };
  size_t k;
  for(k=0; k<sizeof(aW)/sizeof(aW[0]); k++){
    FlameGraph *g = flamegraph_new();
    CHECK(g!=0);
    if( g==0 ) return;
    CHECK(flamegraph_add(g, "a;b", 3, aW[k])==FLAMEGRAPH_OK);
    CHECK(flamegraph_add(g, "c", 1, aW[k])==FLAMEGRAPH_OK);
    check_render(g, FLAMEGRAPH_OK, "width=\"1180.00\" height=\"15\"");
    check_render(g, FLAMEGRAPH_OK, ", 50.00%)</title><rect x=\"600.00\"");
    flamegraph_free(g);
  }
}

/* No weight at all: only the root, with weight 0 and share 0. */
static void test_empty(void){
  FlameGraph *g = flamegraph_new();
  CHECK(g!=0);
  if( g==0 ) return;
  CHECK(flamegraph_add(g, "a", 1, 0.0)==FLAMEGRAPH_OK);
  check_render(g, FLAMEGRAPH_OK, "<title>all (0, 0.00%)</title>");
  flamegraph_free(g);
}

/* Render g into a malloc()ed SVG (NULL on failure). */
static char *render(FlameGraph *g){
  char *z = 0;
  size_t n = 0;
  return flamegraph_render(g, "t", 1, FLAMEGRAPH_MINWIDTH, SIZE_MAX, &z, &n)==FLAMEGRAPH_OK ? z : 0;
}

/* A stack that comes again takes the shortcut to the frame it ended in
** (the table of whole stacks): the graph must be the one the same stacks
** make when each comes once with its weights added up (whole numbers, so
** the sums are exact), in the order they first came, byte for byte.  The
** stacks include the shapes where a shortcut could go wrong: prefixes of
** one another, empty names, a trailing ';', names that are another
** stack's text with ';' removed, and enough distinct stacks (2,000) for
** the table to grow several times. */
static void test_repeated_stacks(void){
  static const char *const azTricky[] = {
    "a;b", "a", "a;b;", "a;;b", ";", "", "ab", "a;bc", "a;b;c", "b;a", ";;", "a;b;c;", "abc", "a;b",
  };
  enum { N_TRICKY = sizeof(azTricky)/sizeof(azTricky[0]), N_GEN = 2000, N = N_TRICKY + N_GEN };
  static char azGen[N_GEN][32];
  static double aSum[N];
  const char *az[N];
  FlameGraph *g = flamegraph_new(), *gOnce = flamegraph_new();
  char *z1, *z2;
  int i, r;
  CHECK(g!=0 && gOnce!=0);
  if( g==0 || gOnce==0 ){ flamegraph_free(g); flamegraph_free(gOnce); return; }
  for(i=0; i<N; i++){
    if( i<N_TRICKY ){
      az[i] = azTricky[i];
    }else{
      snprintf(azGen[i-N_TRICKY], sizeof(azGen[0]), "s%d;t%d;u", (i - N_TRICKY) % 37, i - N_TRICKY);
      az[i] = azGen[i-N_TRICKY];
    }
    aSum[i] = 0;
  }
  /* three rounds, each stack with a weight that depends on the round (0
  ** in one: no frame, no shortcut) */
  for(r=0; r<3; r++){
    for(i=0; i<N; i++){
      double w = (double)((i + r) % 4);
      CHECK(flamegraph_add(g, az[i], strlen(az[i]), w)==FLAMEGRAPH_OK);
      aSum[i] += w;
    }
  }
  /* the same texts once each, in the order their frames were first made:
  ** the first round that gave each a weight */
  for(r=0; r<3; r++){
    for(i=0; i<N; i++){
      int k, bFirst = (i + r) % 4!=0;
      for(k=0; k<r && bFirst; k++) if( (i + k) % 4!=0 ) bFirst = 0;
      /* a text that comes twice in the list counts once, at its first */
      for(k=0; k<i && bFirst; k++) if( strcmp(az[k], az[i])==0 ) bFirst = 0;
      if( bFirst ){
        double w = aSum[i];
        for(k=i+1; k<N; k++) if( strcmp(az[k], az[i])==0 ) w += aSum[k];
        CHECK(flamegraph_add(gOnce, az[i], strlen(az[i]), w)==FLAMEGRAPH_OK);
      }
    }
  }
  z1 = render(g);
  z2 = render(gOnce);
  CHECK(z1 && z2 && strcmp(z1, z2)==0);
  free(z1);
  free(z2);
  flamegraph_free(g);
  flamegraph_free(gOnce);
}

/* Render g with minWidth into a malloc()ed SVG (NULL on failure). */
static char *render_at(FlameGraph *g, double minWidth){
  char *z = 0;
  size_t n = 0;
  return flamegraph_render(g, "t", 1, minWidth, SIZE_MAX, &z, &n)==FLAMEGRAPH_OK ? z : 0;
}

/* Does z contain zWant?  Prints the SVG when not. */
static int has(const char *z, const char *zWant){
  if( z && strstr(z, zWant) ) return 1;
  fprintf(stderr, "SVG lacks %s:\n%s\n", zWant, z ? z : "(null)");
  return 0;
}

/* minWidth: a bad one is refused; frames narrower are merged into one
** block per parent when the block is wide enough, and the parent keeps
** its whole weight. */
static void test_minwidth(void){
  FlameGraph *g = flamegraph_new();
  char *z = 0;
  size_t n = 0;
  CHECK(g!=0);
  if( g==0 ) return;
  CHECK(flamegraph_add(g, "a;b", 3, 1.0)==FLAMEGRAPH_OK);
  CHECK(flamegraph_add(g, "a;d;e", 5, 1.0)==FLAMEGRAPH_OK);
  CHECK(flamegraph_add(g, "a;c", 3, 998.0)==FLAMEGRAPH_OK);
  CHECK(flamegraph_render(g, "t", 1, -1.0, SIZE_MAX, &z, &n)==FLAMEGRAPH_MINWIDTH_BAD && z==0);
  CHECK(flamegraph_render(g, "t", 1, NAN, SIZE_MAX, &z, &n)==FLAMEGRAPH_MINWIDTH_BAD && z==0);
  CHECK(flamegraph_render(g, "t", 1, INFINITY, SIZE_MAX, &z, &n)==FLAMEGRAPH_MINWIDTH_BAD && z==0);
  z = render_at(g, 0);                       /* every frame */
  CHECK(has(z, "<title>e (1, 0.10%)</title>") && strstr(z ? z : "", "class=\"merged\"")==0);
  free(z);
  z = render_at(g, 2);                       /* b and d (1.18 px) merged: 2.36 px */
  CHECK(has(z, "<title>a (1000, 100.00%)</title>"));
  CHECK(has(z, "<title>2 frames narrower than 2 px, merged (2, 0.20%)</title><rect class=\"merged\" x=\"1187.64\""));
  CHECK(z && strstr(z, "<title>b (")==0 && strstr(z, "<title>e (")==0);
  free(z);
  z = render_at(g, 3);                       /* the block too is narrower: a gap */
  CHECK(z && strstr(z, "class=\"merged\"")==0 && has(z, "<title>a (1000, 100.00%)</title>"));
  free(z);
  flamegraph_free(g);
}

/* A differential graph: widths from after, colours from the self change,
** the tooltip's numbers; a stack only in before is not drawn; each weight
** is checked. */
static void test_diff(void){
  FlameGraph *g = flamegraph_new_diff();
  char *z;
  CHECK(g!=0);
  if( g==0 ) return;
  CHECK(flamegraph_add_diff(g, "a;b", 3, 1.0, 3.0)==FLAMEGRAPH_OK);
  CHECK(flamegraph_add_diff(g, "a;c", 3, 4.0, 2.0)==FLAMEGRAPH_OK);
  CHECK(flamegraph_add_diff(g, "a;c", 3, 0.0, 0.0)==FLAMEGRAPH_OK);
  CHECK(flamegraph_add_diff(g, "a;gone", 6, 5.0, 0.0)==FLAMEGRAPH_OK);
  CHECK(flamegraph_add_diff(g, "a;b", 3, -1.0, 1.0)==FLAMEGRAPH_NEGATIVE);
  CHECK(flamegraph_add_diff(g, "a;b", 3, 1.0, NAN)==FLAMEGRAPH_INFINITE);
  CHECK(flamegraph_add_diff(g, "a;b", 3, 1e308, 1.0)==FLAMEGRAPH_OK);
  CHECK(flamegraph_add_diff(g, "a;b", 3, 1e308, 1.0)==FLAMEGRAPH_OVERFLOW);
  CHECK(flamegraph_add_diff(g, "a;b", 3, -1e308, 0.0)==FLAMEGRAPH_NEGATIVE);
  flamegraph_free(g);
  g = flamegraph_new_diff();
  CHECK(g!=0);
  if( g==0 ) return;
  CHECK(flamegraph_add_diff(g, "a;b", 3, 1.0, 3.0)==FLAMEGRAPH_OK);
  CHECK(flamegraph_add_diff(g, "a;c", 3, 4.0, 2.0)==FLAMEGRAPH_OK);
  CHECK(flamegraph_add_diff(g, "a;gone", 6, 5.0, 0.0)==FLAMEGRAPH_OK);
  z = render_at(g, 0);
  CHECK(has(z, "<title>a (before 10, after 5, change -5, -50.00%, self change 0)</title><rect x=\"10.00\" y=\"50\" width=\"1180.00\" height=\"15\" fill=\"#ffffff\""));
  CHECK(has(z, "<title>b (before 1, after 3, change +2, +200.00%, self change +2)</title><rect x=\"10.00\" y=\"34\" width=\"708.00\" height=\"15\" fill=\"#ff3737\""));
  CHECK(has(z, "<title>c (before 4, after 2, change -2, -50.00%, self change -2)</title><rect x=\"718.00\" y=\"34\" width=\"472.00\" height=\"15\" fill=\"#3737ff\""));
  CHECK(z && strstr(z, "gone")==0);
  free(z);
  flamegraph_free(g);
}

/* The script is inline in CDATA, after the frames; the picture is whole
** before it. */
static void test_script(void){
  FlameGraph *g = flamegraph_new();
  char *z;
  CHECK(g!=0);
  if( g==0 ) return;
  CHECK(flamegraph_add(g, "a;b", 3, 1.0)==FLAMEGRAPH_OK);
  z = render_at(g, FLAMEGRAPH_MINWIDTH);
  CHECK(has(z, "</g>\n<script type=\"text/ecmascript\"><![CDATA[\nvar fgConfig = {pad: 10, width: 1180, charWidth: 7.4, frameHeight: 16, diff: 0};\n"));
  CHECK(has(z, "})();\n]]></script>\n</svg>\n"));
  CHECK(z && strstr(strstr(z, "<![CDATA[") + 9, "]]>")==strstr(z, "]]></script>"));
  free(z);
  flamegraph_free(g);
}

/* The length limit (nMax, SQLite's SQLITE_LIMIT_LENGTH in SQL): an SVG
** of exactly nMax bytes is the same SVG, one byte less is
** FLAMEGRAPH_TOOLONG with nothing returned, whichever piece the limit
** falls in (the head, a frame, the script), for a plain graph and a
** differential one.  tests/oracle/flamegraph_test.py checks in SQL that
** a deep stack stops at the limit instead of building the whole SVG. */
static void check_limit(FlameGraph *g){
  char *zAll = 0, *z = 0;
  size_t nAll = 0, n = 0, nMax;
  CHECK(flamegraph_render(g, "t", 1, FLAMEGRAPH_MINWIDTH, SIZE_MAX, &zAll, &nAll)==FLAMEGRAPH_OK);
  if( zAll==0 ) return;
  CHECK(flamegraph_render(g, "t", 1, FLAMEGRAPH_MINWIDTH, nAll, &z, &n)==FLAMEGRAPH_OK);
  CHECK(z!=0 && n==nAll && memcmp(z, zAll, nAll + 1)==0);
  free(z);
  z = 0;
  CHECK(flamegraph_render(g, "t", 1, FLAMEGRAPH_MINWIDTH, nAll + 1, &z, &n)==FLAMEGRAPH_OK && n==nAll);
  free(z);
  for(nMax=0; nMax<nAll; nMax += nMax + 300<nAll ? 997 : 1){
    z = (char*)1;
    n = 1;
    if( flamegraph_render(g, "t", 1, FLAMEGRAPH_MINWIDTH, nMax, &z, &n)!=FLAMEGRAPH_TOOLONG || z!=0 || n!=0 ){
      fprintf(stderr, "nMax %zu of %zu: not FLAMEGRAPH_TOOLONG\n", nMax, nAll);
      CHECK(0);
      free(z);
      break;
    }
  }
  CHECK(1);
  free(zAll);
}

static void test_length_limit(void){
  FlameGraph *g = flamegraph_new();
  FlameGraph *d = flamegraph_new_diff();
  char aStack[2001];
  size_t i;
  CHECK(g!=0 && d!=0);
  if( g==0 || d==0 ){ flamegraph_free(g); flamegraph_free(d); return; }
  for(i=0; i<sizeof(aStack) - 1; i++) aStack[i] = (i & 1) ? ';' : 'a';
  aStack[sizeof(aStack) - 1] = 0;                     /* 1,000 full-width frames */
  CHECK(flamegraph_add(g, aStack, strlen(aStack), 1.0)==FLAMEGRAPH_OK);
  CHECK(flamegraph_add(g, "b;c<&>", 6, 0.5)==FLAMEGRAPH_OK);
  CHECK(flamegraph_add(g, "z", 1, 1e-9)==FLAMEGRAPH_OK);          /* merged */
  check_limit(g);
  CHECK(flamegraph_add_diff(d, aStack, 401, 2.0, 1.0)==FLAMEGRAPH_OK);
  CHECK(flamegraph_add_diff(d, "b;c", 3, 0.0, 1.0)==FLAMEGRAPH_OK);
  check_limit(d);
  flamegraph_free(g);
  flamegraph_free(d);
}

int main(void){
  test_length_limit();
  test_repeated_stacks();
  test_long_title();
  test_bad_weights();
  test_overflow();
  test_scale();
  test_empty();
  test_minwidth();
  test_diff();
  test_script();
  return unit_report();
}
