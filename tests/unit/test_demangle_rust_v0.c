/*
** test_demangle_rust_v0.c: the v0 demangler on its own, through its own
** header (ext/demangle_rust_v0.h), with punycode.c and the escape table.
**
** This test is linked with demangle_rust_v0.o, demangle_rust_sink.o,
** punycode.o and demangle_rust_chars.o and nothing else (see the Makefile):
** if v0 ever needs demangle_rust.c again, it stops linking.  The expected
** strings were printed by Debian's rustfilt 0.2.1 (`rustfilt -- NAME` and
** `rustfilt -h -- NAME`); the punycode ones are RFC 3492's own examples.
** test_demangle_rust.c covers the demangler as a whole.
**
** Run: make build/unit/test_demangle_rust_v0 && build/unit/test_demangle_rust_v0
*/
#include "demangle_rust_v0.h"
#include "demangle_rust_chars.h"
#include "punycode.h"
#include "unit.h"
#include "v0_symbols.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Demangle the v0 symbol z (all of it must be the symbol) with an output
** limit of nLimit bytes; returns a malloc()ed string, or NULL when it is
** not a v0 symbol.  *pbFull tells whether the limit cut it. */
static char *v0_demangle(const char *z, int bAlt, size_t nLimit, int *pbFull){
  size_t n = strlen(z), iInner, iCrate, iSuffix;
  TextBuf buf = TEXT_BUF_INIT;
  RustSink sink;
  if( !rust_v0_check(z, n, &iInner, &iCrate, &iSuffix) || iSuffix!=n ) return 0;
  rust_sink_init(&sink, &buf, nLimit);
  rust_v0_print(z + iInner, n - iInner, bAlt, &sink);
  text_buf_append(&buf, "", 0);   /* "" when nothing was printed */
  *pbFull = sink.bFull;
  return buf.z;
}

/* CHECK_STR on v0_demangle() with no limit, both modes. */
static void check_v0(const char *z, const char *zPlain, const char *zHash){
  int bFull = 0;
  char *zOut = v0_demangle(z, 1, (size_t)-1, &bFull);
  CHECK_STR(zOut, zPlain);
  free(zOut);
  zOut = v0_demangle(z, 0, (size_t)-1, &bFull);
  CHECK_STR(zOut, zHash);
  free(zOut);
}

static void test_print(void){
  check_v0("_RNvC3foo3bar", "foo::bar", "foo[0]::bar");
  check_v0("_RINvC1a3foohEC3bar", "a::foo::<u8>", "a[0]::foo::<u8>");
  check_v0("_RNvMs_NtC4core3strNtB4_3str3len", "<core::str::str>::len",
           "<core[0]::str::str>::len");
  /* punycode, decoded and not */
  check_v0("_RNvC1au8_gdel_5qa", "a::g\xc3\xb6" "del", "a[0]::g\xc3\xb6" "del");
  check_v0("_RNvC1au5ab_A9", "a::punycode{ab-A9}", "a[0]::punycode{ab-A9}");
  /* quoted consts: escape_debug through the table */
  check_v0("_RINvC1a1bKc41_E", "a::b::<'A'>", "a[0]::b::<'A'>");
  check_v0("_RINvC1a1bKc300_E", "a::b::<'\\u{300}'>", "a[0]::b::<'\\u{300}'>");
  check_v0("_RINvC1a1bKRe68c3a9_E", "a::b::<\"h\xc3\xa9\">", "a[0]::b::<\"h\xc3\xa9\">");
  /* not v0 */
  check_v0("_ZN3foo3barE", 0, 0);
  check_v0("_RNvC1au3_ab", 0, 0);
}

/* Where rust_v0_check() says the parts of a symbol start. */
static void test_check(void){
  static const char z[] = "_RINvC1a3foohEC3bar.cold";
  size_t iInner = 0, iCrate = 0, iSuffix = 0;
  CHECK(rust_v0_check(z, strlen(z), &iInner, &iCrate, &iSuffix));
  CHECK(iInner==2);
  CHECK(strncmp(z + iCrate, "C3bar", 5)==0);
  CHECK(strcmp(z + iSuffix, ".cold")==0);
  CHECK(!rust_v0_check("_R", 2, &iInner, &iCrate, &iSuffix));
  CHECK(!rust_v0_check("_RNvC1a\xc3\xa9", 9, &iInner, &iCrate, &iSuffix));
}

/* The size limit refuses whole pieces: "foo" fits in 4 bytes, "::" then
** does not, and nothing after it is printed. */
static void test_limit(void){
  int bFull = 0;
  char *zOut = v0_demangle("_RNvC3foo3bar", 1, 4, &bFull);
  CHECK_STR(zOut, "foo");
  CHECK(bFull);
  free(zOut);
  zOut = v0_demangle("_RNvC3foo3bar", 1, 8, &bFull);
  CHECK_STR(zOut, "foo::bar");
  CHECK(!bFull);
  free(zOut);
}

/* The work limit (RUST_DEMANGLE_V0_STEPS_*): 18 levels of arguments that
** each print the level below twice, over a chain of 420 nested paths that
** print nothing, in 1,394 bytes.  rustfilt walks the chain for each of
** about 250,000 leaves (10^8 steps, 1 s) until its 1,000,000 bytes of
** output are full; here the walks stop after a few thousand bytes read:
** the symbol stops as when the size limit cuts it (bFull), and what it
** printed is the start of what rustfilt prints (its first bytes below). */
static void test_work_limit(void){
  static const char zPlain[] =
    "::<<<<<<<<<<<<<<<<<<<, >, <, >>, <<, >, <, >>>, <<<, >, <, >>, <<, >, "
    "<, >>>>, <<<<, >, <, >>, <<, >, <, >>>, <<<, >, <, >>, <<, >, <, >>>>>";
  static const char zHash[] =
    "[0]::<[0]<[0]<[0]<[0]<[0]<[0]<[0]<[0]<[0]<[0]<[0]<[0]<[0]<[0]<[0]<[0]"
    "<[0]<[0]<[0], [0]>, [0]<[0], [0]>>, [0]<[0]<[0], [0]>, [0]<[0], [0]>>>, "
    "[0]<[0]<[0]<[0], [0]>, [0]<[0], [0]>>, [0]<[0]<[0], [0]>, [0]<[0], [0]>>>>, "
    "[0]<[0]<[0]<[0]<[0], [0]>, [0]<[0], [0]>>, [0]<[0]<[0], [0]>, [0]<[0], "
    "[0]>>>, [0]<[0]<[0]<[0], [0]>, [0]<[0], [0]>>";
  char z[2048];
  size_t n = 0;
  int bAlt;
  memcpy(z, "_RIC0", 5); n = 5;
  work_level(z, &n, 18, 420);
  z[n++] = 'E';
  z[n] = 0;
  CHECK(n==1394);
  for(bAlt = 0; bAlt <= 1; bAlt++){
    const char *zWant = bAlt ? zPlain : zHash;
    int bFull = 0;
    char *zOut = v0_demangle(z, bAlt, 1000000, &bFull);
    size_t nOut = zOut ? strlen(zOut) : 0;
    CHECK(bFull);
    CHECK(nOut > 40 && nOut < 1000);
    CHECK(nOut <= strlen(zWant) && zOut && memcmp(zOut, zWant, nOut)==0);
    free(zOut);
  }
}

/* rust_v0_crate(): the crate root of a path, and the crate of an impl. */
static void test_crate(void){
  static const char zInst[] = "INvC1a3foohEC3bar";
  static const char zImpl[] = "NvMs_NtC4core3strNtB4_3str3len";
  TextBuf buf = TEXT_BUF_INIT;
  RustSink sink;
  size_t iCrate = (size_t)(strstr(zInst, "C3bar") - zInst);
  rust_sink_init(&sink, &buf, (size_t)-1);
  CHECK(rust_v0_crate(zInst, strlen(zInst), iCrate, RUST_V0_ROOT_CRATE, &sink));
  CHECK_STR(buf.z, "bar");
  buf.n = 0;
  CHECK(rust_v0_crate(zImpl, strlen(zImpl), 0, RUST_V0_IMPL_CRATE, &sink));
  CHECK_STR(buf.z, "core");
  CHECK(!rust_v0_crate(zInst, strlen(zInst), 0, RUST_V0_IMPL_CRATE, &sink));
  free(buf.z);
}

/* Decode zBasic + zDelta and compare with the code points aWant[0..nWant). */
static void check_puny(const char *zBasic, const char *zDelta, const uint32_t *aWant, int nWant){
  uint32_t a[RUST_DEMANGLE_MAX_PUNYCODE];
  int n = punycode_decode(zBasic, strlen(zBasic), zDelta, strlen(zDelta), a, RUST_DEMANGLE_MAX_PUNYCODE);
  CHECK(n==nWant);
  if( n==nWant && n>0 ) CHECK(memcmp(a, aWant, (size_t)n * sizeof(a[0]))==0);
}

static void test_punycode(void){
  /* RFC 3492 7.1 (B) Chinese, simplified: no basic code points */
  static const uint32_t aZh[] = {0x4ED6, 0x4EEC, 0x4E3A, 0x4EC0, 0x4E48, 0x4E0D,
                                 0x8BF4, 0x4E2D, 0x6587};
  /* "b\u00fccher" = "bcher-kva" */
  static const uint32_t aBucher[] = {'b', 0xFC, 'c', 'h', 'e', 'r'};
  uint32_t a[4];
  check_puny("", "ihqwcrb4cv8a8dqg056pqjye", aZh, 9);
  check_puny("bcher", "kva", aBucher, 6);
  check_puny("bcher", "", 0, -1);         /* no delta */
  check_puny("bcher", "KVA", 0, -1);      /* uppercase is not ours */
  check_puny("", "99999999999999", 0, -1);   /* overflow or past U+10FFFF */
  CHECK(punycode_decode("bcher", 5, "kva", 3, a, 4)==-1);   /* too long */
}

static void test_chars(void){
  CHECK(!rust_char_needs_unicode_escape(0));        /* \0 */
  CHECK(!rust_char_needs_unicode_escape('\n'));     /* \n */
  CHECK(rust_char_needs_unicode_escape(0x7F));
  CHECK(!rust_char_needs_unicode_escape(' '));
  CHECK(rust_char_needs_unicode_escape(0xA0));      /* Zs */
  CHECK(rust_char_needs_unicode_escape(0x300));     /* Mn */
  CHECK(rust_char_needs_unicode_escape(0x9BE));     /* Mc, Other_Grapheme_Extend */
  CHECK(!rust_char_needs_unicode_escape(0x9BF));    /* Mc */
  CHECK(!rust_char_needs_unicode_escape(0x1F600));
  CHECK(rust_char_needs_unicode_escape(0x31350));   /* Unicode 15's CJK Ext. H */
  CHECK(rust_char_needs_unicode_escape(0x10FFFF));
}

int main(void){
  test_print();
  test_check();
  test_limit();
  test_work_limit();
  test_crate();
  test_punycode();
  test_chars();
  return unit_report();
}
