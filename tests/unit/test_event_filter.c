/*
** test_event_filter.c: the reader's pushdown (event_filter.c), without
** SQLite.  Each case is one event, parsed by the reader, and a filter;
** the answer is what SQLite's comparison of the column would allow: a
** filter may let through what SQLite then drops, never drop what SQLite
** keeps.  tests/oracle/trace_oracle.py checks the same through SQL against
** Python's json, with and without the pushdown.
*/
#include "event_filter.h"
#include "unit.h"

#include <string.h>

/* The first event of the trace z (object or JSON Lines). */
static int accepts(const char *zEvent, const EventFilter *f){
  EventReaderConfig cfg;
  EventReader *r;
  const TraceEvent *pEv;
  int bAccept = -1;
  memset(&cfg, 0, sizeof(cfg));
  cfg.mWant = EVENT_WANT_ALL;
  r = event_reader_new(&cfg);
  if( r==0 ) return -2;
  if( event_reader_feed(r, (const unsigned char*)zEvent, strlen(zEvent))==0 && event_reader_finish(r)==0
   && (pEv = event_reader_next(r))!=0 ){
    bAccept = event_filter_accept((void*)f, pEv);
  }
  event_reader_free(r);
  return bAccept;
}

static FilterText text(const char *z){
  FilterText t;
  t.z = z;
  t.n = (int)strlen(z);
  return t;
}

static void test_text(void){
  EventFilter f;
  memset(&f, 0, sizeof(f));
  CHECK(accepts("{\"ph\":\"X\",\"name\":\"a\"}", &f)==1);          /* no filter */
  f.m = EVENT_FILTER_NAME;
  f.name = text("OptFunction");
  CHECK(accepts("{\"ph\":\"X\",\"name\":\"OptFunction\"}", &f)==1);
  CHECK(accepts("{\"ph\":\"X\",\"name\":\"OptFunctio\"}", &f)==0);
  CHECK(accepts("{\"ph\":\"X\",\"name\":\"OptFunctionX\"}", &f)==0);
  CHECK(accepts("{\"ph\":\"X\",\"name\":\"optfunction\"}", &f)==0);  /* BINARY only */
  CHECK(accepts("{\"ph\":\"X\"}", &f)==0);                           /* absent: NULL */
  CHECK(accepts("{\"ph\":\"X\",\"name\":null}", &f)==0);
  CHECK(accepts("{\"ph\":\"X\",\"name\":\"Opt\\u0046unction\"}", &f)==1);   /* decoded */
  f.name = text("12");
  CHECK(accepts("{\"ph\":\"X\",\"name\":12}", &f)==1);               /* a number's text */
  CHECK(accepts("{\"ph\":\"X\",\"name\":12.0}", &f)==0);
  f.name = text("{\"a\":[1,2]}");
  CHECK(accepts("{\"ph\":\"X\",\"name\":{\"a\": [1, 2]}}", &f)==1);  /* compact JSON */
  f.name = text("1");
  /* true is the integer 1, which name's TEXT affinity makes '1' when
  ** SQLite compares it with text: name = '1' holds (so does name IS '1',
  ** which SQLite evaluates alone) */
  CHECK(accepts("{\"ph\":\"X\",\"name\":true}", &f)==1);
  CHECK(accepts("{\"ph\":\"X\",\"name\":false}", &f)==0);
  f.m = EVENT_FILTER_PH | EVENT_FILTER_CAT;
  f.ph = text("X");
  f.cat = text("c");
  CHECK(accepts("{\"ph\":\"X\",\"cat\":\"c\"}", &f)==1);
  CHECK(accepts("{\"ph\":\"X\",\"cat\":\"d\"}", &f)==0);
  CHECK(accepts("{\"ph\":\"B\",\"cat\":\"c\"}", &f)==0);
}

static void test_ints(void){
  EventFilter f;
  memset(&f, 0, sizeof(f));
  f.m = EVENT_FILTER_PID | EVENT_FILTER_TID;
  f.iPid = 7;
  f.iTid = -3;
  CHECK(accepts("{\"ph\":\"X\",\"pid\":7,\"tid\":-3}", &f)==1);
  CHECK(accepts("{\"ph\":\"X\",\"pid\":8,\"tid\":-3}", &f)==0);
  CHECK(accepts("{\"ph\":\"X\",\"pid\":7,\"tid\":3}", &f)==0);
  CHECK(accepts("{\"ph\":\"X\",\"pid\":7.0,\"tid\":-3}", &f)==1);    /* SQLite decides: 7.0 = 7 */
  CHECK(accepts("{\"ph\":\"X\",\"pid\":7e0,\"tid\":-3}", &f)==1);
  CHECK(accepts("{\"ph\":\"X\",\"pid\":\"7\",\"tid\":-3}", &f)==1);  /* text: SQLite decides */
  CHECK(accepts("{\"ph\":\"X\",\"tid\":-3}", &f)==0);                /* absent */
  CHECK(accepts("{\"ph\":\"X\",\"pid\":null,\"tid\":-3}", &f)==0);
  CHECK(accepts("{\"ph\":\"X\",\"pid\":1234567890123456789012,\"tid\":-3}", &f)==1);  /* too long: SQLite */
}

static void test_in(void){
  FilterText a[3];
  EventFilter f;
  memset(&f, 0, sizeof(f));
  a[0] = text("b");
  a[1] = text("OptModule");
  a[2] = text("a");
  f.aNameIn = a;
  f.nNameIn = 3;
  event_filter_sort_names(&f);
  CHECK(strcmp(a[0].z, "OptModule")==0 && strcmp(a[1].z, "a")==0 && strcmp(a[2].z, "b")==0);
  f.m = EVENT_FILTER_NAME_IN;
  CHECK(accepts("{\"ph\":\"X\",\"name\":\"a\"}", &f)==1);
  CHECK(accepts("{\"ph\":\"X\",\"name\":\"b\"}", &f)==1);
  CHECK(accepts("{\"ph\":\"X\",\"name\":\"OptModule\"}", &f)==1);
  CHECK(accepts("{\"ph\":\"X\",\"name\":\"c\"}", &f)==0);
  CHECK(accepts("{\"ph\":\"X\",\"name\":\"\"}", &f)==0);
  CHECK(accepts("{\"ph\":\"X\"}", &f)==0);
  f.nNameIn = 0;                     /* IN () matches nothing */
  CHECK(accepts("{\"ph\":\"X\",\"name\":\"a\"}", &f)==0);
  f.nNameIn = 3;
  f.m |= EVENT_FILTER_NAME;          /* both: each must hold */
  f.name = text("a");
  CHECK(accepts("{\"ph\":\"X\",\"name\":\"a\"}", &f)==1);
  CHECK(accepts("{\"ph\":\"X\",\"name\":\"b\"}", &f)==0);
}

int main(void){
  test_text();
  test_ints();
  test_in();
  return unit_report();
}
