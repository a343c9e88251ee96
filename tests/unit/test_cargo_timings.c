/*
** test_cargo_timings.c: the plain-C reader of cargo's timings page
** (cargo_timings_read.c): the real page of tests/data/cargo-build, the
** unit names of every target shape, every prefix of a small page, and
** the exact error messages.  Expected values written by hand from the
** page (read with a text editor) and the rules in cargo_timings_read.h.
** Run from the repository's root (tests/run.sh does).
*/
#include "cargo_timings_read.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE "tests/data/cargo-build/cargo-timings/cargo-timing.html"

static void check_unit(const char *zName, const char *zTarget, const char *zMode, const char *zWant){
  int bNoMem = 0;
  char *z = cargo_timings_unit(zName, zTarget, zMode, &bNoMem);
  if( z==0 || strcmp(z, zWant)!=0 ) fprintf(stderr, "target: [%s]\n", zTarget);
  CHECK_STR(z, zWant);
  CHECK(bNoMem==0);
  free(z);
}

static void test_units(void){
  int bNoMem = 0;
  check_unit("serde_json", "", "todo", "serde_json");
  check_unit("cfg-if", "", "todo", "cfg_if");
  check_unit("serde", " build-script", "todo", "serde/build_script_build");
  check_unit("tally-cli", " build-script", "todo", "tally-cli/build_script_build");
  check_unit("serde", " build-script (run)", "run-custom-build", "serde/build_script_build (run)");
  check_unit("tally-cli", " tally-cli \"bin\"", "todo", "tally_cli");
  check_unit("tally-cli", " other-tool \"bin\"", "todo", "other_tool");
  /* a bin whose name holds the words is no build script (cargo 1.95 wrote
  ** this target for [[bin]] name = "build-script-gen"; rustc's trace was
  ** deps/build_script_gen-<hash>.llvm_timings.json) */
  check_unit("bsx", " build-script-gen \"bin\"", "todo", "build_script_gen");
  check_unit("bsx", " build-script-gen \"bin\" (test)", "test", "build_script_gen");
  /* older cargo's wording */
  check_unit("serde", " build script", "build", "serde/build_script_build");
  check_unit("serde", " build script (run)", "run-custom-build", "serde/build_script_build (run)");
  check_unit("tally-cli", " bin \"tally-cli\"", "build", "tally_cli");
  check_unit("tally", " lib (test)", "test", "tally");
  check_unit("tally", " tally \"lib\" (test)", "test", "tally");
  check_unit("tally", " lib \"x\"", "todo", "x");
  CHECK(cargo_timings_unit(0, "", "todo", &bNoMem)==0 && bNoMem==0);
  check_unit("x", 0, 0, "x");
}

static void test_real_page(void){
  CargoTimings t;
  char zErr[CARGO_TIMINGS_ERRMSG_MAX];
  int rc = cargo_timings_read(PAGE, &t, zErr, sizeof(zErr));
  CHECK(rc==CARGO_TIMINGS_OK);
  if( rc ){ fprintf(stderr, "%s\n", zErr); return; }
  CHECK(t.nUnit==10);
  if( t.nUnit==10 ){
    const CargoUnit *u = &t.aUnit[0];
    CHECK(u->bIndex && u->iIndex==0);
    CHECK_STR(u->zName, "cfg-if");
    CHECK_STR(u->zVersion, "1.0.0");
    CHECK_STR(u->zMode, "todo");
    CHECK_STR(u->zTarget, "");
    CHECK(u->bStart && u->rStart==0.62 && u->bDuration && u->rDuration==0.39);
    CHECK(u->bRmeta && u->rRmeta==0.3);
    CHECK_STR(u->zSections, "[[\"frontend\",{\"start\":0.0,\"end\":0.3}],[\"codegen\",{\"start\":0.3,\"end\":0.39}]]");
    CHECK_STR(u->zFeatures, "[]");
    CHECK_STR(u->zUnit, "cfg_if");
    u = &t.aUnit[1];
    CHECK_STR(u->zTarget, " build-script");
    CHECK_STR(u->zUnit, "ryu/build_script_build");
    CHECK(!u->bRmeta && u->zSections==0);
    CHECK_STR(u->zUnblocked, "[4]");
    u = &t.aUnit[2];
    CHECK_STR(u->zFeatures, "[\"default\",\"use_std\"]");
    u = &t.aUnit[4];
    CHECK_STR(u->zMode, "run-custom-build");
    CHECK_STR(u->zUnit, "ryu/build_script_build (run)");
    u = &t.aUnit[5];
    CHECK_STR(u->zUnblockedRmeta, "[6]");
    u = &t.aUnit[9];
    CHECK_STR(u->zTarget, " tally-cli \"bin\"");
    CHECK_STR(u->zUnit, "tally_cli");
  }
  cargo_timings_free(&t);
  CHECK(t.nUnit==0 && t.aUnit==0);
}

static int parse(const char *z, size_t n, CargoTimings *pT, char *zErr, size_t nErr){
  return cargo_timings_parse((const unsigned char*)z, n, pT, zErr, nErr);
}

static void check_error(const char *zPage, const char *zWant){
  CargoTimings t;
  char zErr[CARGO_TIMINGS_ERRMSG_MAX];
  int rc = parse(zPage, strlen(zPage), &t, zErr, sizeof(zErr));
  CHECK(rc==CARGO_TIMINGS_ERROR);
  CHECK_STR(zErr, zWant);
  CHECK(t.nUnit==0);
  cargo_timings_free(&t);
}

static void test_errors(void){
  check_error("<html>no data</html>", "not a cargo timings page: no \"UNIT_DATA =\" in it");
  check_error("UNIT_DATA == 1", "not a cargo timings page: no \"UNIT_DATA =\" in it");
  check_error("UNIT_DATA = 5;", "byte 12: UNIT_DATA is not an array");
  check_error("UNIT_DATA = [{\"name\": 5}]", "byte 22: \"name\" is not a string");
  check_error("UNIT_DATA = [{\"name\": \"\xff\"}]", "byte 23: invalid UTF-8 in a string");
  check_error("UNIT_DATA = [{\"start\": 1e999}]", "byte 23: a number too large for a double");
  check_error("UNIT_DATA = [{\"i\": 1.5}]", "byte 19: \"i\" is not an integer of 64 bits");
  check_error("UNIT_DATA = [{\"name\": \"x\"}", "byte 26: expected ',' or ']', found the end of the file");
  check_error("UNIT_DATA = [{\"name\": \"\\ud800\"}]", "byte 23: invalid \\u escape (bad hex digits or a lone surrogate)");
  check_error("UNIT_DATA = [7]", "byte 13: UNIT_DATA[0] is not an object");
  /* valid JSON (Python's json reads "a\x00b"), but the names are kept as C
  ** text: refused, not cut to "a" */
  check_error("UNIT_DATA = [{\"name\": \"a\\u0000b\"}]", "byte 24: \\u0000 (a NUL character) in a name, version, mode or target");
}

/* Every prefix of a small page: an error until the closing bracket is in,
** the whole answer after; never a crash (ASan watches). */
static void test_prefixes(void){
  static const char zPage[] =
    "<script>\nconst UNIT_DATA = [\n  {\"i\": 0, \"name\": \"a\\u00e9-b\", \"version\": \"1.0.0\", \"mode\": \"todo\","
    " \"target\": \"\", \"start\": 0.5, \"duration\": 1e-2, \"features\": [\"x\"],"
    " \"sections\": [[\"frontend\", {\"start\": 0, \"end\": 0.25}]], \"junk\": {\"a\": [true, false, null]}},\n"
    "  {\"i\": 1, \"name\": \"a-b\", \"target\": \" build-script (run)\", \"mode\": \"run-custom-build\"}\n];\n</script>";
  size_t n = strlen(zPage);
  size_t nEnd = (size_t)(strstr(zPage, "\n];") - zPage) + 2;   /* just after the closing bracket */
  size_t i;
  int nBad = 0;
  for(i=0; i<=n; i++){
    CargoTimings t;
    char zErr[CARGO_TIMINGS_ERRMSG_MAX];
    int rc = parse(zPage, i, &t, zErr, sizeof(zErr));
    if( (i<nEnd && rc!=CARGO_TIMINGS_ERROR) || (i>=nEnd && (rc!=CARGO_TIMINGS_OK || t.nUnit!=2)) ){
      if( nBad++<3 ) fprintf(stderr, "prefix %zu: rc %d (%s)\n", i, rc, rc ? zErr : "");
    }
    if( rc==CARGO_TIMINGS_OK && i==n ){
      CHECK_STR(t.aUnit[0].zName, "a\xc3\xa9-b");
      CHECK_STR(t.aUnit[0].zUnit, "a\xc3\xa9_b");
      CHECK(t.aUnit[0].bRmeta && t.aUnit[0].rRmeta==0.25);
      CHECK(t.aUnit[0].rDuration==1e-2);
      CHECK_STR(t.aUnit[1].zUnit, "a-b/build_script_build (run)");
      CHECK(!t.aUnit[1].bIndex || t.aUnit[1].iIndex==1);
    }
    cargo_timings_free(&t);
  }
  CHECK(nBad==0);
}

int main(void){
  test_units();
  test_real_page();
  test_errors();
  test_prefixes();
  return unit_report();
}
