/*
** event_filter.c: the reader's pushdown of equality constraints.  See
** event_filter.h for the interface and the rules.
*/
#include "event_filter.h"

#include <stdlib.h>
#include <string.h>

/* Is the text column of field iField of pEv (event_field_text: true and
** false are "1" and "0", null and absent equal nothing) exactly t? */
static int text_equals(const TraceEvent *pEv, int iField, const FilterText *t){
  const char *zText;
  uint32_t n;
  return event_field_text(pEv, iField, &zText, &n) && n==(uint32_t)t->n
      && memcmp(zText, t->z, (size_t)t->n)==0;
}

/* Can event field f (bytes z) be equal to integer i?  Only a JSON number
** written as a plain integer is known to be different; anything else is
** left for SQLite to decide. */
static int int_may_equal(const EventField *f, const char *z, int64_t i){
  int64_t v = 0;
  uint32_t k = 0;
  int bNeg = 0;
  if( f->eType==EV_ABSENT || f->eType==EV_NULL ) return 0;
  if( f->eType!=EV_NUMBER || f->nByte==0 || f->nByte>18 ) return 1;
  if( z[0]=='-' ){ bNeg = 1; k = 1; }
  if( k==f->nByte ) return 1;
  for(; k<f->nByte; k++){
    if( z[k]<'0' || z[k]>'9' ) return 1;    /* 1.0, 1e3: let SQLite compare */
    v = v*10 + (z[k]-'0');
  }
  return (bNeg ? -v : v)==i;
}

/* Byte order, shorter first on a common prefix. */
static int text_cmp(const void *a, const void *b){
  const FilterText *x = a, *y = b;
  int n = x->n < y->n ? x->n : y->n;
  int c = memcmp(x->z, y->z, (size_t)n);
  return c ? c : (x->n > y->n) - (x->n < y->n);
}

void event_filter_sort_names(EventFilter *p){
  if( p->nNameIn>1 ) qsort(p->aNameIn, (size_t)p->nNameIn, sizeof(FilterText), text_cmp);
}

int event_filter_accept(void *pFilter, const TraceEvent *pEv){
  const EventFilter *p = pFilter;
  unsigned m = p->m;
  const EventField *a = pEv->aField;
  if( (m & EVENT_FILTER_NAME) && !text_equals(pEv, EF_NAME, &p->name) ) return 0;
  if( (m & EVENT_FILTER_PH) && !text_equals(pEv, EF_PH, &p->ph) ) return 0;
  if( (m & EVENT_FILTER_CAT) && !text_equals(pEv, EF_CAT, &p->cat) ) return 0;
  if( (m & EVENT_FILTER_PID) && !int_may_equal(&a[EF_PID], event_field_bytes(pEv, EF_PID), p->iPid) ) return 0;
  if( (m & EVENT_FILTER_TID) && !int_may_equal(&a[EF_TID], event_field_bytes(pEv, EF_TID), p->iTid) ) return 0;
  if( m & EVENT_FILTER_NAME_IN ){
    FilterText t;
    uint32_t n;
    if( !event_field_text(pEv, EF_NAME, &t.z, &n) || p->nNameIn==0 ) return 0;
    t.n = (int)n;
    if( bsearch(&t, p->aNameIn, (size_t)p->nNameIn, sizeof(FilterText), text_cmp)==0 ) return 0;
  }
  return 1;
}
