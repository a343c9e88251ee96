/*
** interrupt_probe.c: has the connection been interrupted?  Interface and
** why: interrupt_probe.h.
*/
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include <time.h>

#include "interrupt_probe.h"

int interrupt_probe_check(InterruptProbe *p, sqlite3 *db){
  struct timespec ts;
  int64_t iNow;
  int rc;
#if SQLITE_VERSION_NUMBER>=3041000
  if( sqlite3_libversion_number()>=3041000 ) return sqlite3_is_interrupted(db)!=0;
#endif
  if( clock_gettime(CLOCK_MONOTONIC, &ts)!=0 ) return 0;
  iNow = (int64_t)ts.tv_sec*1000 + ts.tv_nsec/1000000;
  if( p->iProbeMs!=0 && iNow - p->iProbeMs < INTERRUPT_PROBE_MS ) return 0;
  p->iProbeMs = iNow;
  if( p->pProbe==0 ){
    rc = sqlite3_prepare_v2(db, "SELECT 1", -1, &p->pProbe, 0);
    if( rc!=SQLITE_OK ){
      sqlite3_finalize(p->pProbe);
      p->pProbe = 0;
      /* the parser checks the interrupt too; any other failure (an
      ** authorizer that denies SELECT) is not tried again */
      if( rc!=SQLITE_INTERRUPT ) p->iProbeMs = INT64_MAX/2;
      return rc==SQLITE_INTERRUPT;
    }
  }
  rc = sqlite3_step(p->pProbe);
  sqlite3_reset(p->pProbe);
  return rc==SQLITE_INTERRUPT;
}

void interrupt_probe_free(InterruptProbe *p){
  sqlite3_finalize(p->pProbe);
  p->pProbe = 0;
}
