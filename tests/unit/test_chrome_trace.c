/*
** test_chrome_trace.c: unit tests of chrome_trace.c and json_text.c (no
** SQLite): the object check's verdicts and the members it reports, keys
** read through their escapes, string literals from any bytes, and the
** trace's text, limit and rollback.  The answers of Python's json on the
** same values are in tests/oracle/chrome_trace_test.py.
*/
#include "chrome_trace.h"
#include "json_text.h"
#include "unit.h"

/* json_object_check's verdict on the NUL-terminated z: "ok" or "N: why". */
static const char *verdict(const char *z){
  static char a[200];
  JsonError e;
  if( json_object_check(z, strlen(z), 0, 0, &e)==0 ) return "ok";
  snprintf(a, sizeof(a), "%zu: %s", e.iByte, e.zWhy);
  return a;
}

/* The members json_object_check reports, as "key=value;" */
static char aMembers[400];
static const char *zText;
static void member(void *pArg, size_t iKey, size_t nKey, size_t iValue, size_t iEnd){
  size_t n = strlen(aMembers);
  (void)pArg;
  snprintf(aMembers + n, sizeof(aMembers) - n, "%.*s=%.*s;", (int)nKey, zText + iKey,
           (int)(iEnd - iValue), zText + iValue);
}
static const char *members(const char *z){
  JsonError e;
  aMembers[0] = 0;
  zText = z;
  if( json_object_check(z, strlen(z), member, 0, &e) ) return "error";
  return aMembers;
}

static const char *literal(const char *z, size_t n){
  static char a[200];
  size_t nOut = json_string_write(0, z, n);
  CHECK(nOut<sizeof(a));
  CHECK(json_string_write(a, z, n)==nOut);
  a[nOut] = 0;
  return a;
}

static void test_check(void){
  char aDeep[2100];
  int i;
  static const char *const aCase[][2] = {
    { "{}", "ok" },
    { " \n{ \"a\" : [1, -0.5e+3, true, null, {\"b\":{}}, \"\\ud834\\udd1e\\u00e9\\/\"] }\t", "ok" },
    { "{\"\xc3\xa9\":\"\xf0\x9f\x98\x80\"}", "ok" },
    { "", "0: not a JSON object (it must start with '{')" },
    { "[]", "0: not a JSON object (it must start with '{')" },
    { "{", "1: expected a key (a string)" },
    { "{\"a\":}", "5: expected a value" },
    { "{\"a\":1,}", "7: expected a key (a string)" },
    { "{\"a\":1}}", "7: text after the object" },
    { "{\"a\":-}", "5: invalid number" },
    { "{\"a\":1e}", "5: invalid number: digits must follow the exponent" },
    { "{\"a\":\"\xc0\xaf\"}", "6: invalid UTF-8 in a string" },
    { "{\"a\":\"\xed\xa0\x80\"}", "6: invalid UTF-8 in a string" },     /* an encoded surrogate */
    { "{\"a\":\"\\ud800\\u0041\"}", "6: invalid \\u escape: unpaired surrogate" },
    { "{\"a\":\"\\", "7: unterminated string" },
    { "{\"a\":nul", "5: expected a value" },
  };
  for(i=0; i<(int)(sizeof(aCase)/sizeof(aCase[0])); i++) CHECK_STR(verdict(aCase[i][0]), aCase[i][1]);
  /* 1000 levels (the outer object is one) pass, 1001 do not */
  for(i=999; i<=1000; i++){
    strcpy(aDeep, "{\"a\":");
    memset(aDeep + 5, '[', (size_t)i);
    memset(aDeep + 5 + i, ']', (size_t)i);
    strcpy(aDeep + 5 + 2*i, "}");
    CHECK_STR(verdict(aDeep), i==999 ? "ok" : "1004: nesting deeper than 1000 levels");
  }
  CHECK_STR(members("{\"a\":1, \"b:c\" : {\"d\":[2,3]} ,\"\\u0065\":\"}\"}"),
            "\"a\"=1;\"b:c\"={\"d\":[2,3]};\"\\u0065\"=\"}\";");
  CHECK_STR(members("{}"), "");
  CHECK(json_key_is("\"ts\"", 4, "ts"));
  CHECK(json_key_is("\"\\u0074s\"", 9, "ts"));
  CHECK(!json_key_is("\"ts\"", 4, "t"));
  CHECK(!json_key_is("\"t\"", 3, "ts"));
  CHECK(!json_key_is("\"\\u0174s\"", 9, "ts"));
}

static void test_literal(void){
  CHECK_STR(literal("a\"b\\c", 5), "\"a\\\"b\\\\c\"");
  CHECK_STR(literal("\n\r\t\b\f\x01\x1f", 7), "\"\\n\\r\\t\\b\\f\\u0001\\u001f\"");
  CHECK_STR(literal("n\0l", 3), "\"n\\u0000l\"");
  CHECK_STR(literal("\xc3\xa9\xf0\x9f\x98\x80", 6), "\"\xc3\xa9\xf0\x9f\x98\x80\"");
  CHECK_STR(literal("a\xff" "b\xe2\x82", 5), "\"a\\ufffdb\\ufffd\\ufffd\"");
  CHECK_STR(literal("", 0), "\"\"");
}

static ChromeValue text(const char *z){
  ChromeValue v;
  memset(&v, 0, sizeof(v));
  v.eType = CHROME_TEXT;
  v.z = z;
  v.n = strlen(z);
  return v;
}

static void test_trace(void){
  ChromeValue a[CHROME_NCOL];
  ChromeTrace *t;
  char zErr[200], *z;
  size_t n;
  memset(a, 0, sizeof(a));
  a[CHROME_PID].eType = CHROME_INTEGER;
  a[CHROME_PID].i = -9223372036854775807LL - 1;
  a[CHROME_PH] = text("X");
  a[CHROME_TS].eType = CHROME_REAL;
  a[CHROME_TS].r = 0.1;
  a[CHROME_DUR].eType = CHROME_REAL;
  a[CHROME_DUR].r = 1e21;
  a[CHROME_ARGS] = text(" {\"k\":[1.50]}\n");
  t = chrome_trace_new(1000);
  CHECK(t!=0);
  CHECK(chrome_trace_add(t, a, zErr, sizeof(zErr))==CHROME_OK);
  a[CHROME_ARGS] = text("{\"k\":");
  CHECK(chrome_trace_add(t, a, zErr, sizeof(zErr))==CHROME_BADARG);
  CHECK_STR(zErr, "row 2: args is not the text of one JSON object: byte 5: unexpected end of the text");
  a[CHROME_ARGS].eType = CHROME_NULL;
  a[CHROME_NAME] = text("this name is long enough to go past the limit of the trace, whose text may "
                        "hold only a thousand bytes: the row is refused, the ones before it stay. "
                        "this name is long enough to go past the limit of the trace, whose text may "
                        "hold only a thousand bytes: the row is refused, the ones before it stay. "
                        "this name is long enough to go past the limit of the trace, whose text may "
                        "hold only a thousand bytes: the row is refused, the ones before it stay. "
                        "this name is long enough to go past the limit of the trace, whose text may "
                        "hold only a thousand bytes: the row is refused, the ones before it stay. "
                        "this name is long enough to go past the limit of the trace, whose text may "
                        "hold only a thousand bytes: the row is refused, the ones before it stay. "
                        "this name is long enough to go past the limit of the trace, whose text may "
                        "hold only a thousand bytes: the row is refused, the ones before it stay. ");
  CHECK(chrome_trace_add(t, a, zErr, sizeof(zErr))==CHROME_TOOBIG);
  a[CHROME_NAME].eType = CHROME_NULL;
  a[CHROME_PH] = text("B");
  a[CHROME_EXTRA] = text("{\"tts\":2, \"unmatched\":true}");
  CHECK(chrome_trace_add(t, a, zErr, sizeof(zErr))==CHROME_OK);
  CHECK(chrome_trace_finish(t, &z, &n)==CHROME_OK);
  CHECK_STR(z, "{\"traceEvents\":[\n"
               "{\"pid\":-9223372036854775808,\"ph\":\"X\",\"ts\":0.1,\"dur\":1e+21,\"args\":{\"k\":[1.50]}},\n"
               "{\"pid\":-9223372036854775808,\"ph\":\"B\",\"ts\":0.1,\"tts\":2}\n"
               "],\"displayTimeUnit\":\"ms\"}");
  CHECK(n==strlen(z));
  free(z);
  chrome_trace_free(t);
  /* a limit the head and tail alone exceed */
  t = chrome_trace_new(20);
  CHECK(t && chrome_trace_finish(t, &z, &n)==CHROME_TOOBIG);
  chrome_trace_free(t);
  t = chrome_trace_new(100);
  CHECK(t && chrome_trace_finish(t, &z, &n)==CHROME_OK);
  CHECK_STR(z, "{\"traceEvents\":[\n],\"displayTimeUnit\":\"ms\"}");
  free(z);
  chrome_trace_free(t);
}

int main(void){
  test_check();
  test_literal();
  test_trace();
  return unit_report();
}
