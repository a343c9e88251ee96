/*
** test_demangle_rust_legacy.c: the legacy demangler on its own, through
** its own header (ext/demangle_rust_legacy.h).
**
** This test is linked with demangle_rust_legacy.o and demangle_rust_sink.o
** and nothing else (see the Makefile): if legacy ever needs
** demangle_rust.c again, it stops linking.  The expected strings were
** printed by Debian's rustfilt 0.2.1 (`rustfilt -- NAME`, `rustfilt -h --
** NAME`); test_demangle_rust.c covers the demangler as a whole.
**
** Run: make build/unit/test_demangle_rust_legacy && build/unit/test_demangle_rust_legacy
*/
#include "demangle_rust_legacy.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/* The legacy demangling of z, which must end right after its `E`, or NULL;
** malloc()ed. */
static char *legacy_demangle(const char *z, int bAlt){
  RustLegacy sym;
  TextBuf buf = TEXT_BUF_INIT;
  RustSink sink;
  if( !rust_legacy_check(z, strlen(z), &sym) || z[sym.iSuffix]!=0 ) return 0;
  rust_sink_init(&sink, &buf, (size_t)-1);
  rust_legacy_print(&sym, bAlt, &sink);
  text_buf_append(&buf, "", 0);
  return buf.z;
}

static void check_legacy(const char *z, const char *zPlain, const char *zHash){
  char *zOut = legacy_demangle(z, 1);
  CHECK_STR(zOut, zPlain);
  free(zOut);
  zOut = legacy_demangle(z, 0);
  CHECK_STR(zOut, zHash);
  free(zOut);
}

static void test_print(void){
  check_legacy("_ZN3foo3bar17h0123456789abcdefE", "foo::bar", "foo::bar::h0123456789abcdef");
  check_legacy("_ZN4core3ptr46drop_in_place$LT$alloc..vec..Vec$LT$u8$GT$$GT$17h0123456789abcdefE",
               "core::ptr::drop_in_place<alloc::vec::Vec<u8>>",
               "core::ptr::drop_in_place<alloc::vec::Vec<u8>>::h0123456789abcdef");
  check_legacy("_ZN3foo8$u20ac$x17h0123456789abcdefE", "foo::\xe2\x82\xacx",
               "foo::\xe2\x82\xacx::h0123456789abcdef");
  check_legacy("_ZN12$LT$T$GT$..f3barE", "<T>::f::bar", "<T>::f::bar");
  /* not a hash: shown either way */
  check_legacy("_ZN3foo3bar4hxyzE", "foo::bar::hxyz", "foo::bar::hxyz");
  /* not legacy */
  check_legacy("_RNvC3foo3bar", 0, 0);
  check_legacy("_ZN3foo", 0, 0);
  check_legacy("_ZN9fooE", 0, 0);
}

/* What follows the `E` is left to the caller: iSuffix points at it. */
static void test_suffix(void){
  static const char z[] = "_ZN3foo3barE.exit.i";
  RustLegacy sym;
  CHECK(rust_legacy_check(z, strlen(z), &sym));
  CHECK(sym.nElem==2);
  CHECK(strcmp(z + sym.iSuffix, ".exit.i")==0);
}

int main(void){
  test_print();
  test_suffix();
  return unit_report();
}
