/*
** event_filter.h: which events can satisfy a statement's equality
** constraints, decided by the reader before a row is made.  Plain C, no
** SQLite.
**
**   EventFilter f = {0};
**   f.m |= EVENT_FILTER_NAME; f.name.z = "OptFunction"; f.name.n = 11;
**   f.m |= EVENT_FILTER_PID;  f.iPid = 1;
**   f.aNameIn = a; f.nNameIn = n; event_filter_sort_names(&f); f.m |= EVENT_FILTER_NAME_IN;
**   cfg.xAccept = event_filter_accept; cfg.pAcceptCtx = &f;   (EventReaderConfig)
**
** It only drops events that cannot match: the table's SQL still checks
** every constraint (trace_events pushes them down with omit=0), so a
** value whose comparison SQLite decides differently (1.0 = 1, a number's
** text) is let through.  The rules are those of the columns:
**   - name = 'x', ph = 'x', cat = 'x': the text column equals x byte for
**     byte: a string, a number's JSON text or an object's compact JSON
**     can; true, false, null and an absent field cannot;
**   - pid = N, tid = N: a field written as a plain integer must be N;
**     null and absent cannot be; anything else (1.0, "1", 1e0) may be;
**   - name IN (...): as name =, for any of the values.
*/
#ifndef TIMETRACE_EVENT_FILTER_H
#define TIMETRACE_EVENT_FILTER_H
#include <stdint.h>
#include "event_reader.h"

/* A text value a field must equal (bytes, not NUL-terminated). */
typedef struct FilterText {
  const char *z;
  int n;
} FilterText;

#define EVENT_FILTER_NAME    0x01
#define EVENT_FILTER_NAME_IN 0x02
#define EVENT_FILTER_PH      0x04
#define EVENT_FILTER_CAT     0x08
#define EVENT_FILTER_PID     0x10
#define EVENT_FILTER_TID     0x20

typedef struct EventFilter {
  unsigned m;                 /* EVENT_FILTER_* in force */
  FilterText name, ph, cat;
  int64_t iPid, iTid;
  FilterText *aNameIn;        /* the values of name IN (...), sorted */
  int nNameIn;
} EventFilter;

/* Sort aNameIn, as event_filter_accept's binary search wants. */
void event_filter_sort_names(EventFilter *p);

/* An EventAcceptFn: 0 when pEv cannot satisfy the filter pFilter (an
** EventFilter*), else 1.  Thread-safe: it only reads. */
int event_filter_accept(void *pFilter, const TraceEvent *pEv);

#endif
