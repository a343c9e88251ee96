/*
** test_profile_unit.c: profile_unit (the unit of a self-profile file) and
** duration_text's edges.  The rows of a real cargo build's profiles are
** checked against its traces' units by tests/oracle/self_profile_test.py;
** duration_text against Rust's own text there too.
*/
#include "unit.h"
#include "../../ext/duration_text.h"
#include "../../ext/profile_unit.h"

static void check_unit(const char *zPath, const char *zCmd, const char *zWant){
  char *z = profile_unit(zPath, zCmd);
  CHECK_STR(z, zWant);
  free(z);
}

int main(void){
  char z[DURATION_TEXT_MAX];
  /* cargo's command lines: the output's path names the unit */
  check_unit("sp/serde_json-4242.mm_profdata",
             "rustc --crate-name serde_json --edition=2018 src/lib.rs --crate-type lib "
             "-C metadata=d6da068819b03b25 -C extra-filename=-d6da068819b03b25 "
             "--out-dir /w/target/release/deps -L dependency=/w/target/release/deps", "serde_json");
  check_unit("sp/build_script_build-77.mm_profdata",
             "rustc --crate-name build_script_build build.rs --crate-type bin "
             "-C extra-filename=-f3d8f7b4fb78d9d3 --out-dir /w/target/release/build/tokio-f3d8f7b4fb78d9d3",
             "tokio/build_script_build");
  check_unit("sp/probe0-9.mm_profdata",
             "rustc --crate-name probe0 --crate-type lib --out-dir /w/target/release/build/lock_api-d226361e1946e530/out --emit=llvm-ir -",
             "lock_api/probe0");
  check_unit("x.mm_profdata", "rustc --crate-name=a_b -Cextra-filename=-0123456789abcdef --out-dir=/t/deps", "a_b");
  check_unit("x.mm_profdata", "rustc  --crate-name  a  --out-dir  d ", "a");
  /* no output folder or no crate name: the file's name */
  check_unit("/p/q/tiny-4242.mm_profdata", "rustc -Zself-profile tiny.rs -o /tmp/t", "tiny");
  check_unit("/p/q/tiny-4242.mm_profdata.gz", "rustc --out-dir /tmp tiny.rs", "tiny");
  check_unit("tiny-4242.mm_profdata", 0, "tiny");
  check_unit("selfprofile-small.mm_profdata", 0, "selfprofile-small");
  check_unit("a-.mm_profdata", 0, "a-");
  check_unit("-123.mm_profdata", 0, "-123");
  check_unit("x-1-2.mm_profdata", 0, "x-1");
  check_unit("dir/", 0, "");
  check_unit("p", "rustc --crate-name", "p");      /* the option's value is missing */
  check_unit("p", "", "p");
  /* duration_text: the edges Rust's table does not reach */
  CHECK(duration_text(INT64_MIN, -1, z)>0);
  CHECK_STR(z, "-9223372036.854775808s");
  duration_text(INT64_MAX, 2, z);
  CHECK_STR(z, "9223372036.85s");
  duration_text(-1, 2, z);
  CHECK_STR(z, "-1.00ns");
  duration_text(999999999, 0, z);
  CHECK_STR(z, "1000ms");
  duration_text(1500, 12, z);          /* more than 9 decimals: 9 */
  CHECK_STR(z, "1.500000000\xC2\xB5s");
  return unit_report();
}
