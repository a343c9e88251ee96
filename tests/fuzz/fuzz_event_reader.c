/*
** fuzz_event_reader.c: differential libFuzzer target for the event
** reader's fast path (ext/event_fast.c): on any input, the reader with
** the fast path must give exactly what it gives with yajl alone, fed in the
** same pieces: the same events (every field, type, byte, number and
** offset) and the same error (tests/unit/fastpath_diff.h compares).
**
** Build with `make fuzz`, seed with tests/fuzz/seed_events.sh, run
**     build/fuzz/fuzz_event_reader -max_len=8192 -timeout=10 \
**         -dict=tests/fuzz/events.dict build/fuzz/seed_events
** The first byte of an input picks the start mode and (with the second
** byte's top bit) the fields wanted, the second byte's low 7 bits the size
** of the pieces (0: all at once); the rest is fed.
*/
#include "../unit/fastpath_diff.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData){
  static const unsigned aWant[16] = {
    EVENT_WANT_ALL, EVENT_WANT(EF_DUR), 0,
    EVENT_WANT(EF_NAME) | EVENT_WANT(EF_ARGS) | EVENT_WANT(EF_DETAIL) | EVENT_WANT(EF_EXTRA),
    EVENT_WANT(EF_DETAIL), EVENT_WANT(EF_EXTRA) | EVENT_WANT(EF_TS),
    EVENT_WANT_ALL & ~EVENT_WANT(EF_ARGS), EVENT_WANT(EF_ARGS),
    /* the call tree's first pass */
    EVENT_WANT(EF_PID) | EVENT_WANT(EF_TID) | EVENT_WANT(EF_PH) | EVENT_WANT(EF_NAME)
      | EVENT_WANT(EF_TS) | EVENT_WANT(EF_DUR),
    EVENT_WANT(EF_ARGS) | EVENT_WANT(EF_EXTRA), EVENT_WANT(EF_EXTRA),
    EVENT_WANT(EF_ARGS) | EVENT_WANT(EF_DETAIL), EVENT_WANT(EF_CAT) | EVENT_WANT(EF_ID),
    EVENT_WANT(EF_NAME) | EVENT_WANT(EF_DETAIL) | EVENT_WANT(EF_DUR),
    EVENT_WANT_ALL & ~EVENT_WANT(EF_EXTRA), EVENT_WANT_ALL & ~EVENT_WANT(EF_DETAIL)
  };
  static const int aStart[4] = {
    EVENT_START_FILE, EVENT_START_TRACE_EVENTS, EVENT_START_LINES, EVENT_START_LIST
  };
  EventReaderConfig cfg;
  if( nData<2 ) return 0;
  memset(&cfg, 0, sizeof(cfg));
  cfg.eStart = aStart[aData[0] & 3];
  cfg.mWant = aWant[((aData[0] >> 2) & 7) | ((aData[1] & 0x80) >> 4)];
  cfg.bMetadata = (aData[0] & 0xe0)==0xe0;
  if( !fastpath_same(aData + 2, nData - 2, &cfg, aData[1] & 0x7f, "fuzz_event_reader") ) abort();
  return 0;
}
