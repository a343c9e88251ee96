/*
** test_trace_source.c: unit names, file lists and patterns, and what can
** be read only once (trace_source.c).
** Expected values written by hand from the rules in trace_source.h.
*/
#include "trace_source.h"
#include "unit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void check_unit(const char *zPath, const char *zWant){
  char *z = trace_source_unit(zPath);
  if( z==0 || strcmp(z, zWant)!=0 ) fprintf(stderr, "path: %s\n", zPath);
  CHECK_STR(z, zWant);
  free(z);
}

static void test_units(void){
  check_unit("target/release/deps/web_http_server-6e6f731551602307.llvm_timings.json", "web_http_server");
  check_unit("deps/serde_json-d6da068819b03b25.llvm_timings.json.gz", "serde_json");
  check_unit("/abs/build/tokio-f3d8f7b4fb78d9d3/build_script_build-f3d8f7b4fb78d9d3.llvm_timings.json.gz",
             "tokio/build_script_build");
  check_unit("build/tokio-f3d8f7b4fb78d9d3/build_script_main-f3d8f7b4fb78d9d3.llvm_timings.json",
             "tokio/build_script_main");
  check_unit("t/build/lock_api-d226361e1946e530/out/probe0.llvm_timings.json.gz", "lock_api/probe0");
  check_unit("build/num-traits-72cd958b95ee6944/out/probe12.llvm_timings.json", "num-traits/probe12");
  check_unit("tiny.llvm_timings.json", "tiny");
  check_unit("clang/json_catalog.json", "json_catalog");
  check_unit("fmt_report.json.gz", "fmt_report");
  check_unit("-", "-");
  check_unit("/dev/stdin", "-");
  /* not cargo's layout: only the file name counts */
  check_unit("x/notbuild/tokio-f3d8f7b4fb78d9d3/build_script_build-f3d8f7b4fb78d9d3.llvm_timings.json",
             "build_script_build");
  check_unit("deps/short-abc.llvm_timings.json", "short-abc");
  check_unit("deps/upper-6E6F731551602307.llvm_timings.json", "upper-6E6F731551602307");
  check_unit("trace.txt", "trace.txt");
}

static void test_expand(void){
  char zDir[] = "/tmp/tt-src-XXXXXX";
  char zPath[300];
  char zErr[TRACE_ERRMSG_MAX];
  char **az;
  int n, i;
  static const char *azName[] = { "b.json", "a.json.gz", "c.txt", "sub.json" };
  if( mkdtemp(zDir)==0 ){ CHECK(0); return; }
  for(i=0; i<4; i++){
    FILE *f;
    snprintf(zPath, sizeof(zPath), "%s/%s", zDir, azName[i]);
    if( i==3 ){ CHECK(mkdir(zPath, 0700)==0); continue; }
    f = fopen(zPath, "w");
    CHECK(f!=0);
    if( f ) fclose(f);
  }
  /* a directory: *.json and *.json.gz files only (not sub.json, a directory), sorted */
  CHECK(trace_source_expand(zDir, &az, &n, zErr, sizeof(zErr))==0);
  CHECK(n==2);
  if( n==2 ){
    CHECK(strcmp(strrchr(az[0], '/'), "/a.json.gz")==0);
    CHECK(strcmp(strrchr(az[1], '/'), "/b.json")==0);
  }
  trace_source_free_list(az, n);
  /* a dangling link named *.json is listed (opening it is the error that
  ** names it), not skipped in silence */
  snprintf(zPath, sizeof(zPath), "%s/d.json", zDir);
  CHECK(symlink("/nonexistent/target.json", zPath)==0);
  CHECK(trace_source_expand(zDir, &az, &n, zErr, sizeof(zErr))==0);
  CHECK(n==3);
  if( n==3 ) CHECK(strcmp(strrchr(az[2], '/'), "/d.json")==0);
  trace_source_free_list(az, n);
  CHECK(unlink(zPath)==0);
  /* a pattern */
  snprintf(zPath, sizeof(zPath), "%s/*.json*", zDir);
  CHECK(trace_source_expand(zPath, &az, &n, zErr, sizeof(zErr))==0);
  CHECK(n==3);
  trace_source_free_list(az, n);
  snprintf(zPath, sizeof(zPath), "%s/*.nothing", zDir);
  CHECK(trace_source_expand(zPath, &az, &n, zErr, sizeof(zErr))!=0);
  CHECK_STR(zErr, "no file matches this pattern");
  /* a file that does not exist (no pattern characters): listed, fails at open */
  snprintf(zPath, sizeof(zPath), "%s/missing.json", zDir);
  CHECK(trace_source_expand(zPath, &az, &n, zErr, sizeof(zErr))==0 && n==1);
  trace_source_free_list(az, n);
  /* a directory without traces */
  snprintf(zPath, sizeof(zPath), "%s/sub.json", zDir);
  CHECK(trace_source_expand(zPath, &az, &n, zErr, sizeof(zErr))!=0);
  CHECK_STR(zErr, "no *.json or *.json.gz file in this directory");
  for(i=0; i<4; i++){
    snprintf(zPath, sizeof(zPath), "%s/%s", zDir, azName[i]);
    if( i==3 ) rmdir(zPath); else unlink(zPath);
  }
  rmdir(zDir);
}

/* Write zText to zDir/zName (folders made as needed, two levels). */
static void put_file(const char *zDir, const char *zName, const char *zText){
  char zPath[400];
  const char *z;
  FILE *f;
  for(z=strchr(zName, '/'); z; z=strchr(z + 1, '/')){
    snprintf(zPath, sizeof(zPath), "%s/%.*s", zDir, (int)(z - zName), zName);
    mkdir(zPath, 0700);
  }
  snprintf(zPath, sizeof(zPath), "%s/%s", zDir, zName);
  f = fopen(zPath, "w");
  CHECK(f!=0);
  if( f ){ fputs(zText, f); fclose(f); }
}

/* The path of az[i] below zDir ("" when out of range). */
static const char *below(char **az, int n, int i, const char *zDir){
  return i<n ? az[i] + strlen(zDir) + 1 : "";
}

/* recursive=1 and skip=nontrace (trace_source_expand_ex), on a CMake-like
** folder: traces nested in CMakeFiles/<target>.dir/<dirs>/, the
** compile_commands.json at the top, a folder named *.json, a link to a
** folder (not followed) and CMake's own JSON of another shape. */
static void test_expand_ex(void){
  static const char zTrace[] = "{\"traceEvents\":[{\"ph\":\"X\",\"name\":\"Frontend\",\"ts\":1,\"dur\":2}]}";
  char zDir[] = "/tmp/tt-rec-XXXXXX";
  char zPath[400], zWant[TRACE_ERRMSG_MAX], zErr[TRACE_ERRMSG_MAX];
  char **az, **azSkip;
  int n, nSkip;
  if( mkdtemp(zDir)==0 ){ CHECK(0); return; }
  put_file(zDir, "compile_commands.json", "[{\"directory\":\"/b\",\"command\":\"c++ -c a.cpp\",\"file\":\"a.cpp\"}]");
  put_file(zDir, "CMakeFiles/app.dir/src/a.cpp.json", zTrace);
  put_file(zDir, "CMakeFiles/app.dir/src/deep/b.cpp.json", zTrace);
  put_file(zDir, "CMakeFiles/app.dir/notes.txt", "not json");
  put_file(zDir, ".cmake/api/reply/index.json", "{\"cmake\":{\"version\":{}}}");
  put_file(zDir, "lines.json", "{\"ph\":\"X\",\"name\":\"a\",\"ts\":1,\"dur\":1}\n");
  snprintf(zPath, sizeof(zPath), "%s/dir.json", zDir);
  CHECK(mkdir(zPath, 0700)==0);
  snprintf(zPath, sizeof(zPath), "%s/link", zDir);
  CHECK(symlink("CMakeFiles", zPath)==0);

  /* without options: the top level only, the JSON that is not a trace included */
  CHECK(trace_source_expand_ex(zDir, 0, &az, &n, 0, 0, zErr, sizeof(zErr))==0);
  CHECK(n==2);
  CHECK_STR(below(az, n, 0, zDir), "compile_commands.json");
  CHECK_STR(below(az, n, 1, zDir), "lines.json");
  trace_source_free_list(az, n);

  /* recursive: every level, sorted by path; the link to a folder and the
  ** folder named *.json are not walked into */
  CHECK(trace_source_expand_ex(zDir, TRACE_EXPAND_RECURSIVE, &az, &n, 0, 0, zErr, sizeof(zErr))==0);
  CHECK(n==5);
  CHECK_STR(below(az, n, 0, zDir), ".cmake/api/reply/index.json");
  CHECK_STR(below(az, n, 1, zDir), "CMakeFiles/app.dir/src/a.cpp.json");
  CHECK_STR(below(az, n, 2, zDir), "CMakeFiles/app.dir/src/deep/b.cpp.json");
  CHECK_STR(below(az, n, 3, zDir), "compile_commands.json");
  CHECK_STR(below(az, n, 4, zDir), "lines.json");
  trace_source_free_list(az, n);

  /* and skip=nontrace: the two that are not traces left out, each with the reader's reason */
  CHECK(trace_source_expand_ex(zDir, TRACE_EXPAND_RECURSIVE | TRACE_EXPAND_SKIP_NONTRACE, &az, &n,
                               &azSkip, &nSkip, zErr, sizeof(zErr))==0);
  CHECK(n==3 && nSkip==4);
  CHECK_STR(below(az, n, 0, zDir), "CMakeFiles/app.dir/src/a.cpp.json");
  CHECK_STR(below(az, n, 2, zDir), "lines.json");
  snprintf(zWant, sizeof(zWant), "%s/.cmake/api/reply/index.json", zDir);
  CHECK_STR(nSkip>0 ? azSkip[0] : "", zWant);
  CHECK_STR(nSkip>1 ? azSkip[1] : "", "byte 24: not a trace: the top-level object "
            "has no \"traceEvents\" array and is not an event (no \"ph\" key)");
  snprintf(zWant, sizeof(zWant), "%s/compile_commands.json", zDir);
  CHECK_STR(nSkip>2 ? azSkip[2] : "", zWant);
  CHECK_STR(nSkip>3 ? azSkip[3] : "", "byte 59: not a trace: the first element of the "
            "top-level array is not an event (no \"ph\" key)");
  trace_source_free_list(az, n);
  trace_source_free_list(azSkip, nSkip);

  /* a file that is not JSON at all stays listed: reading it is the error */
  put_file(zDir, "bad.json", "{\"traceEvents\":[{\"ph\":");
  CHECK(trace_source_expand_ex(zDir, TRACE_EXPAND_SKIP_NONTRACE, &az, &n, &azSkip, &nSkip, zErr, sizeof(zErr))==0);
  CHECK(n==2 && nSkip==2);
  CHECK_STR(below(az, n, 0, zDir), "bad.json");
  trace_source_free_list(az, n);
  trace_source_free_list(azSkip, nSkip);

  /* nothing left: an error that says how many were left out */
  snprintf(zPath, sizeof(zPath), "%s/compile_commands.json", zDir);
  CHECK(trace_source_expand_ex(zPath, TRACE_EXPAND_SKIP_NONTRACE, &az, &n, &azSkip, &nSkip, zErr, sizeof(zErr))!=0);
  CHECK_STR(zErr, "no trace: skip=nontrace left out 1 file that is not a trace");
  CHECK(az==0 && n==0 && azSkip==0 && nSkip==0);
  snprintf(zPath, sizeof(zPath), "%s/CMakeFiles/app.dir/notes", zDir);
  CHECK(mkdir(zPath, 0700)==0);
  CHECK(trace_source_expand_ex(zPath, TRACE_EXPAND_RECURSIVE, &az, &n, 0, 0, zErr, sizeof(zErr))!=0);
  CHECK_STR(zErr, "no *.json or *.json.gz file in this directory or below it");
  rmdir(zPath);

  snprintf(zPath, sizeof(zPath), "rm -rf '%s'", zDir);
  CHECK(system(zPath)==0);
}

/* Patterns: braces alone make one ("f{1,2}.json" was taken as a file
** name); a directory of the pattern that cannot be read is named. */
static void test_patterns(void){
  char zDir[] = "/tmp/tt-pat-XXXXXX";
  char zPath[300], zLoop[300];
  char zErr[TRACE_ERRMSG_MAX], zWant[TRACE_ERRMSG_MAX];
  char **az;
  int n, i;
  if( mkdtemp(zDir)==0 ){ CHECK(0); return; }
  for(i=1; i<=3; i++){
    FILE *f;
    snprintf(zPath, sizeof(zPath), "%s/f%d.json", zDir, i);
    f = fopen(zPath, "w");
    CHECK(f!=0);
    if( f ) fclose(f);
  }
  snprintf(zPath, sizeof(zPath), "%s/f{1,3}.json", zDir);
  CHECK(trace_source_expand(zPath, &az, &n, zErr, sizeof(zErr))==0 && n==2);
  if( n==2 ){
    CHECK(strcmp(strrchr(az[0], '/'), "/f1.json")==0);
    CHECK(strcmp(strrchr(az[1], '/'), "/f3.json")==0);
  }
  trace_source_free_list(az, n);
  snprintf(zPath, sizeof(zPath), "%s/g{1,2}.json", zDir);
  CHECK(trace_source_expand(zPath, &az, &n, zErr, sizeof(zErr))!=0);
  CHECK_STR(zErr, "no file matches this pattern");
  /* a file whose name has a brace is that file */
  snprintf(zPath, sizeof(zPath), "%s/f{1,2}.json", zDir);
  { FILE *f = fopen(zPath, "w"); CHECK(f!=0); if( f ) fclose(f); }
  CHECK(trace_source_expand(zPath, &az, &n, zErr, sizeof(zErr))==0 && n==1);
  if( n==1 ) CHECK_STR(az[0], zPath);
  trace_source_free_list(az, n);
  unlink(zPath);
  /* a directory that cannot be read: a link to itself (ELOOP, even for root) */
  snprintf(zLoop, sizeof(zLoop), "%s/loop", zDir);
  CHECK(symlink("loop", zLoop)==0);
  snprintf(zPath, sizeof(zPath), "%s/loop/*.json", zDir);
  CHECK(trace_source_expand(zPath, &az, &n, zErr, sizeof(zErr))!=0);
  snprintf(zWant, sizeof(zWant), "cannot read the directory %s: %s", zLoop, strerror(ELOOP));
  CHECK_STR(zErr, zWant);
  unlink(zLoop);
  /* and one without permission, when that stops us (not root) */
  snprintf(zLoop, sizeof(zLoop), "%s/closed", zDir);
  CHECK(mkdir(zLoop, 0)==0);
  snprintf(zPath, sizeof(zPath), "%s/closed/*.json", zDir);
  if( geteuid()!=0 ){
    CHECK(trace_source_expand(zPath, &az, &n, zErr, sizeof(zErr))!=0);
    snprintf(zWant, sizeof(zWant), "cannot read the directory %s: %s", zLoop, strerror(EACCES));
    CHECK_STR(zErr, zWant);
  }
  rmdir(zLoop);
  for(i=1; i<=3; i++){
    snprintf(zPath, sizeof(zPath), "%s/f%d.json", zDir, i);
    unlink(zPath);
  }
  rmdir(zDir);
}

/* What can be read only once: standard input, pipes, FIFOs, devices. */
static void test_one_pass(void){
  char zDir[] = "/tmp/tt-once-XXXXXX";
  char zPath[300];
  if( mkdtemp(zDir)==0 ){ CHECK(0); return; }
  CHECK(trace_source_one_pass("-")==1);
  CHECK(trace_source_one_pass("/dev/stdin")==1);
  CHECK(trace_source_one_pass("/dev/null")==1);
  CHECK(trace_source_one_pass(zDir)==0);
  snprintf(zPath, sizeof(zPath), "%s/p", zDir);
  CHECK(trace_source_one_pass(zPath)==0);       /* missing: opening it says so */
  CHECK(mkfifo(zPath, 0600)==0);
  CHECK(trace_source_one_pass(zPath)==1);
  unlink(zPath);
  { FILE *f = fopen(zPath, "w"); CHECK(f!=0); if( f ) fclose(f); }
  CHECK(trace_source_one_pass(zPath)==0);
  unlink(zPath);
  rmdir(zDir);
}

int main(void){
  test_units();
  test_expand();
  test_patterns();
  test_expand_ex();
  test_one_pass();
  return unit_report();
}
