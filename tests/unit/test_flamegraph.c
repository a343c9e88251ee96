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
  int rc = flamegraph_render(g, "t", &z, &n);
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
  CHECK(flamegraph_render(g, zTitle, &z, &n)==FLAMEGRAPH_OK);
  snprintf(zWant, sizeof(zWant), "style=\"font-size:16px\">%.150s..<title>%.200s&lt;&amp;&gt;</title></text>", zTitle, zTitle);
  CHECK(z && strstr(z, zWant)!=0);
  free(z);
  zTitle[150] = 0;
  CHECK(flamegraph_render(g, zTitle, &z, &n)==FLAMEGRAPH_OK);
  snprintf(zWant, sizeof(zWant), "style=\"font-size:16px\">%s</text>", zTitle);
  CHECK(z && strstr(z, zWant)!=0);
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
    check_render(g, FLAMEGRAPH_OK, ", 50.00%)</title><rect class=\"frame\" x=\"600.00\"");
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

int main(void){
  test_long_title();
  test_bad_weights();
  test_overflow();
  test_scale();
  test_empty();
  return unit_report();
}
