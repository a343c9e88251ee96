/*
** test_demangle_cxx.c: unit tests of ext/demangle_cxx.c against GNU c++filt 2.40.
**
** Format: hand cases are  CASE(input, c++filt output);  where the output
** is what `c++filt -- INPUT` printed (equal to the input when c++filt
** leaves it alone).  Then every row of two tables, `mangled<TAB>c++filt`:
**   $TT_DATA/cxx_symbols.tsv        the corpus (clang traces), 665 rows
**   $TT_DATA/cxx_symbols_extra.tsv  real symbols from nm of g++/clang++
**                                   objects and of LLVM, clang, boost,
**                                   ICU and libstdc++ shared libraries,
**                                   demangled by c++filt 2.40 (444 rows)
** ($TT_DATA defaults to build/testdata; tests/data/prepare.sh fills it).
** Every row must match exactly.  Then the limits and the input that
** makes GCC 12's __cxa_demangle loop forever.  Last, cxx_demangle_text():
** TEXT_CASE(input, output) where the output is what `c++filt` printed
** with the input on its standard input (tests/oracle/cxxfilt_text.py
** compares many more lines with c++filt, live).
*/
#include "unit.h"
#include "v0_symbols.h"
#include "demangle_cxx.h"
#include "demangle_text.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

/* cxx_demangle_symbol() as c++filt prints: the input when not demangled. */
static char *demangle_str(const char *z, size_t n){
  char *zOut = 0, *zCopy;
  size_t nOut = 0;
  if( cxx_demangle_symbol(z, n, &zOut, &nOut)!=0 ) return 0;
  if( zOut ){
    if( strlen(zOut)!=nOut ){ free(zOut); return 0; }
    return zOut;
  }
  zCopy = malloc(n+1);
  if( zCopy ){ memcpy(zCopy, z, n); zCopy[n] = 0; }
  return zCopy;
}

#define CASE(zIn, zWant) do { \
  char *zGot_ = demangle_str(zIn, strlen(zIn)); \
  CHECK_STR(zGot_, zWant); \
  free(zGot_); \
} while(0)

static void test_hand(void){
  CASE("_ZN3fmt2v912format_errorC2EPKc", "fmt::v9::format_error::format_error(char const*)");
  CASE("_ZNSt6vectorIiSaIiEE9push_backERKi",
       "std::vector<int, std::allocator<int> >::push_back(int const&)");
  /* names c++filt leaves alone; bare types __cxa_demangle would read */
  CASE("main", "main");
  CASE("by_count", "by_count");
  CASE("_GLOBAL__sub_I_json_catalog.cpp", "_GLOBAL__sub_I_json_catalog.cpp");
  CASE("i", "i");
  CASE("PK11SDR_Decrypt", "PK11SDR_Decrypt");
  CASE("__Z1fv", "__Z1fv");
  CASE("_Z1fv@plt", "_Z1fv@plt");
  CASE("", "");
  /* global constructors and destructors */
  CASE("_GLOBAL__I_foo", "global constructors keyed to foo");
  CASE("_GLOBAL__D__Z1fv", "global destructors keyed to f()");
  /* clone suffixes */
  CASE("_Z1fv.cold", "f() [clone .cold]");
  CASE("_Z1fv.llvm.123", "f() [clone .llvm.123]");
  CASE("_Z1fv.part.0", "f() [clone .part.0]");
  CASE("_Z1fv.isra.0.cold", "f() [clone .isra.0] [clone .cold]");
  CASE("_ZN1AIiE1fEv.constprop.0", "A<int>::f() [clone .constprop.0]");
  CASE("_Z1fv.A", "_Z1fv.A");
  /* a leading '.' is kept, a leading '$' dropped */
  CASE("._Z1fv", ".f()");
  CASE("$_Z1fv", "f()");
  CASE(".main", ".main");
  /* verbose standard substitutions */
  CASE("_ZNSolsEi", "std::basic_ostream<char, std::char_traits<char> >::operator<<(int)");
  CASE("_Z1fSs", "f(std::basic_string<char, std::char_traits<char>, std::allocator<char> >)");
  CASE("_Z1fSi", "f(std::basic_istream<char, std::char_traits<char> >)");
  CASE("_Z1fSd", "f(std::basic_iostream<char, std::char_traits<char> >)");
  CASE("_Z1fSa", "f(std::allocator)");
  CASE("_ZN3fooISsE3barEv",
       "foo<std::basic_string<char, std::char_traits<char>, std::allocator<char> > >::bar()");
  CASE("_ZNSsC1Ev",
       "std::basic_string<char, std::char_traits<char>, std::allocator<char> >::basic_string()");
  CASE("_ZN6icu_72rsERSiRNS_13UnicodeStringE",
       "icu_72::operator>>(std::basic_istream<char, std::char_traits<char> >&, icu_72::UnicodeString&)");
  /* a class really named std::string is not expanded (no "Ss" in it) */
  CASE("_Z1fNSt6stringE", "f(std::string)");
  /* unresolved names with template arguments as operands */
  CASE("_Z1fIiEDTclsr3stdE7declvalIT_EEEv", "decltype ((std::declval<int>)()) f<int>()");
  CASE("_Z1fIiEDTplsr3stdE1xIT_Esr3stdE1yIiEEv",
       "decltype ((std::x<int>)+(std::y<int>)) f<int>()");
  CASE("_Z1fIiEDTcldtfp_sr3stdE1xIiEEEv", "decltype (({parm#1}.(std::x<int>))()) f<int>()");
  CASE("_Z1fIiEDTsr3stdE1xIT_EEv", "decltype (std::x<int>) f<int>()");
  CASE("_Z1fIiEDTcl1gsr3stdE1xIT_EEEv", "decltype (g(std::x<int>)) f<int>()");
  CASE("_Z1fIiEDTclsr3stdE1gfp_EEv", "decltype (std::g({parm#1})) f<int>()");
  CASE("_Z1fIiEDTclsr3std3fooE7declvalIT_EEES1_",
       "decltype ((std::foo::declval<int>)()) f<int>(decltype ((std::foo::declval<int>)()))");
  CASE("_ZN8nlohmann16json_abi_v3_11_214adl_serializerIA7_cvE7to_jsonINS0_10basic_jsonISt3mapSt6vectorNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEEblmdSaS1_S7_IhSaIhEEEERA7_KcEEDTcmclL_ZNS0_7to_jsonEEfp_clsr3stdE7forwardIT0_Efp0_EEcvv_EERT_OSK_",
       "decltype ((nlohmann::json_abi_v3_11_2::to_json({parm#1}, (std::forward<char const (&) [7]>)({parm#2}))),((void)())) nlohmann::json_abi_v3_11_2::adl_serializer<char [7], void>::to_json<nlohmann::json_abi_v3_11_2::basic_json<std::map, std::vector, std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >, bool, long, unsigned long, double, std::allocator, nlohmann::json_abi_v3_11_2::adl_serializer, std::vector<unsigned char, std::allocator<unsigned char> > >, char const (&) [7]>(nlohmann::json_abi_v3_11_2::basic_json<std::map, std::vector, std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >, bool, long, unsigned long, double, std::allocator, nlohmann::json_abi_v3_11_2::adl_serializer, std::vector<unsigned char, std::allocator<unsigned char> > >&, char const (&) [7])");
  /* an "sr" inside an identifier is not an unresolved name */
  CASE("_ZN4llvm9usrlookupEv", "llvm::usrlookup()");
  /* special names */
  CASE("_ZTV1A", "vtable for A");
  CASE("_ZTI1A", "typeinfo for A");
  CASE("_ZGVZ1fvE1x", "guard variable for f()::x");
  CASE("_ZnwmRKSt9nothrow_t", "operator new(unsigned long, std::nothrow_t const&)");
}

/* Known, documented differences from c++filt 2.40 (see demangle_cxx.c):
** this asserts what cxx_demangle_symbol() does, not what c++filt does. */
static void test_known_differences(void){
  /* GCC 12's demangler cannot read C++23 extended floats; c++filt prints
  ** "f(_Float16)". */
  CASE("_Z1fDF16_", "_Z1fDF16_");
  /* ... nor std::bfloat16_t (DF16b) and _FloatNx (DF32x): it prints the old
  ** fixed-point types "f(bool _Accum)" and "f(long long _Accum)" where
  ** c++filt prints "f(std::bfloat16_t)" and "f(_Float32x)": left
  ** unchanged rather than named wrongly. */
  CASE("_Z3fooDF16b", "_Z3fooDF16b");
  CASE("_Z3fooDF32x", "_Z3fooDF32x");
  CASE("_Z3fooDF64xDF16b", "_Z3fooDF64xDF16b");
  /* An unresolved name qualified by a type ("srN", "srT_") is not
  ** rewritten: c++filt prints "decltype ((std::foo::declval<int>)())
  ** f<int>(std::foo)". */
  CASE("_Z1fIiEDTclsrN3std3fooE7declvalIT_EEES1_",
       "decltype (std::foo::declval<int>()) f<int>(std::foo)");
  /* The infinite-loop guard refuses this valid symbol (an "sr" whose
  ** qualifier has class-type template arguments, and a later "Co" that
  ** could be a trap); c++filt prints
  ** "std::enable_if<__and_<std::__not_<...>...>::value, void>::type std::swap<std::locale>(std::locale&, std::locale&)". */
  CASE("_ZSt4swapISt6localeENSt9enable_ifIXsr6__and_ISt6__not_ISt15__is_tuple_likeIT_EESt21is_move_constructibleIS4_ESt18is_move_assignableIS4_EEE5valueEvE4typeERS4_SD_",
       "_ZSt4swapISt6localeENSt9enable_ifIXsr6__and_ISt6__not_ISt15__is_tuple_likeIT_EESt21is_move_constructibleIS4_ESt18is_move_assignableIS4_EEE5valueEvE4typeERS4_SD_");
}

/* Each row of a `mangled<TAB>c++filt` table must match; returns rows read. */
static int check_table(const char *zName){
  const char *zDir = getenv("TT_DATA");
  char zPath[4096];
  static char zLine[1<<16];
  FILE *f;
  int nRow = 0, nBad = 0;
  snprintf(zPath, sizeof(zPath), "%s/%s", zDir ? zDir : "build/testdata", zName);
  f = fopen(zPath, "rb");
  if( f==0 ){
    fprintf(stderr, "cannot open %s (run tests/data/prepare.sh)\n", zPath);
    CHECK(0);
    return 0;
  }
  while( fgets(zLine, sizeof(zLine), f) ){
    char *zWant = strchr(zLine, '\t'), *zGot;
    if( zWant==0 ) continue;
    *zWant++ = 0;
    zWant[strcspn(zWant, "\n")] = 0;
    nRow++;
    zGot = demangle_str(zLine, strlen(zLine));
    if( zGot==0 || strcmp(zGot, zWant)!=0 ){
      if( nBad++<10 ){
        fprintf(stderr, "%s row %d: %s\n  got:  %s\n  want: %s\n", zName, nRow,
                zLine, zGot ? zGot : "(oom)", zWant);
      }
    }
    free(zGot);
  }
  fclose(f);
  printf("%s: %d rows, %d differ from c++filt\n", zName, nRow, nBad);
  CHECK(nBad==0);
  return nRow;
}

/* The input is z[0..n): not NUL-terminated, NULs inside. */
static void test_api(void){
  static const char zNul[] = "_Z1fv\0junk";
  char *zBuf = malloc(5), *zOut = (char*)1;
  size_t nOut = 7;
  if( zBuf ){
    memcpy(zBuf, "_Z1fv", 5);
    CHECK(cxx_demangle_symbol(zBuf, 5, &zOut, &nOut)==0);
    CHECK_STR(zOut, "f()");
    CHECK(nOut==3);
    free(zOut);
    free(zBuf);
  }
  CHECK(cxx_demangle_symbol(zNul, sizeof(zNul)-1, &zOut, &nOut)==0 && zOut==0 && nOut==0);
  CHECK(cxx_demangle_symbol(zNul, 5, &zOut, &nOut)==0);
  CHECK_STR(zOut, "f()");
  free(zOut);
  CHECK(cxx_demangle_symbol(0, 0, &zOut, &nOut)==0 && zOut==0);
}

/* "_Z" <len> "aaa..." "v", exactly nTotal bytes, malloc()ed. */
static char *long_symbol(size_t nTotal){
  char *z = malloc(nTotal+1);
  size_t nId;
  int nDigit = 0;
  if( z==0 ) return 0;
  for(nId=nTotal-3; nId>0; nId--){
    nDigit = snprintf(z, nTotal+1, "_Z%zu", nId);
    if( (size_t)nDigit + nId + 1 == nTotal ) break;
  }
  memset(z+nDigit, 'a', nId);
  z[nTotal-1] = 'v';
  z[nTotal] = 0;
  return z;
}

/* Limits: input length (as c++filt), output length, and GCC 12's loop. */
static void test_limits(void){
  char *z, *zOut = 0;
  size_t nOut = 0;
  clock_t t0;
  /* 1024 bytes demangle, 1025 do not: libiberty's own limit too */
  z = long_symbol(CXX_DEMANGLE_MAX_INPUT);
  CHECK(z && cxx_demangle_symbol(z, strlen(z), &zOut, &nOut)==0 && zOut!=0);
  free(zOut); zOut = 0;
  free(z);
  z = long_symbol(CXX_DEMANGLE_MAX_INPUT+1);
  CHECK(z && cxx_demangle_symbol(z, strlen(z), &zOut, &nOut)==0 && zOut==0);
  free(z);
  /* each substitution repeats the previous one twice: 20 levels print
  ** about 3 MB, more than CXX_DEMANGLE_MAX_OUTPUT */
  {
    char zSym[512];
    int k, o = snprintf(zSym, sizeof(zSym), "_Z1f1a1AIS_S_E");
    for(k=3; k<20; k++){
      o += snprintf(zSym+o, sizeof(zSym)-(size_t)o, "S0_IS%c_S%c_E",
                    "0123456789ABCDEFGHIJ"[k-2], "0123456789ABCDEFGHIJ"[k-2]);
    }
    CHECK(cxx_demangle_symbol(zSym, (size_t)o, &zOut, &nOut)==0 && zOut==0);
  }
  /* GCC 12 loops forever on these; they must come back, unchanged */
  t0 = clock();
  CASE("_Z1fDTsr1aDE", "_Z1fDTsr1aDE");
  CASE("_Z1fIXsrseDEE", "_Z1fIXsrseDEE");
  CASE("_Z1fDTsrC1DE", "_Z1fDTsrC1DE");
  CASE("_Z1fDTsr1aUxE", "_Z1fDTsr1aUxE");
  CASE("_ZN4llvm4yaml7yamlizeISt6vectorINS_15DXContainerYAML4PartESaIS4_EENS0_12EmptyContextEEENSt9enable_ifIXsr18has_SequenceTrailtseDomIT_EE5valueEvE4typeERNS0_2IOERS9_bRT0_",
       "_ZN4llvm4yaml7yamlizeISt6vectorINS_15DXContainerYAML4PartESaIS4_EENS0_12EmptyContextEEENSt9enable_ifIXsr18has_SequenceTrailtseDomIT_EE5valueEvE4typeERNS0_2IOERS9_bRT0_");
  CHECK((double)(clock()-t0)/CLOCKS_PER_SEC < 2.0);
}

/* CPU seconds this thread has used (not wall time: the machine may be
** busy with other work). */
static double cpu_seconds(void){
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec*1e-9;
}

/* Issue 17's generator: "_Z1fI1A1BIS0_S0_E", then K times "S1_I" S(n)
** S(n) "E" with S(n) = "S" base36(n-1) "_", n from 2, then "Evv": each
** template argument repeats the previous one twice (K=48: 574 bytes that
** took 15 s and 635 MB in GCC 12's __cxa_demangle; K=70, 860 bytes, never
** finished). */
static char *hostile_symbol(int K){
  static const char zB36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  char *z = malloc(32 + (size_t)K*16);
  int k, o;
  if( z==0 ) return 0;
  o = sprintf(z, "_Z1fI1A1BIS0_S0_E");
  for(k=0; k<K; k++){
    int n = k + 2;
    if( n-1 < 36 ) o += sprintf(z+o, "S1_IS%c_S%c_E", zB36[n-1], zB36[n-1]);
    else o += sprintf(z+o, "S1_IS%c%c_S%c%c_E", zB36[(n-1)/36], zB36[(n-1)%36],
                      zB36[(n-1)/36], zB36[(n-1)%36]);
  }
  sprintf(z+o, "Evv");
  return z;
}

/* Call cxx_demangle_symbol() on z; true when it answers within 50 ms of
** CPU time (the best of three calls: a first call pays for loading and
** the sanitizers' allocator has pauses), demangled or not as bDemangled
** says (when not: as the pre-pass gives up, not as c++filt, which runs
** for ever: see the README's Errors). */
static int answered_quickly(const char *z, int bDemangled){
  double tBest = 1e9;
  int k, bOk = 1;
  for(k=0; k<3; k++){
    char *zOut = (char*)1;
    size_t nOut = 7;
    double t0 = cpu_seconds(), t;
    int rc = cxx_demangle_symbol(z, strlen(z), &zOut, &nOut);
    t = cpu_seconds() - t0;
    if( t<tBest ) tBest = t;
    if( rc==0 ) free(zOut);
    if( rc!=0 || (zOut!=0)!=bDemangled ) bOk = 0;
  }
  if( !bOk || tBest>0.050 ){
    fprintf(stderr, "  %.60s...: %s, %.1f ms\n", z, bOk ? "as expected" : "not as expected", tBest*1e3);
    return 0;
  }
  return 1;
}

/* Hostile input: exponential output or exponential parsing, refused at
** once by the pre-pass (itanium_size.c) instead of running for seconds,
** minutes or for ever; small ones still demangle as c++filt prints them. */
static void test_hostile(void){
  int K;
  char *z = hostile_symbol(4);
  if( z ){
    CASE(z, "void f<A, B<A, A>, B<B, B>, B<B<A, A>, B<A, A> >, B<B<B, B>, B<B, B> >, "
            "B<B<B<A, A>, B<A, A> >, B<B<A, A>, B<A, A> > > >()");
    free(z);
  }
  /* 20 levels print about 40 KB: allowed (1024 bytes per input byte) */
  z = hostile_symbol(20);
  CHECK(z && answered_quickly(z, 1));
  free(z);
  for(K=30; K<=70; K+=10){        /* 350 to 860 bytes */
    z = hostile_symbol(K);
    CHECK(z && answered_quickly(z, 0));
    free(z);
  }
  z = hostile_symbol(48);
  CHECK(z && strlen(z)==574 && answered_quickly(z, 0));
  free(z);
  /* a conversion operator's template-template parameter: GCC 12 parses
  ** its arguments, drops them and parses them again, nested 30 times
  ** (130 bytes: 13 s before the pre-pass) */
  z = malloc(200);
  if( z ){
    int o = sprintf(z, "_ZN1Acv");
    for(K=0; K<30; K++) o += sprintf(z+o, "T_I");
    o += sprintf(z+o, "i");
    for(K=0; K<30; K++) o += sprintf(z+o, "E");
    sprintf(z+o, "Ev");
    CHECK(answered_quickly(z, 0));
    free(z);
  }
}

/* The symbol a thread demangles, and whether it came back unchanged. */
typedef struct SmallStackJob SmallStackJob;
struct SmallStackJob {
  const char *z;
  int bUnchanged;
};

static void *small_stack_demangle(void *pArg){
  SmallStackJob *pJob = pArg;
  char *zOut = 0;
  size_t nOut = 0;
  pJob->bUnchanged = cxx_demangle_symbol(pJob->z, strlen(pJob->z), &zOut, &nOut)==0 && zOut==0;
  free(zOut);
  return 0;
}

/* 100 class templates and 160 references to T_: GCC 12's printer puts
** an array of their product (1 MB here) on the stack, so this 989-byte
** name crashed a thread with a 256 KB stack; now it is refused before. */
static void test_small_stack(void){
  char *z = malloc(2000);
  pthread_attr_t attr;
  pthread_t thread;
  SmallStackJob job = {0, 0};
  int k, o;
  if( z==0 ) return;
  o = sprintf(z, "_Z1fIiEvi");
  for(k=0; k<100; k++) o += sprintf(z+o, "1AIiE");
  for(k=0; k<160; k++) o += sprintf(z+o, "RT_");
  job.z = z;
  CHECK(pthread_attr_init(&attr)==0);
  CHECK(pthread_attr_setstacksize(&attr, 256*1024)==0);
  if( pthread_create(&thread, &attr, small_stack_demangle, &job)==0 ){
    CHECK(pthread_join(thread, 0)==0);
    CHECK(job.bUnchanged);
  }else{
    CHECK(0);
  }
  pthread_attr_destroy(&attr);
  free(z);
}

/* cxx_demangle_text() as c++filt prints: the input when not demangled,
** which must be reported as NULL. */
static char *demangle_text_str(const char *z, size_t n, size_t *pnOut){
  char *zOut = (char*)1, *zCopy;
  size_t nOut = 7;
  if( cxx_demangle_text(z, n, &zOut, &nOut)!=0 ) return 0;
  if( zOut ){
    if( strlen(zOut)>nOut || zOut[nOut]!=0 ){ free(zOut); return 0; }
    *pnOut = nOut;
    return zOut;
  }
  if( nOut!=0 ) return 0;
  zCopy = malloc(n+1);
  if( zCopy ){ memcpy(zCopy, z, n); zCopy[n] = 0; }
  *pnOut = n;
  return zCopy;
}

#define TEXT_CASE(zIn, zWant) do { \
  size_t nGot_ = 0; \
  char *zGot_ = demangle_text_str(zIn, strlen(zIn), &nGot_); \
  CHECK_STR(zGot_, zWant); \
  free(zGot_); \
} while(0)

/* Symbols in text, cut into words of [A-Za-z0-9_$.] as c++filt does. */
static void test_text(void){
  char *zOut = 0, *zLong;
  size_t nOut = 0;
  TEXT_CASE("call _Z1fv now", "call f() now");
  TEXT_CASE("_Z5helloPKc@plt", "hello(char const*)@plt");
  TEXT_CASE("_Z1fv.cold _Z1gv.isra.0,_Z1hi", "f() [clone .cold] g() [clone .isra.0],h(int)");
  TEXT_CASE("._Z1fv@plt", ".f()@plt");
  TEXT_CASE("(_Z1fv)", "(f())");
  TEXT_CASE("\xc3\xa9_Z1fv\xc3\xa9", "\xc3\xa9" "f()\xc3\xa9");
  TEXT_CASE("_GLOBAL__I_foo:_ZNSolsEi",
            "global constructors keyed to foo:std::basic_ostream<char, std::char_traits<char> >::operator<<(int)");
  TEXT_CASE("_Z1fv@@GLIBCXX_3.4 _ZTV1A+0x10", "f()@@GLIBCXX_3.4 vtable for A+0x10");
  TEXT_CASE("_Z1fv\n_Z1gv\n", "f()\ng()\n");
  /* words that are no symbol: unchanged */
  TEXT_CASE("a._Z1fv", "a._Z1fv");
  TEXT_CASE("x_Z1fv", "x_Z1fv");
  TEXT_CASE("_Z1fv_Z1gv", "_Z1fv_Z1gv");
  TEXT_CASE("$_Z1fv$_Z1gv", "$_Z1fv$_Z1gv");
  TEXT_CASE("_Z1fv.A", "_Z1fv.A");
  TEXT_CASE("main", "main");
  TEXT_CASE("", "");
  /* unchanged text is reported as NULL, with length 0 */
  zOut = (char*)1; nOut = 7;
  CHECK(cxx_demangle_text("call main", 9, &zOut, &nOut)==0 && zOut==0 && nOut==0);
  CHECK(cxx_demangle_text(0, 0, &zOut, &nOut)==0 && zOut==0 && nOut==0);
  /* not NUL-terminated: only z[0..n) is read */
  CHECK(cxx_demangle_text("_Z1fv_Z1gv", 5, &zOut, &nOut)==0);
  CHECK_STR(zOut, "f()");
  CHECK(nOut==3);
  free(zOut);
  /* a NUL ends a word and is copied (c++filt, which keeps words in C
  ** strings, prints "f() x": the NUL and the rest of its word vanish) */
  CHECK(cxx_demangle_text("_Z1fv\0_Z1gv x", 13, &zOut, &nOut)==0);
  CHECK(zOut && nOut==9 && memcmp(zOut, "f()\0g() x", 10)==0);
  free(zOut);
  /* a word longer than c++filt's buffer is cut after CXX_FILT_MAX_WORD
  ** bytes; the byte after the cut is copied and a new word starts after it
  ** (c++filt prints 32766 a's and "xf()") */
  zLong = malloc(CXX_FILT_MAX_WORD + 7);
  if( zLong ){
    memset(zLong, 'a', CXX_FILT_MAX_WORD);
    memcpy(zLong + CXX_FILT_MAX_WORD, "x_Z1fv", 7);
    CHECK(cxx_demangle_text(zLong, CXX_FILT_MAX_WORD + 6, &zOut, &nOut)==0);
    CHECK(zOut && nOut==CXX_FILT_MAX_WORD + 4 && memcmp(zOut + CXX_FILT_MAX_WORD, "xf()", 5)==0);
    free(zOut);
    zLong[CXX_FILT_MAX_WORD] = '_';     /* "aaa...", "_" copied, "_Z1fv": "aaa..._f()" */
    CHECK(cxx_demangle_text(zLong, CXX_FILT_MAX_WORD + 6, &zOut, &nOut)==0);
    CHECK(zOut && nOut==CXX_FILT_MAX_WORD + 4 && memcmp(zOut + CXX_FILT_MAX_WORD, "_f()", 5)==0);
    free(zOut);
    /* "aaa..._" (32766 bytes), "_" copied, "Z1fv": nothing demangled */
    CHECK(cxx_demangle_text(zLong + 1, CXX_FILT_MAX_WORD + 5, &zOut, &nOut)==0 && zOut==0);
    free(zLong);
  }
}

/* v0_doubling's level 0 for a crate named pArg (a C string): `C`
** <len> `_` name, so level k prints the name 2^k times. */
static void crate_base(char *z, size_t *pn, const void *pArg){
  const char *zCrate = (const char*)pArg;
  *pn += (size_t)sprintf(z + *pn, "C%zu_%s", strlen(zCrate), zCrate);
}

/* How many times zNeedle occurs in z[0..n). */
static size_t count_in(const char *z, size_t n, const char *zNeedle){
  size_t nNeedle = strlen(zNeedle), i, nHit = 0;
  for(i = 0; i + nNeedle <= n; i++){
    if( memcmp(z + i, zNeedle, nNeedle)==0 ) nHit++;
  }
  return nHit;
}

/* cxx_demangle_text_bounded(): the words that may be symbols share a
** budget of bytes; from the first that passes it, words stay as they are.
** Then demangle_text(), which runs C++ on Rust's output with the input's
** length as that budget: a 1,078-byte v0 symbol whose crate name is a
** 1,010-byte C++ name that prints 258 KB, repeated 256 times by 8 levels
** of doubling backrefs, gave 66 MB (61,000 bytes per input byte, where
** CXX_DEMANGLE_BOUND_PER_BYTE promises 1,024).  Now the first copy is
** demangled and the 255 others are left as they are. */
static void test_text_bounded(void){
  char *zOut = 0, *zCxx, *zSym;
  size_t nOut = 0, n = 0, k;
  CHECK(cxx_demangle_text_bounded("_Z1fv _Z1gv", 11, 10, &zOut, &nOut)==0);
  CHECK_STR(zOut, "f() g()");
  free(zOut);
  CHECK(cxx_demangle_text_bounded("_Z1fv _Z1gv", 11, 9, &zOut, &nOut)==0);
  CHECK_STR(zOut, "f() _Z1gv");
  free(zOut);
  /* only words that may be symbols count, each with its '.' */
  CHECK(cxx_demangle_text_bounded("call _Z1fv now", 14, 5, &zOut, &nOut)==0);
  CHECK_STR(zOut, "call f() now");
  free(zOut);
  CHECK(cxx_demangle_text_bounded("._Z1fv", 6, 5, &zOut, &nOut)==0 && zOut==0);
  /* from the first word past the budget on, none is demangled */
  CHECK(cxx_demangle_text_bounded("_Z1fv _Z3abcv _Z1gv", 19, 10, &zOut, &nOut)==0);
  CHECK_STR(zOut, "f() _Z3abcv _Z1gv");
  free(zOut);

  zCxx = malloc(1011);
  zSym = malloc(2048);
  if( zCxx==0 || zSym==0 ){ fprintf(stderr, "out of memory\n"); exit(2); }
  strcpy(zCxx, "_Z1g1a1bIS_S_E");
  for(k = 1; k <= 6; k++) sprintf(zCxx + strlen(zCxx), "S0_IS%zu_S%zu_E", k, k);
  for(k = 0; k < 310; k++) strcat(zCxx, "S7_");
  CHECK(strlen(zCxx)==1010);
  CHECK(cxx_demangle_symbol(zCxx, 1010, &zOut, &nOut)==0 && zOut && nOut > 256 * 1000);
  free(zOut);
  memcpy(zSym, "_RIC0", 5); n = 5;
  v0_doubling(zSym, &n, 8, crate_base, zCxx);
  zSym[n++] = 'E';
  CHECK(n==1078);
  CHECK(demangle_text(zSym, n, &zOut, &nOut)==0 && zOut);
  if( zOut ){
    CHECK(nOut <= (size_t)CXX_DEMANGLE_BOUND_PER_BYTE * n);
    CHECK(count_in(zOut, nOut, zCxx)==255);
    CHECK(strncmp(zOut, "::<<<<<<<<<g(a, b<a, a>, ", 25)==0);
  }
  free(zOut);
  free(zSym);
  free(zCxx);
}

int main(void){
  int nCorpus, nExtra;
  test_hand();
  test_known_differences();
  nCorpus = check_table("cxx_symbols.tsv");
  nExtra = check_table("cxx_symbols_extra.tsv");
  CHECK(nCorpus==665);
  CHECK(nExtra>400);
  test_api();
  test_limits();
  test_hostile();
  test_small_stack();
  test_text();
  test_text_bounded();
  return unit_report();
}
