/*
** test_event_reader.c: unit tests of event_reader.c and trace_source.c.
**
** Format of a case: an input text and the expected dump of what the reader
** makes of it, one line per event:
**
**   #SEQ @BYTE field=type:bytes ...      (fields present, in column order)
**   ERROR: byte N: message               (when the input ends in an error)
**
** types: null false true num str json.  The expected dumps were written by
** hand from the input.  Every case runs with the default chunk size and
** again with every chunk size from 1 to 31 bytes, so that a chunk boundary
** falls inside every key, number, escape and UTF-8 sequence; all runs must
** give the expected text.  The real traces in $TT_DATA (default
** build/testdata) must also give identical dumps at chunk sizes 1..31.
*/
#include "event_reader.h"
#include "event_dump.h"
#include "unit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


/* Dump what a reader makes of a[0..n) fed in nChunk-byte pieces. */
static char *dump_buffer(const char *a, size_t n, size_t nChunk, unsigned mWant, int bMeta){
  EventReaderConfig cfg;
  EventReader *r;
  const TraceEvent *e;
  Str out = {0, 0, 0};
  size_t i;
  memset(&cfg, 0, sizeof(cfg));
  cfg.mWant = mWant;
  cfg.bMetadata = bMeta;
  r = event_reader_new(&cfg);
  if( r==0 ){ fprintf(stderr, "out of memory\n"); exit(2); }
  str_printf(&out, "%s", "");
  for(i=0; i<n; i+=nChunk){
    size_t k = n-i < nChunk ? n-i : nChunk;
    int rc = event_reader_feed(r, (const unsigned char*)a + i, k);
    while( (e = event_reader_next(r))!=0 ) dump_event(&out, e);
    if( rc ) break;
  }
  if( i>=n ){
    event_reader_finish(r);
    while( (e = event_reader_next(r))!=0 ) dump_event(&out, e);
  }
  if( event_reader_errmsg(r) ) str_printf(&out, "ERROR: %s\n", event_reader_errmsg(r));
  event_reader_free(r);
  return out.z;
}

/* Check one case at the default chunk size and at every size 1..31. */
static void check_case(const char *zIn, const char *zWant, unsigned mWant, int bMeta){
  size_t n = strlen(zIn), c;
  char *zGot = dump_buffer(zIn, n, 1<<20, mWant, bMeta);
  if( strcmp(zGot, zWant)!=0 ){
    fprintf(stderr, "input: %s\n", zIn);
  }
  CHECK_STR(zGot, zWant);
  free(zGot);
  for(c=1; c<=31; c++){
    zGot = dump_buffer(zIn, n, c, mWant, bMeta);
    if( strcmp(zGot, zWant)!=0 ){
      fprintf(stderr, "chunk size %zu, input: %s\n", c, zIn);
      CHECK_STR(zGot, zWant);
      free(zGot);
      return;
    }
    free(zGot);
  }
  CHECK(1);
}

#define ALL EVENT_WANT_ALL

static void test_formats(void){
  /* Object format, LLVM style, with the metadata key after the array. */
  check_case(
    "{\"traceEvents\":[{\"pid\":25,\"tid\":30,\"ts\":8291351,\"ph\":\"X\",\"dur\":6827,\"name\":\"RunPass\","
    "\"args\":{\"detail\":\"Expand large div/rem\"}},{\"cat\":\"\",\"pid\":25,\"tid\":27,\"ts\":0,\"ph\":\"M\","
    "\"name\":\"process_name\",\"args\":{\"name\":\"rustc\"}}],\"beginningOfTime\":1749510885820760}",
    "#1 @16 pid=num:25 tid=num:30 ph=str:X name=str:RunPass ts=num:8291351 dur=num:6827"
    " detail=str:Expand large div/rem args=json:{\"detail\":\"Expand large div/rem\"}\n"
    "#2 @127 pid=num:25 tid=num:27 ph=str:M name=str:process_name cat=str: ts=num:0"
    " args=json:{\"name\":\"rustc\"}\n", ALL, 0);
  /* Chrome puts other keys first; whitespace everywhere. */
  check_case(
    " {\n \"displayTimeUnit\" : \"ns\" , \"otherData\":{\"v\":[1,2]},\n \"traceEvents\" : [ { \"ph\" : \"i\" , \"s\" : \"g\" } ] ,\"stackFrames\":{}}\n",
    "#1 @75 ph=str:i extra=json:{\"s\":\"g\"}\n", ALL, 0);
  /* Array format: closed, unclosed, trailing comma, trailing comma and "]". */
  check_case("[{\"ph\":\"B\",\"ts\":1},{\"ph\":\"E\",\"ts\":2}]",
    "#1 @1 ph=str:B ts=num:1\n#2 @19 ph=str:E ts=num:2\n", ALL, 0);
  check_case("[{\"ph\":\"B\",\"ts\":1},{\"ph\":\"E\",\"ts\":2}",
    "#1 @1 ph=str:B ts=num:1\n#2 @19 ph=str:E ts=num:2\n", ALL, 0);
  check_case("[{\"ph\":\"B\",\"ts\":1},{\"ph\":\"E\",\"ts\":2},\n",
    "#1 @1 ph=str:B ts=num:1\n#2 @19 ph=str:E ts=num:2\n", ALL, 0);
  check_case("[{\"ph\":\"B\",\"ts\":1},{\"ph\":\"E\",\"ts\":2},]\n",
    "#1 @1 ph=str:B ts=num:1\n#2 @19 ph=str:E ts=num:2\n", ALL, 0);
  check_case("[]", "", ALL, 0);
  /* JSON Lines: blank lines ignored; "traceEvents" in a later line is just a key. */
  check_case("{\"ph\":\"i\",\"name\":\"a\"}\n\n{\"ph\":\"i\",\"traceEvents\":1}\r\n{\"name\":\"c\"}\n",
    "#1 @0 ph=str:i name=str:a\n#2 @23 ph=str:i extra=json:{\"traceEvents\":1}\n#3 @51 name=str:c\n", ALL, 0);
  /* A UTF-8 byte order mark is skipped. */
  check_case("\xEF\xBB\xBF[{\"ph\":\"X\"}]", "#1 @4 ph=str:X\n", ALL, 0);
}

static void test_values(void){
  /* Types: fractional ts, string pid, big numbers stay text, booleans, null. */
  check_case("[{\"pid\":\"browser\",\"tid\":-1,\"ts\":1.5e3,\"dur\":123456789012345678901234567890,"
             "\"ph\":\"C\",\"name\":null,\"cat\":true,\"id\":\"0x1f\",\"args\":{\"v\":false}}]",
    "#1 @1 pid=str:browser tid=num:-1 ph=str:C name=null: cat=true: ts=num:1.5e3"
    " dur=num:123456789012345678901234567890 args=json:{\"v\":false} id=str:0x1f\n", ALL, 0);
  /* Escapes are decoded in fields and written back compactly in JSON. */
  check_case("[{\"ph\":\"X\",\"name\":\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\\u0001\",\"args\":{\"detail\":\"q\\\"\\t\",\"k\\u00e9y\":\"\\/\"}}]",
    "#1 @1 ph=str:X name=str:a\"b\\c\n\xC3\xA9\xF0\x9F\x98\x80\x01 detail=str:q\"\t"
    " args=json:{\"detail\":\"q\\\"\\t\",\"k\xC3\xA9y\":\"/\"}\n", ALL, 0);
  /* Non-ASCII UTF-8 passes through. */
  check_case("[{\"ph\":\"X\",\"name\":\"gr\xC3\xB6\xC3\x9F" "e \xE8\xA8\x88\xE7\xAE\x97\"}]",
    "#1 @1 ph=str:X name=str:gr\xC3\xB6\xC3\x9F" "e \xE8\xA8\x88\xE7\xAE\x97\n", ALL, 0);
  /* detail that is an object, a number; args that is not an object. */
  check_case("[{\"ph\":\"X\",\"args\":{\"x\":[1,{\"y\":[]}],\"detail\":{\"a\":[1,2]},\"z\":0}},"
             "{\"args\":{\"detail\":42}},{\"args\":\"s\"},{\"args\":[1,\"d\"]}]",
    "#1 @1 ph=str:X detail=json:{\"a\":[1,2]} args=json:{\"x\":[1,{\"y\":[]}],\"detail\":{\"a\":[1,2]},\"z\":0}\n"
    "#2 @65 detail=num:42 args=json:{\"detail\":42}\n"
    "#3 @88 args=json:\"s\"\n"
    "#4 @101 args=json:[1,\"d\"]\n", ALL, 0);
  /* Every other key goes to extra, objects and arrays included. */
  check_case("[{\"tts\":5,\"ph\":\"X\",\"stack\":[\"a\",{\"b\":null}],\"sf\":7,\"bp\":\"e\"}]",
    "#1 @1 ph=str:X extra=json:{\"tts\":5,\"stack\":[\"a\",{\"b\":null}],\"sf\":7,\"bp\":\"e\"}\n", ALL, 0);
  /* A repeated key: the last one wins, as in Python's json and jq. */
  check_case("[{\"ph\":\"X\",\"name\":\"a\",\"name\":\"b\",\"args\":{\"detail\":\"x\"},\"args\":{\"k\":1}}]",
    "#1 @1 ph=str:X name=str:b args=json:{\"k\":1}\n", ALL, 0);
}

static void test_want(void){
  /* Only dur: nothing else is built, but types are still known. */
  check_case("[{\"ph\":\"X\",\"dur\":7,\"name\":\"n\",\"args\":{\"detail\":\"d\"},\"q\":1}]",
    "#1 @1 ph=str: name=str: dur=num:7 args=json:\n", EVENT_WANT(EF_DUR), 0);
  /* detail without args: a string, an object. */
  check_case("[{\"ph\":\"X\",\"args\":{\"a\":1,\"detail\":\"d\\n\"}},{\"args\":{\"detail\":[1,{\"x\":2}],\"e\":3}}]",
    "#1 @1 ph=str: detail=str:d\n args=json:\n#2 @42 detail=json:[1,{\"x\":2}] args=json:\n", EVENT_WANT(EF_DETAIL), 0);
  /* Nothing wanted: events are still counted. */
  check_case("[{\"ph\":\"X\",\"a\":1},{\"b\":[2]}]", "#1 @1 ph=str:\n#2 @18\n", 0, 0);
}

static void test_metadata(void){
  check_case("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[{\"ph\":\"X\"}],\"otherData\":{\"v\":[1,\"x\"]},\"beginningOfTime\":12}",
    "#1 @0 name=str:displayTimeUnit args=json:\"ns\"\n"
    "#2 @0 name=str:otherData args=json:{\"v\":[1,\"x\"]}\n"
    "#3 @0 name=str:beginningOfTime args=json:12\n", ALL, 1);
  /* Array format and JSON Lines have no metadata. */
  check_case("[{\"ph\":\"X\"}]", "", ALL, 1);
  check_case("{\"ph\":\"X\",\"a\":1}\n{\"ph\":\"Y\"}", "", ALL, 1);
}

static void test_errors(void){
  check_case("", "ERROR: byte 0: empty file\n", ALL, 0);
  check_case(" \n\t", "ERROR: byte 3: empty trace: the input holds only whitespace\n", ALL, 0);
  check_case("{\"a\":1}",
    "ERROR: byte 7: not a trace: the top-level object has no \"traceEvents\" array and is not an event (no \"ph\" key)\n", ALL, 0);
  check_case("42", "ERROR: byte 2: not a trace: the top-level value is not an object or array\n", ALL, 0);
  check_case("[{\"ph\":\"X\"},1]", "#1 @1 ph=str:X\nERROR: byte 13: event 2 is not an object\n", ALL, 0);
  check_case("{\"traceEvents\":{}}", "ERROR: byte 16: \"traceEvents\" is not an array\n", ALL, 0);
  check_case("{\"traceEvents\":3}", "ERROR: byte 16: \"traceEvents\" is not an array\n", ALL, 0);
  check_case("{\"traceEvents\":[{\"ph\":\"X\"},[]]}",
    "#1 @16 ph=str:X\nERROR: byte 28: traceEvents element 2 is not an object\n", ALL, 0);
  /* Truncated in the middle of an event: the rows before, then the error. */
  check_case("{\"traceEvents\":[{\"ph\":\"X\"},{\"ph\":\"X\",\"na",
    "#1 @16 ph=str:X\nERROR: byte 40: unexpected end of input inside event 2 (truncated trace?)\n", ALL, 0);
  check_case("{\"traceEvents\":[{\"ph\":\"X\"}",
    "#1 @16 ph=str:X\nERROR: byte 26: unexpected end of input: the trace object is not closed (truncated trace?)\n", ALL, 0);
  check_case("[{\"ph\":\"X\"},{\"ph\":",
    "#1 @1 ph=str:X\nERROR: byte 18: unexpected end of input inside event 2 (truncated trace?)\n", ALL, 0);
  check_case("[{\"ph\":\"X\"},tru",
    "#1 @1 ph=str:X\nERROR: byte 15: unexpected end of input inside event 2 (truncated trace?)\n", ALL, 0);
  /* Invalid UTF-8 (a lone continuation byte, a truncated sequence); the
  ** byte given is where the bad character starts (more in test_strings). */
  check_case("[{\"ph\":\"X\"},{\"name\":\"ab\x80\"}]",
    "#1 @1 ph=str:X\nERROR: byte 23: invalid UTF-8 in string\n", ALL, 0);
  check_case("[{\"name\":\"\xE8\xA8\"}]", "ERROR: byte 10: invalid UTF-8 in string\n", ALL, 0);
  /* Invalid JSON, data after the end, arrays in JSON Lines. */
  check_case("[{\"ph\":\"X\",}]", "ERROR: byte 12: invalid JSON: invalid object key (must be a string)\n", ALL, 0);
  check_case("{\"traceEvents\":[{\"ph\":\"X\"}]} {\"x\":1}",
    "#1 @16 ph=str:X\nERROR: byte 30: unexpected data after the end of the trace\n", ALL, 0);
  check_case("[{\"ph\":\"X\"}] 5", "#1 @1 ph=str:X\nERROR: byte 14: unexpected data after the end of the trace\n", ALL, 0);
  check_case("[{\"ph\":\"X\"},] x", "#1 @1 ph=str:X\nERROR: byte 14: unexpected data after the end of the trace\n", ALL, 0);
  check_case("{\"ph\":\"X\"}\n[1]", "#1 @0 ph=str:X\nERROR: byte 12: JSON Lines: expected an event object, found an array\n", ALL, 0);
  check_case("{\"ph\":\"X\"}\n7", "#1 @0 ph=str:X\nERROR: byte 12: unexpected data after the end of the trace\n", ALL, 0);
}

/* The array format's first element decides whether a file is a trace, as
** the first object of JSON Lines does: compile_commands.json, an array of
** other records, is not one.  Later elements need no "ph". */
#define NOT_EVENT "not a trace: the first element of the top-level array is not an event (no \"ph\" key)\n"
static void test_array_first(void){
  static const char zCompile[] =
    "[\n{\n  \"directory\": \"/src/build\",\n  \"command\": \"/usr/bin/cc -o a.o -c /src/a.c\",\n"
    "  \"file\": \"/src/a.c\",\n  \"output\": \"a.o\"\n}\n]\n";
  EventReaderConfig cfg;
  EventReader *r;
  static const char zMidList[] = "{\"name\":\"no ph\"},{\"ph\":\"X\"}]";
  int bMeta;
  for(bMeta=0; bMeta<=1; bMeta++){
    check_case(zCompile, "ERROR: byte 121: " NOT_EVENT, ALL, bMeta);
    check_case("[{\"file\":\"a.c\"}]", "ERROR: byte 15: " NOT_EVENT, ALL, bMeta);
    check_case("[{\"args\":{\"ph\":\"X\"}}]", "ERROR: byte 20: " NOT_EVENT, ALL, bMeta);
    check_case("[1]", "ERROR: byte 2: " NOT_EVENT, ALL, bMeta);
    check_case("[\"x\"]", "ERROR: byte 4: " NOT_EVENT, ALL, bMeta);
    check_case("[[]]", "ERROR: byte 2: " NOT_EVENT, ALL, bMeta);
    check_case(" [ ]", "", ALL, bMeta);
  }
  check_case("[{\"file\":\"a.c\"}]", "ERROR: byte 15: " NOT_EVENT, 0, 0);
  check_case("[{\"ph\":\"X\",\"name\":\"a\"},{\"name\":\"no ph\"}]",
    "#1 @1 ph=str:X name=str:a\n#2 @23 name=str:no ph\n", ALL, 0);
  check_case("[{\"name\":\"a\",\"ph\":\"X\"},{}]", "#1 @1 ph=str:X name=str:a\n#2 @23\n", ALL, 0);
  /* A reader started inside the array (a byte range) has no first element. */
  memset(&cfg, 0, sizeof(cfg));
  cfg.mWant = ALL;
  cfg.eStart = EVENT_START_LIST;
  r = event_reader_new(&cfg);
  CHECK(r!=0);
  if( r==0 ) return;
  CHECK(event_reader_feed(r, (const unsigned char*)zMidList, strlen(zMidList))==0);
  CHECK(event_reader_finish(r)==0);
  CHECK(event_reader_next(r)!=0);
  CHECK(event_reader_next(r)!=0);
  CHECK(event_reader_next(r)==0);
  event_reader_free(r);
}

/* ------------------------------------------------------------------------
** Strings must be what Python decodes: valid UTF-8 (bytes.decode('utf-8'))
** and \u escapes of surrogates only in high-low pairs (what json.loads
** gives must encode to UTF-8).  A bad byte is named where its character
** starts (Python's UnicodeDecodeError.start), a bad escape at its "\".
** tests/oracle/strings_oracle.py asks Python itself, through SQL.
*/

/* Where each case is put: "%s" once; the events before it (zRows); in
** metadata mode or not.  The expected offset is where "%s" is. */
static const struct { const char *zFmt, *zRows; int bMeta; } aStrAt[] = {
  /* array format: a name, after an event */
  { "[{\"ph\":\"X\",\"name\":\"ok\"},{\"ph\":\"X\",\"name\":\"a%sz\",\"ts\":1}]",
    "#1 @1 ph=str:X name=str:ok\n", 0 },
  /* a key, the bad bytes just before its closing quote */
  { "[{\"ph\":\"X\"},{\"k%s\":1}]", "#1 @1 ph=str:X\n", 0 },
  /* object format: deep in args; the fast path takes the first event */
  { "{\"traceEvents\":[{\"ph\":\"X\"},{\"ph\":\"X\",\"args\":{\"detail\":\"d\",\"x\":[{\"y\":\"%s\"}]}}]}",
    "#1 @16 ph=str:X\n", 0 },
  /* JSON Lines: an extra key's value, a string detail */
  { "{\"ph\":\"X\"}\n{\"ph\":\"X\",\"s\":[\" %s\"]}\n", "#1 @0 ph=str:X\n", 0 },
  { "{\"ph\":\"X\"}\n{\"ph\":\"X\",\"args\":{\"detail\":\"%s\"}}\n", "#1 @0 ph=str:X\n", 0 },
  /* a top-level key after the events, a byte order mark first (it counts) */
  { "\xEF\xBB\xBF{\"traceEvents\":[{\"ph\":\"X\"}],\"%s\":1}", "#1 @19 ph=str:X\n", 0 },
  /* trace_metadata: a value, a key */
  { "{\"traceEvents\":[],\"a\":1,\"otherData\":{\"v\":\"%s\"}}", "#1 @0 name=str:a args=json:1\n", 1 },
  { "{\"a\":1,\"%s\":2,\"traceEvents\":[]}", "", 1 },   /* held back: not yet known to be the object format */
};

/* Put z into aStrAt[i] (a malloc()ed string) and, in *piAt, where it starts. */
static char *str_case(size_t i, const char *z, size_t *piAt){
  const char *zFmt = aStrAt[i].zFmt, *zPct = strstr(zFmt, "%s");
  Str s = {0, 0, 0};
  *piAt = (size_t)(zPct - zFmt);
  str_append(&s, zFmt, *piAt);
  str_append(&s, z, strlen(z));
  str_append(&s, zPct + 2, strlen(zPct + 2));
  return s.z;
}

/* zBad in every place of aStrAt: the rows before, then zMsg at the byte
** where zAt (a part of zBad) starts. */
static void check_bad_string(const char *zBad, const char *zAt, const char *zMsg){
  size_t i;
  for(i=0; i<sizeof(aStrAt)/sizeof(aStrAt[0]); i++){
    size_t iAt;
    char *zIn = str_case(i, zBad, &iAt);
    Str want = {0, 0, 0};
    str_printf(&want, "%sERROR: byte %zu: %s\n", aStrAt[i].zRows,
               iAt + (size_t)(strstr(zBad, zAt) - zBad), zMsg);
    check_case(zIn, want.z, ALL, aStrAt[i].bMeta);
    free(want.z);
    free(zIn);
  }
}

static void test_strings(void){
  /* Invalid UTF-8, each bad from its first byte on. */
  static const char *azUtf8[] = {
    "\xC0\x80", "\xC1\xBF",                   /* overlong, 2 bytes */
    "\xE0\x80\x80", "\xE0\x9F\xBF",           /* overlong, 3 bytes (E0 80..9F) */
    "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF",   /* overlong, 4 bytes (F0 80..8F) */
    "\xED\xA0\x80", "\xED\xBF\xBF",           /* the surrogates U+D800, U+DFFF */
    "\xF4\x90\x80\x80", "\xF7\xBF\xBF\xBF",   /* above U+10FFFF */
    "\xF5\x80\x80\x80", "\xF8\x88\x80\x80\x80", "\xFC\x84\x80\x80\x80\x80",
    "\xFE", "\xFF",                           /* F5..FF start nothing */
    "\x80", "\xBF",                           /* a continuation byte alone */
    "\xC3", "\xE2\x82", "\xF0\x9F\x98",       /* cut short (by "z", "\"", "\\", ...) */
    "\xC3\xC3\xA9", "\xE2(\xA1", "\xF0\x9F\x98\\n",
  };
  /* Surrogate escapes that are not a high-low pair, and the bad escape. */
  static const struct { const char *zBad, *zAt; } aEsc[] = {
    { "\\ud800", "\\ud800" },                 /* lone high, then "z", "\"", ... */
    { "\\uDBFF\\u0041", "\\uDBFF" },          /* high, then no low: not U+10041 */
    { "\\ud800\\ud800", "\\ud800" },          /* high, then high */
    { "\\ud800\\n", "\\ud800" },              /* high, then another escape */
    { "\\ud800\\\\", "\\ud800" },
    { "\\ud800\xC3\xA9", "\\ud800" },         /* high, then UTF-8 */
    { "\\udc00", "\\udc00" },                 /* lone low */
    { "\\uDFFF", "\\uDFFF" },
    { "\\udc00\\ud800", "\\udc00" },          /* low, then high */
    { "\\ud83d\\ude00\\udc00", "\\udc00" },   /* a pair, then a lone low */
    { "\\\\\\udc00", "\\udc00" },             /* an escaped "\", then a lone low */
  };
  /* Valid edge cases, raw and escaped, and what they decode to. */
  static const char zEdges[] = "\x7F" "\xC2\x80" "\xDF\xBF" "\xE0\xA0\x80" "\xED\x9F\xBF"
                               "\xEE\x80\x80" "\xEF\xBF\xBF" "\xF0\x90\x80\x80" "\xF4\x8F\xBF\xBF";
  static const char *azGood[] = {
    zEdges,
    "\\u007f\\u0080\\u07FF\\u0800\\ud7ff\\ue000\\uFFFF\\ud800\\udc00\\uDBFF\\uDFFF",
  };
  size_t i, j;
  for(i=0; i<sizeof(azUtf8)/sizeof(azUtf8[0]); i++){
    check_bad_string(azUtf8[i], azUtf8[i], "invalid UTF-8 in string");
  }
  for(i=0; i<sizeof(aEsc)/sizeof(aEsc[0]); i++){
    check_bad_string(aEsc[i].zBad, aEsc[i].zAt, "invalid \\u escape: unpaired surrogate");
  }
  for(i=0; i<sizeof(azGood)/sizeof(azGood[0]); i++){
    Str want = {0, 0, 0};
    size_t iAt;
    char *zIn = str_case(0, azGood[i], &iAt);
    str_printf(&want, "#1 @1 ph=str:X name=str:ok\n#2 @24 ph=str:X name=str:a%sz ts=num:1\n", zEdges);
    check_case(zIn, want.z, ALL, 0);
    free(zIn);
    free(want.z);
    for(j=1; j<sizeof(aStrAt)/sizeof(aStrAt[0]); j++){
      char *zGot;
      zIn = str_case(j, azGood[i], &iAt);
      zGot = dump_buffer(zIn, strlen(zIn), 7, ALL, aStrAt[j].bMeta);
      if( strstr(zGot, "ERROR") ) fprintf(stderr, "input: %s\n", zIn);
      CHECK(strstr(zGot, "ERROR")==0);
      free(zGot);
      free(zIn);
    }
  }
  /* Valid pairs, upper case; an escaped "\" before "ud800" is no escape. */
  check_case("[{\"ph\":\"X\",\"name\":\"\\uD83D\\uDE00\\ud800\\udfff\\\\ud800\"}]",
    "#1 @1 ph=str:X name=str:\xF0\x9F\x98\x80\xF0\x90\x8F\xBF\\ud800\n", ALL, 0);
  /* An error of yajl's before the bad string is the one reported; one after it is not. */
  check_case("[{\"ph\" \"X\",\"name\":\"\xC0\x80\"}]",
    "ERROR: byte 10: invalid JSON: object key and value must be separated by a colon (':')\n", ALL, 0);
  check_case("[{\"ph\":\"\\q\\ud800\"}]", "ERROR: byte 9: invalid JSON: inside a string, '\\' occurs before a character which it may not\n", ALL, 0);
  check_case("[{\"ph\":\"\\ud800\\u00zz\"}]", "ERROR: byte 18: invalid JSON: invalid (non-hex) character occurs after '\\u' inside string\n", ALL, 0);
  check_case("[{\"ph\":\"\xF4\x90\"} {]", "ERROR: byte 8: invalid UTF-8 in string\n", ALL, 0);
  /* A string cut by the end of the input is a truncated event. */
  check_case("[{\"ph\":\"X\"},{\"ph\":\"\xE2\x82",
    "#1 @1 ph=str:X\nERROR: byte 21: unexpected end of input inside event 2 (truncated trace?)\n", ALL, 0);
  check_case("[{\"ph\":\"X\"},{\"ph\":\"\\ud800",
    "#1 @1 ph=str:X\nERROR: byte 25: unexpected end of input inside event 2 (truncated trace?)\n", ALL, 0);
}

/* 1001 nested arrays inside an event: the depth limit, not a crash. */
static void test_depth_limit(void){
  size_t nDeep = 1200, i;
  Str s = {0, 0, 0};
  char *zGot;
  str_printf(&s, "[{\"args\":");
  for(i=0; i<nDeep; i++) str_printf(&s, "[");
  for(i=0; i<nDeep; i++) str_printf(&s, "]");
  str_printf(&s, "}]");
  zGot = dump_buffer(s.z, s.n, 4096, ALL, 0);
  /* the event's object is level 1: its args may open 999 arrays, and the
  ** 1000th (at byte 9 + 999; the offset given is the one after it) is too
  ** deep, in the array format as in the others (edge_values_test.py checks
  ** all three) */
  CHECK_STR(zGot, "ERROR: byte 1009: nesting deeper than 1000 levels\n");
  free(zGot);
  free(s.z);
}

/* A real trace, fed in one piece, gives as many events as the corpus
** says and no error; fed in pieces of 1..31 bytes, and read through
** event_file_* with small and default read sizes, the same dump. */
static void test_real_trace(const char *zData, const char *zName, long nWantEvents){
  static const size_t aFileChunk[] = { 1, 31, 0 };
  char zPath[4096];
  size_t n, c, i;
  char *a, *zWhole;
  long nLines = 0;
  const char *z;
  snprintf(zPath, sizeof(zPath), "%s/%s", zData, zName);
  a = unit_read_file(0, zPath, &n);
  if( a==0 ){
    fprintf(stderr, "cannot read %s (run tests/data/prepare.sh)\n", zPath);
    CHECK(a!=0);
    return;
  }
  zWhole = dump_buffer(a, n, n, ALL, 0);
  for(z=zWhole; *z; z++) if( *z=='\n' ) nLines++;
  CHECK(nLines==nWantEvents);
  CHECK(strstr(zWhole, "ERROR")==0);
  for(c=1; c<=31; c++){
    char *zGot = dump_buffer(a, n, c, ALL, 0);
    int bSame = strcmp(zGot, zWhole)==0;
    free(zGot);
    if( !bSame ){
      fprintf(stderr, "%s: fed in %zu-byte pieces, the dump differs\n", zName, c);
      break;
    }
  }
  CHECK(c==32);
  for(i=0; i<sizeof(aFileChunk)/sizeof(aFileChunk[0]); i++){
    EventReaderConfig cfg;
    EventFile *f;
    char zErr[TRACE_ERRMSG_MAX];
    const TraceEvent *e;
    Str out = {0, 0, 0};
    if( aFileChunk[i]==1 && n>100000 ) continue;   /* a read(2) per byte: small files only */
    memset(&cfg, 0, sizeof(cfg));
    cfg.mWant = ALL;
    if( event_file_open(zPath, &cfg, aFileChunk[i], &f, zErr, sizeof(zErr)) ){
      CHECK_STR(zErr, "");
      break;
    }
    str_printf(&out, "%s", "");
    while( (e = event_file_next(f))!=0 ) dump_event(&out, e);
    if( event_file_errmsg(f) ) str_printf(&out, "ERROR: %s\n", event_file_errmsg(f));
    event_file_close(f);
    if( strcmp(out.z, zWhole)!=0 ) fprintf(stderr, "%s: read in %zu-byte chunks, the dump differs\n", zName, aFileChunk[i]);
    CHECK(strcmp(out.z, zWhole)==0);
    free(out.z);
  }
  free(zWhole);
  free(a);
}

static void test_source_errors(void){
  EventReaderConfig cfg;
  EventFile *f = 0;
  char zErr[TRACE_ERRMSG_MAX];
  memset(&cfg, 0, sizeof(cfg));
  CHECK(event_file_open("/nonexistent/x.json", &cfg, 0, &f, zErr, sizeof(zErr))!=0);
  CHECK_STR(zErr, "cannot open: No such file or directory");
  CHECK(f==0);
  CHECK(event_file_open("/", &cfg, 0, &f, zErr, sizeof(zErr))!=0);
  CHECK_STR(zErr, "is a directory, not a trace file");
}

/* Long tokens (reader_hold.c): strings and numbers of 100 KB and more,
** fed in chunks that end everywhere in them, give what one input gives:
** the same fields, the same error at the same byte.  Escaped quotes and
** runs of "\\" fall on chunk boundaries too. */
static void check_long_case(const char *zIn, const char *zWhat){
  static const size_t aChunk[] = { 1000, 4095, 4096, 4097, 65536, 99991 };
  size_t n = strlen(zIn), i;
  char *zWhole = dump_buffer(zIn, n, n + 1, ALL, 0);
  for(i=0; i<sizeof(aChunk)/sizeof(aChunk[0]); i++){
    char *zGot = dump_buffer(zIn, n, aChunk[i], ALL, 0);
    if( strcmp(zGot, zWhole)!=0 ){
      fprintf(stderr, "%s: %zu-byte chunks differ from one input\n", zWhat, aChunk[i]);
    }
    CHECK(strcmp(zGot, zWhole)==0);
    free(zGot);
  }
  free(zWhole);
}

/* A trace in format iFmt (0: object, 1: JSON Lines, 2: array) whose second
** event has zValue as its "args"."detail" (and a third event after it). */
static char *long_trace(int iFmt, const char *zValue){
  static const char *azHead[] = { "{\"traceEvents\":[", "", "[" };
  static const char *azSep[] = { ",", "\n", ", " };
  static const char *azTail[] = { "]}", "\n", "]" };
  Str s = {0, 0, 0};
  str_printf(&s, "%s{\"ph\":\"X\",\"name\":\"a\"}%s{\"ph\":\"X\",\"name\":\"b\",\"args\":{\"detail\": %s}}%s"
                 "{\"ph\":\"X\",\"name\":\"c\"}%s", azHead[iFmt], azSep[iFmt], zValue, azSep[iFmt], azTail[iFmt]);
  return s.z;
}

static void test_long_tokens(void){
  static const char *azPiece[] = { "x", "\\\"", "\\\\", "\\\\\\\"", "\\u00e9", "\xC3\xA9", "\\\\\\\\\\\\\\\\" };
  size_t nBig = 150000, i;
  int iFmt;
  Str str = {0, 0, 0}, num = {0, 0, 0}, bad = {0, 0, 0}, open = {0, 0, 0};
  /* a string of every kind of piece, most of them plain */
  str_append(&str, "\"", 1);
  for(i=0; str.n<nBig; i++){
    const char *z = azPiece[(i % 97)<7 ? i % 97 : 0];
    str_append(&str, z, strlen(z));
  }
  str_append(&str, "\"", 1);
  /* a number, an invalid byte deep in a string, a string the input cuts */
  str_append(&num, "-1", 2);
  while( num.n<nBig ) str_append(&num, "0123456789", 10);
  str_append(&num, ".5e+3", 5);
  str_append(&bad, "\"", 1);
  while( bad.n<nBig ) str_append(&bad, "abcdefgh", 8);
  str_append(&bad, "\xC0\x80\"", 3);
  str_append(&open, "\"", 1);
  while( open.n<nBig ) str_append(&open, "\\\\abc", 5);
  for(iFmt=0; iFmt<3; iFmt++){
    char *z = long_trace(iFmt, str.z);
    char *zDump = dump_buffer(z, strlen(z), strlen(z), ALL, 0);
    CHECK(strstr(zDump, "ERROR")==0 && strstr(zDump, "#3 ")!=0);
    free(zDump);
    check_long_case(z, "long string");
    free(z);
    z = long_trace(iFmt, num.z);
    check_long_case(z, "long number");
    free(z);
    z = long_trace(iFmt, bad.z);
    check_long_case(z, "bad long string");
    free(z);
    z = long_trace(iFmt, bad.z);
    zDump = dump_buffer(z, strlen(z), strlen(z), ALL, 0);
    CHECK(strstr(zDump, "invalid UTF-8 in string")!=0);
    free(zDump);
    free(z);
    z = long_trace(iFmt, open.z);
    *strstr(z + 20, "}}") = 0;   /* the input ends inside the long string */
    zDump = dump_buffer(z, strlen(z), strlen(z), ALL, 0);
    CHECK(strstr(zDump, "ERROR: byte ")!=0 && strstr(zDump, "unexpected end of input")!=0);
    free(zDump);
    check_long_case(z, "cut long string");
    free(z);
  }
  free(str.z);
  free(num.z);
  free(bad.z);
  free(open.z);
}

int main(void){
  const char *zData = getenv("TT_DATA");
  if( zData==0 ) zData = "build/testdata";
  test_formats();
  test_values();
  test_want();
  test_metadata();
  test_errors();
  test_array_first();
  test_strings();
  test_depth_limit();
  test_long_tokens();
  test_source_errors();
  test_real_trace(zData, "tiny-v0.json", 18693);
  test_real_trace(zData, "tiny-v0.jsonl", 18693);
  test_real_trace(zData, "tiny-v0.array.json", 18693);
  test_real_trace(zData, "clang-wordfreq.json", 134);
  return unit_report();
}
