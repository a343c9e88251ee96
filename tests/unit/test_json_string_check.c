/*
** test_json_string_check.c: the string check (ext/json_string_check.c)
** driven alone, without yajl: which strings it lets through (what
** Python's bytes.decode('utf-8') and json accept), which byte it names in
** the others and why, and that any cutting of the input into pieces gives
** the same answer.  The reader's own tests (test_event_reader.c, the fast
** path's comparisons) check it again through yajl.
*/
#include "json_string_check.h"
#include "unit.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define AT 1000      /* offset of the first byte: offsets are the input's */

static const char *zUtf8 = "invalid UTF-8 in string";
static const char *zSurrogate = "invalid \\u escape: unpaired surrogate";

/* Follow z[0..n) in pieces of nPiece bytes (0: whole).  Returns the index
** where the check stopped (n when it did not) and leaves the state in *p. */
static size_t follow(JsonStrCheck *p, const char *z, size_t n, size_t nPiece){
  size_t i = 0;
  memset(p, 0, sizeof(*p));
  if( nPiece==0 ) nPiece = n ? n : 1;
  while( i<n ){
    size_t m = n - i < nPiece ? n - i : nPiece;
    size_t k = json_str_check(p, (const unsigned char*)z + i, m, AT + i);
    if( k<m ) return i + k;
    i += m;
  }
  return n;
}

/* z (a C string) passes, whole and cut in every way tried, and ends in state eEnd. */
static void check_ok(const char *z, int eEnd){
  static const size_t aPiece[] = {0, 1, 2, 3, 5};
  size_t n = strlen(z), k;
  for(k=0; k<sizeof(aPiece)/sizeof(aPiece[0]); k++){
    JsonStrCheck s;
    size_t iStop = follow(&s, z, n, aPiece[k]);
    if( iStop!=n || s.eState!=eEnd ){
      fprintf(stderr, "input %s, pieces of %zu: stopped at %zu of %zu, state %d (want %d)\n",
              z, aPiece[k], iStop, n, s.eState, eEnd);
    }
    CHECK(iStop==n);
    CHECK(s.eState==eEnd);
  }
}

/* z is bad: the check stops at index iStop, names the byte at index iBad, says zWhy. */
static void check_bad(const char *z, size_t iStop, size_t iBad, const char *zWhy){
  static const size_t aPiece[] = {0, 1, 2, 3, 5};
  size_t n = strlen(z), k;
  for(k=0; k<sizeof(aPiece)/sizeof(aPiece[0]); k++){
    JsonStrCheck s;
    size_t i = follow(&s, z, n, aPiece[k]);
    if( i!=iStop || (i<n && s.iBad!=AT + iBad) ){
      fprintf(stderr, "input %s, pieces of %zu: stopped at %zu (want %zu), named %llu (want %zu)\n",
              z, aPiece[k], i, iStop, (unsigned long long)(s.iBad - AT), iBad);
    }
    CHECK(i==iStop);
    CHECK(i<n && s.iBad==AT + iBad);
    CHECK_STR(i<n ? s.zBad : 0, zWhy);
  }
}

static void test_valid(void){
  check_ok("", JSON_STR_OUT);
  check_ok("{\"name\":\"plain ASCII, long enough for the 8-byte loop\",\"n\":1}", JSON_STR_OUT);
  check_ok("[\"caf\xc3\xa9\",\"\xe2\x82\xac\",\"\xf0\x9d\x84\x9e\",\"\xef\xbf\xbf\"]", JSON_STR_OUT);
  check_ok("\"\xe0\xa0\x80 \xed\x9f\xbf \xee\x80\x80 \xf0\x90\x80\x80 \xf4\x8f\xbf\xbf\"", JSON_STR_OUT);
  check_ok("\"\\u0041\\n\\\"\\\\\\/\"", JSON_STR_OUT);
  check_ok("\"\\ud83d\\ude00 a pair\"", JSON_STR_OUT);
  check_ok("\"\\uD83D\\uDE00\"", JSON_STR_OUT);
  /* outside strings nothing is checked: yajl rejects what is wrong there */
  check_ok("\xff\xfe {} \x80", JSON_STR_OUT);
  /* a bad escape or hex digit is yajl's error, not this check's */
  check_ok("\"\\x\" \"\\u12G4\" \"\\ud800\\uzzzz\"", JSON_STR_OUT);
}

static void test_open_ends(void){
  JsonStrCheck s;
  const char *z = "{\"a\":\"xyz";
  /* where the input ends inside a string, and where that string opened */
  CHECK(follow(&s, z, strlen(z), 0)==strlen(z));
  CHECK(s.eState==JSON_STR_IN);
  CHECK(s.iOpen==AT + 5);
  check_ok("\"caf\xc3", JSON_STR_UTF8);
  check_ok("\"\\", JSON_STR_ESC);
  check_ok("\"\\u00", JSON_STR_HEX);
  check_ok("\"\\ud800", JSON_STR_LOW_BACKSLASH);
  check_ok("\"\\ud800\\", JSON_STR_LOW_U);
  check_ok("\"\\ud800\\udc0", JSON_STR_HEX);
}

static void test_bad_utf8(void){
  check_bad("\"\x80\"", 1, 1, zUtf8);                 /* a continuation byte */
  check_bad("\"ab\xc0\x80\"", 3, 3, zUtf8);           /* C0, C1: always overlong */
  check_bad("\"\xc1\xbf\"", 1, 1, zUtf8);
  check_bad("\"\xe0\x80\x80\"", 2, 1, zUtf8);         /* overlong 3 bytes */
  check_bad("\"\xed\xa0\x80\"", 2, 1, zUtf8);         /* an encoded surrogate */
  check_bad("\"\xf0\x80\x80\x80\"", 2, 1, zUtf8);     /* overlong 4 bytes */
  check_bad("\"\xf4\x90\x80\x80\"", 2, 1, zUtf8);     /* above U+10FFFF */
  check_bad("\"\xf5\x80\x80\x80\"", 1, 1, zUtf8);
  check_bad("\"\xff\"", 1, 1, zUtf8);
  check_bad("\"\xc3\"", 2, 1, zUtf8);                 /* cut short by the quote */
  check_bad("\"\xe2\x82x\"", 3, 1, zUtf8);
  check_bad("\"ok\" \"\xe2\x82\xac\xac\"", 9, 9, zUtf8);   /* one byte too many */
}

static void test_bad_escapes(void){
  /* a lone low surrogate: named at its "\", found at its last digit */
  check_bad("\"\\udc00\"", 6, 1, zSurrogate);
  /* a high one not followed by a low one: named at its "\" */
  check_bad("\"\\ud800\"", 7, 1, zSurrogate);
  check_bad("\"\\ud800x\"", 7, 1, zSurrogate);
  check_bad("\"\\ud800\\n\"", 8, 1, zSurrogate);
  check_bad("\"\\ud800\\u0041\"", 12, 1, zSurrogate);
  check_bad("\"\\ud800\\ud800\"", 12, 1, zSurrogate);
  check_bad("\"a\" \"\\uDBFF\\uDBFF\"", 16, 5, zSurrogate);
}

int main(void){
  test_valid();
  test_open_ends();
  test_bad_utf8();
  test_bad_escapes();
  return unit_report();
}
