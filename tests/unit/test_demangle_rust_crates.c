/*
** test_demangle_rust_crates.c: unit tests of the crates a v0 symbol records
** without printing them: rust_symbol_instantiating_crate() and
** rust_symbol_impl_crate() (ext/demangle_rust.c, ext/demangle_rust_v0.c).
**
** Format.  aCase[] rows are {symbol, instantiating crate, impl crate}.
** The symbols are hand-made; each was run through Debian's rustfilt 0.2.1
** (which must accept it: the row says what it prints) and through the
** independent Python reading of the grammar in tests/oracle/v0_crates.py,
** which gave the two crates.  rustfilt prints neither crate, so it cannot
** be the oracle for them; tests/oracle/v0_crates.py checks all 126,683
** real symbols of tests/data against the Python reading.
**
** After the table, the hostile inputs: deep nesting and every truncation
** of real symbols (the backref loops are in the table).
**
** Run: make build/unit/test_demangle_rust_crates && build/unit/test_demangle_rust_crates
*/
#include "demangle_rust.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

typedef struct CrateCase {
  const char *zSym;
  const char *zInst;   /* rust_symbol_instantiating_crate(), NULL: none */
  const char *zImpl;   /* rust_symbol_impl_crate(), NULL: none */
} CrateCase;

static const CrateCase aCase[] = {
  /* <[u8]>::ends_with, <str>::len, <u32>::max: the impl's path is core's */
  {"_RNvMNtCs1_4core5sliceSh9ends_with", 0, "core"},
  {"_RNvMNtCs1_4core3stre3len", 0, "core"},
  {"_RNvMs_NtCs1_4core3numm3max", 0, "core"},
  /* <str>::to_lowercase::{closure#0}: through the closure to alloc's impl */
  {"_RNCNvMNtCs1_5alloc3stre12to_lowercase0", 0, "alloc"},
  /* <u8>::g, an impl inside the method <str>::f of foo: through both impls */
  {"_RNvMNvMC3fooe1fh1g", 0, "foo"},
  /* <foo::Bar>::new: an inherent impl of a type with a crate */
  {"_RNvMC3fooNtB2_3Bar3new", 0, "foo"},
  /* <u8 as foo::Trait>::m: a trait impl is not an inherent one */
  {"_RNvXC3foohNtB2_5Trait1m", 0, 0},
  /* foo::bar::<_> instantiated by quux, by foo (a backref), by app */
  {"_RINvCs1a_3foo3barpECs3c_4quux", "quux", 0},
  {"_RINvCs1a_3foo3barpEB2_", "foo", 0},
  {"_RINvMNtCs1_4core5sliceSh9ends_withECs2_3app", "app", "core"},
  /* a punycode crate name: f\u00f6\u00f6 */
  {"_RINvCs1a_3foo3barpECs3c_u6f_1gaa", "f\xc3\xb6\xc3\xb6", 0},
  /* suffixes: `.llvm.` is cut first, `.cold` is kept after the symbol */
  {"_RINvCs1a_3foo3barpECs3c_4quux.llvm.1234ABCD", "quux", 0},
  {"_RINvCs1a_3foo3barpECs3c_4quux.cold", "quux", 0},
  /* the other manglings of the prefix: R (Windows), __R (macOS) */
  {"RINvCs1a_3foo3barpECs3c_4quux", "quux", 0},
  {"__RINvCs1a_3foo3barpECs3c_4quux", "quux", 0},
  /* not v0: legacy, plain text, C++, empty; not a whole symbol */
  {"_ZN3foo3bar17h0123456789abcdefE", 0, 0},
  {"hello", 0, 0},
  {"_ZNSt6vectorIiSaIiEE9push_backERKi", 0, 0},
  {"", 0, 0},
  {"x _RINvCs1a_3foo3barpECs3c_4quux", 0, 0},
  /* a backref that points at or after itself makes the symbol invalid */
  {"_RINvCs1a_3foo3barpEB40_", 0, 0},
  /* backref loops in the instantiating crate and in the impl path, which
  ** the check pass allows (it does not follow backrefs) and rustfilt never
  ** follows (it prints neither path: `a::b`, `<u8>::g`); the walk gives up
  ** after RUST_DEMANGLE_MAX_DEPTH steps */
  {"_RNvC1a1bNvB6_1c", 0, 0},
  {"_RNvMNvB2_1ah1g", 0, 0},
};

static char *inst_crate(const char *z, size_t n){
  char *zOut;
  size_t nOut;
  if( rust_symbol_instantiating_crate(z, n, &zOut, &nOut) ) return 0;
  if( zOut && strlen(zOut)!=nOut ){ free(zOut); return strdup("(bad length)"); }
  return zOut;
}

static char *impl_crate(const char *z, size_t n){
  char *zOut;
  size_t nOut;
  if( rust_symbol_impl_crate(z, n, &zOut, &nOut) ) return 0;
  if( zOut && strlen(zOut)!=nOut ){ free(zOut); return strdup("(bad length)"); }
  return zOut;
}

static void test_cases(void){
  size_t i;
  for(i = 0; i < sizeof(aCase)/sizeof(aCase[0]); i++){
    const char *z = aCase[i].zSym;
    char *zInst = inst_crate(z, strlen(z));
    char *zImpl = impl_crate(z, strlen(z));
    CHECK_STR(zInst, aCase[i].zInst);
    CHECK_STR(zImpl, aCase[i].zImpl);
    if( (zInst==0)!=(aCase[i].zInst==0) || (zImpl==0)!=(aCase[i].zImpl==0) ){
      fprintf(stderr, "  symbol: %s\n", z);
    }
    free(zInst);
    free(zImpl);
  }
}

/* A path nested k levels deep over an inherent impl of str in crate a:
** "N v" k times, "M C1a e", then k identifiers "1x". */
static char *nested(size_t k, size_t *pn){
  size_t n = 2 + 2*k + 5 + 2*k, i, j = 0;
  char *z = malloc(n + 1);
  if( z==0 ){ fprintf(stderr, "out of memory\n"); exit(2); }
  z[j++] = '_'; z[j++] = 'R';
  for(i = 0; i < k; i++){ z[j++] = 'N'; z[j++] = 'v'; }
  memcpy(z + j, "MC1ae", 5); j += 5;
  for(i = 0; i < k; i++){ z[j++] = '1'; z[j++] = 'x'; }
  z[j] = 0;
  *pn = j;
  return z;
}

/* 400 levels are walked; 100,000 are refused by the check pass (as
** rustfilt refuses them) before any walk. */
static void test_deep_nesting(void){
  size_t n;
  char *z = nested(400, &n), *zGot;
  zGot = impl_crate(z, n);
  CHECK_STR(zGot, "a");
  free(zGot);
  free(z);
  z = nested(100000, &n);
  zGot = impl_crate(z, n);
  CHECK_STR(zGot, 0);
  free(zGot);
  free(z);
}

/* Every prefix of 200 real symbols: no crash, no overread, no leak
** (ASan and valgrind run this too). */
static void test_truncated(void){
  const char *zDir = getenv("TT_DATA");
  char zPath[4096], zLine[8192];
  FILE *f;
  size_t iRow = 0, nSym = 0;
  snprintf(zPath, sizeof(zPath), "%s/rust_symbols.tsv", zDir ? zDir : "build/testdata");
  f = fopen(zPath, "rb");
  CHECK(f!=0);
  if( f==0 ){ fprintf(stderr, "  cannot open %s\n", zPath); return; }
  while( fgets(zLine, sizeof(zLine), f) && nSym < 200 ){
    size_t n = strcspn(zLine, "\t\n"), i;
    if( iRow++ % 600 ) continue;
    nSym++;
    for(i = 0; i <= n; i++){
      char *zCopy = malloc(i ? i : 1), *zA, *zB;
      if( zCopy==0 ){ fprintf(stderr, "out of memory\n"); exit(2); }
      memcpy(zCopy, zLine, i);
      zA = inst_crate(zCopy, i);
      zB = impl_crate(zCopy, i);
      free(zA);
      free(zB);
      free(zCopy);
    }
  }
  fclose(f);
  CHECK(nSym==200);
}

int main(void){
  test_cases();
  test_deep_nesting();
  test_truncated();
  return unit_report();
}
