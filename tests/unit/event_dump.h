/*
** event_dump.h: the text form of event records that the reader tests
** compare, one line per event:
**
**   #SEQ @BYTE field=type:bytes ...      (fields present, in column order)
**
** types: null false true num str json.  Str is a growing string for
** building such dumps; out of memory ends the test program.
*/
#ifndef TIMETRACE_EVENT_DUMP_H
#define TIMETRACE_EVENT_DUMP_H
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "event_reader.h"

static const char *const azDumpField[] = {"pid","tid","ph","name","cat","ts","dur","detail","args","id","extra"};
static const char *const azDumpType[] = {"absent","null","false","true","num","str","json"};

typedef struct Str { char *z; size_t n, nAlloc; } Str;

/* Make room for n more bytes and the terminating NUL. */
static inline void str_reserve(Str *p, size_t n){
  if( p->n + n + 1 > p->nAlloc ){
    p->nAlloc = (p->n + n + 1)*2;
    p->z = realloc(p->z, p->nAlloc);
    if( p->z==0 ){ fprintf(stderr, "out of memory\n"); exit(2); }
  }
}

static inline void str_printf(Str *p, const char *zFmt, ...){
  va_list ap;
  int n;
  va_start(ap, zFmt);
  n = vsnprintf(0, 0, zFmt, ap);
  va_end(ap);
  str_reserve(p, (size_t)n);
  va_start(ap, zFmt);
  vsnprintf(p->z + p->n, p->nAlloc - p->n, zFmt, ap);
  va_end(ap);
  p->n += (size_t)n;
}

static inline void str_append(Str *p, const char *z, size_t n){
  str_reserve(p, n);
  memcpy(p->z + p->n, z, n);
  p->n += n;
  p->z[p->n] = 0;
}

static inline void dump_event(Str *p, const TraceEvent *e){
  int i;
  str_printf(p, "#%lld @%llu", (long long)e->iSeq, (unsigned long long)e->iByte);
  for(i=0; i<EF_COUNT; i++){
    const EventField *f = &e->aField[i];
    if( f->eType==EV_ABSENT ) continue;
    str_printf(p, " %s=%s:%.*s", azDumpField[i], azDumpType[f->eType], (int)f->nByte, event_field_bytes(e, i));
  }
  str_printf(p, "\n");
}
#endif
