/*
** test_partial.c: ext/partial.c, what partial=1 adds to a scan that stops
** on an error: which messages it tolerates (those about the file's bytes,
** as the reader and the gzip source word them; not out of memory, not a
** read error), the trace_metadata row (the message as a JSON string), and
** where the events of a file stop (partial_events_stop).  The SQL side is
** in tests/oracle/partial_test.py and tests/sql/trace_events.test.
*/
#include "partial.h"
#include "unit.h"

#include <stdlib.h>
#include <unistd.h>

/* The value of trace_metadata's row for zErr, as a C string. */
static const char *row_value(const char *zErr){
  static char aBuf[1024];
  TraceEvent ev;
  char *zText = 0;
  if( partial_metadata_row(zErr, 7, &ev, &zText) ) return "(out of memory)";
  if( ev.iSeq!=7 || ev.aField[EF_NAME].eType!=EV_STRING || ev.aField[EF_ARGS].eType!=EV_JSON
   || ev.aField[EF_NAME].nByte!=strlen(PARTIAL_KEY)
   || memcmp(event_field_bytes(&ev, EF_NAME), PARTIAL_KEY, strlen(PARTIAL_KEY))!=0 ){
    free(zText);
    return "(not the partial row)";
  }
  snprintf(aBuf, sizeof(aBuf), "%.*s", (int)ev.aField[EF_ARGS].nByte, event_field_bytes(&ev, EF_ARGS));
  free(zText);
  return aBuf;
}

/* Write a[0..n) to a new temporary file; its name in zPath. */
static int temp_file(char *zPath, const char *a, size_t n){
  int fd;
  strcpy(zPath, "/tmp/tt-partial-XXXXXX");
  fd = mkstemp(zPath);
  if( fd<0 ) return 1;
  if( write(fd, a, n)!=(ssize_t)n ){ close(fd); return 1; }
  close(fd);
  return 0;
}

static void test_events_stop(void){
  static const char zCut[] = "{\"traceEvents\":[{\"ph\":\"X\",\"ts\":1},{\"ph\":\"X\",\"t";
  static const char zWhole[] = "{\"traceEvents\":[{\"ph\":\"X\",\"ts\":1}]}";
  EventReaderConfig cfg;
  char zPath[64], zStop[TRACE_ERRMSG_MAX];
  memset(&cfg, 0, sizeof(cfg));
  if( temp_file(zPath, zCut, sizeof(zCut)-1) ){ CHECK(0); return; }
  /* the events' own words, not the fallback's, with one reader or pieces */
  CHECK(partial_events_stop(zPath, &cfg, 1, 0, "the metadata reader's words", zStop, sizeof(zStop))==0);
  CHECK_STR(zStop, "byte 46: unexpected end of input inside event 2 (truncated trace?)");
  CHECK(partial_events_stop(zPath, &cfg, 2, 16, 0, zStop, sizeof(zStop))==0);
  CHECK_STR(zStop, "byte 46: unexpected end of input inside event 2 (truncated trace?)");
  unlink(zPath);
  /* a whole file: no stop, unless the caller's own reader stopped */
  if( temp_file(zPath, zWhole, sizeof(zWhole)-1) ){ CHECK(0); return; }
  CHECK(partial_events_stop(zPath, &cfg, 1, 0, 0, zStop, sizeof(zStop))==0);
  CHECK_STR(zStop, "");
  CHECK(partial_events_stop(zPath, &cfg, 1, 0, "byte 3: x", zStop, sizeof(zStop))==0);
  CHECK_STR(zStop, "byte 3: x");
  unlink(zPath);
  /* a file that cannot be opened is an error, not a stop */
  CHECK(partial_events_stop(zPath, &cfg, 1, 0, 0, zStop, sizeof(zStop))==1);
  CHECK_STR(zStop, "cannot open: No such file or directory");
}

int main(void){
  /* what the file's bytes hold: partial=1 ends the file there */
  CHECK(partial_tolerates("byte 73: unexpected end of input inside event 3 (truncated trace?)"));
  CHECK(partial_tolerates("byte 73: unexpected end of input: the trace object is not closed (truncated trace?)"));
  CHECK(partial_tolerates("byte 36: invalid UTF-8 in string"));
  CHECK(partial_tolerates("byte 65: invalid \\u escape: unpaired surrogate"));
  CHECK(partial_tolerates("byte 57: invalid JSON: after key and value, inside map, I expect ',' or '}'"));
  CHECK(partial_tolerates("byte 1031: nesting deeper than 1000 levels"));
  CHECK(partial_tolerates("byte 0: empty file"));
  CHECK(partial_tolerates("gzip: compressed data ends early (truncated file?) after 65536 compressed bytes"));
  CHECK(partial_tolerates("gzip: corrupt compressed data near compressed byte 12: invalid block type"));
  /* what it does not: stays an error */
  CHECK(!partial_tolerates("byte 9: out of memory (or an event larger than 1024 MB)"));
  CHECK(!partial_tolerates("out of memory"));
  CHECK(!partial_tolerates("out of memory (zlib)"));
  CHECK(!partial_tolerates("read error: Input/output error"));
  /* the row's value is JSON, like every value of trace_metadata */
  CHECK_STR(row_value("byte 73: unexpected end of input"), "\"byte 73: unexpected end of input\"");
  CHECK_STR(row_value("byte 7: \"traceEvents\" is not an array"), "\"byte 7: \\\"traceEvents\\\" is not an array\"");
  CHECK_STR(row_value("a\\b\n\x01"), "\"a\\\\b\\u000a\\u0001\"");
  CHECK_STR(row_value(""), "\"\"");
  test_events_stop();
  return unit_report();
}
