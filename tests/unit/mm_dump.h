/*
** mm_dump.h: a self-profile's metadata and events as JSON lines, for
** tests/oracle/mm_profdata_test.py (through `build/unit/test_mm_profdata
** PATH [THREADS]`) and the unit test.  The lines:
**
**   {"version":9,"metadata":true,"start_time":N,"pid":N,"cmd":"...","counter":"...","text":"..."}
**   {"seq":1,"byte":N,"type":"interval","thread":N,"start":N,"end":N,"kind":"...","label":"...","args":"[...]"}
**   {"seq":2,...,"type":"instant","start":N,...}   {"seq":3,...,"type":"integer","value":N,...}
**   {"error":"PATH: byte N: reason"}            (last, when the events stopped on an error)
**
** Absent metadata fields are null; "args" is the reader's JSON text as a
** string, null when the event has none.
*/
#ifndef TIMETRACE_MM_DUMP_H
#define TIMETRACE_MM_DUMP_H
#include <stdio.h>
#include <string.h>
#include "mm_profdata.h"

/* z[0..n) as a JSON string (NULL: null). */
static inline void mm_dump_str(FILE *f, const char *z, size_t n){
  size_t i;
  if( z==0 ){ fputs("null", f); return; }
  fputc('"', f);
  for(i=0; i<n; i++){
    unsigned char c = (unsigned char)z[i];
    if( c=='"' || c=='\\' ) fprintf(f, "\\%c", c);
    else if( c<0x20 ) fprintf(f, "\\u%04x", c);
    else fputc(c, f);
  }
  fputc('"', f);
}

static inline void mm_dump_cstr(FILE *f, const char *z){
  mm_dump_str(f, z, z ? strlen(z) : 0);
}

static inline void mm_dump_metadata(FILE *f, const MmProfile *p){
  const MmMetadata *m = mm_profdata_metadata(p);
  fprintf(f, "{\"version\":%u,\"metadata\":%s,\"start_time\":", mm_profdata_version(p),
          m->bPresent ? "true" : "false");
  if( m->bStartTime ) fprintf(f, "%llu", (unsigned long long)m->iStartTime); else fputs("null", f);
  fputs(",\"pid\":", f);
  if( m->bPid ) fprintf(f, "%llu", (unsigned long long)m->iPid); else fputs("null", f);
  fputs(",\"cmd\":", f);
  mm_dump_cstr(f, m->zCmd);
  fputs(",\"counter\":", f);
  mm_dump_cstr(f, m->zCounter);
  fputs(",\"text\":", f);
  mm_dump_cstr(f, m->zText);
  fputs("}\n", f);
}

static inline void mm_dump_event(FILE *f, const MmEvent *e){
  static const char *azType[] = {"?", "interval", "instant", "integer"};
  fprintf(f, "{\"seq\":%lld,\"byte\":%llu,\"type\":\"%s\",\"thread\":%u,", (long long)e->iSeq,
          (unsigned long long)e->iByte, azType[e->eType], (unsigned)e->iThread);
  if( e->eType==MM_INTEGER ){
    fprintf(f, "\"value\":%llu,", (unsigned long long)e->iValue);
  }else if( e->eType==MM_INSTANT ){
    fprintf(f, "\"start\":%llu,", (unsigned long long)e->iStart);
  }else{
    fprintf(f, "\"start\":%llu,\"end\":%llu,", (unsigned long long)e->iStart,
            (unsigned long long)e->iEnd);
  }
  fputs("\"kind\":", f);
  mm_dump_str(f, e->zKind, e->nKind);
  fputs(",\"label\":", f);
  mm_dump_str(f, e->zLabel, e->nLabel);
  fputs(",\"args\":", f);
  mm_dump_str(f, e->zArgs, e->nArgs);
  fputs("}\n", f);
}

/* Dump the whole profile at zPath to f, its strings resolved on nThread
** threads (mm_profdata_threads); returns 0, 1 on an error (printed as the
** last line). */
static inline int mm_dump_file(FILE *f, const char *zPath, int nThread){
  char zErr[MM_ERRMSG_MAX];
  MmProfile *p;
  const MmEvent *e;
  int rc = 0;
  if( mm_profdata_open(zPath, &p, zErr, sizeof zErr) ){
    fputs("{\"error\":", f);
    mm_dump_cstr(f, zErr);
    fputs("}\n", f);
    return 1;
  }
  mm_profdata_threads(p, nThread);
  mm_dump_metadata(f, p);
  while( (e = mm_profdata_next(p))!=0 ) mm_dump_event(f, e);
  if( mm_profdata_errmsg(p) ){
    fputs("{\"error\":", f);
    mm_dump_cstr(f, mm_profdata_errmsg(p));
    fputs("}\n", f);
    rc = 1;
  }
  mm_profdata_close(p);
  return rc;
}

#endif
