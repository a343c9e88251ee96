/*
** event_pairs.c: begin events waiting for their end, a stack per key.
** Interface and rules: event_pairs.h.
*/
#include "event_pairs.h"
#include "big_array.h"

#include <string.h>

struct PairStack {
  PairOpen *a;
  uint32_t n, nAlloc;
};

void pair_table_init(PairTable *p){
  memset(p, 0, sizeof(*p));
}

/* The stack of key zKey, made when it is new; NULL when out of memory. */
static PairStack *pair_stack(PairTable *p, const char *zKey, size_t nKey){
  long i = string_table_intern(&p->keys, zKey, nKey);
  if( i<0 ) return 0;
  if( (size_t)i>=p->nStackAlloc ){
    size_t nNew = p->nStackAlloc ? p->nStackAlloc*2 : 16;
    void *a = p->aStack;
    if( big_resize(&a, p->nStackAlloc*sizeof(PairStack), nNew*sizeof(PairStack)) ) return 0;
    memset((PairStack*)a + p->nStackAlloc, 0, (nNew - p->nStackAlloc)*sizeof(PairStack));
    p->aStack = a;
    p->nStackAlloc = nNew;
  }
  return &p->aStack[i];
}

int pair_push(PairTable *p, const char *zKey, size_t nKey, uint32_t iThread, uint32_t iRec){
  PairStack *s = pair_stack(p, zKey, nKey);
  if( s==0 ) return 1;
  if( s->n>=s->nAlloc ){
    uint32_t nNew = s->nAlloc ? s->nAlloc*2 : 4;
    void *a = s->a;
    if( nNew<=s->nAlloc || big_resize(&a, s->nAlloc*sizeof(PairOpen), nNew*sizeof(PairOpen)) ) return 1;
    s->a = a;
    s->nAlloc = nNew;
  }
  s->a[s->n].iThread = iThread;
  s->a[s->n].iRec = iRec;
  s->n++;
  return 0;
}

int pair_pop(PairTable *p, const char *zKey, size_t nKey, PairOpen *pOut){
  /* a key never seen has nothing open: looked up without adding it */
  long k = string_table_find(&p->keys, zKey, nKey);
  if( k<0 || p->aStack[k].n==0 ) return 0;
  *pOut = p->aStack[k].a[--p->aStack[k].n];
  return 1;
}

int pair_top(const PairTable *p, const char *zKey, size_t nKey, PairOpen *pOut){
  long k = string_table_find(&p->keys, zKey, nKey);
  if( k<0 || p->aStack[k].n==0 ) return 0;
  *pOut = p->aStack[k].a[p->aStack[k].n - 1];
  return 1;
}

int pair_table_each(const PairTable *p, int (*xOpen)(void*, const char*, size_t, const PairOpen*), void *pArg){
  size_t i, k;
  for(i=0; i<p->keys.n; i++){
    for(k=0; k<p->aStack[i].n; k++){
      int rc = xOpen(pArg, string_table_str(&p->keys, i), string_table_len(&p->keys, i), &p->aStack[i].a[k]);
      if( rc ) return rc;
    }
  }
  return 0;
}

void pair_table_free(PairTable *p){
  size_t i;
  for(i=0; i<p->keys.n && i<p->nStackAlloc; i++){
    big_free(p->aStack[i].a, p->aStack[i].nAlloc*sizeof(PairOpen));
  }
  big_free(p->aStack, p->nStackAlloc*sizeof(PairStack));
  string_table_free(&p->keys);
  pair_table_init(p);
}

/* The end of the JSON string that starts at z[i] (a '"'), just past its
** closing quote, or n. */
static size_t json_string_end(const char *z, size_t n, size_t i){
  for(i++; i<n; i++){
    if( z[i]=='\\' ) i++;
    else if( z[i]=='"' ) return i + 1;
  }
  return n;
}

/* The end of the JSON value that starts at z[i]. */
static size_t json_value_end(const char *z, size_t n, size_t i){
  int nDepth = 0;
  while( i<n ){
    char c = z[i];
    if( c=='"' ){
      i = json_string_end(z, n, i);
      if( nDepth==0 ) return i;
      continue;
    }
    if( c=='{' || c=='[' ) nDepth++;
    else if( c=='}' || c==']' ){
      if( nDepth==0 ) return i;       /* the end of the enclosing object */
      if( --nDepth==0 ) return i + 1;
    }else if( c==',' && nDepth==0 ){
      return i;
    }
    i++;
  }
  return n;
}

static size_t json_skip_space(const char *z, size_t n, size_t i){
  while( i<n && (z[i]==' ' || z[i]=='\t' || z[i]=='\n' || z[i]=='\r') ) i++;
  return i;
}

int pair_json_member(const char *z, size_t n, const char *zKey, size_t nKey, size_t *piStart, size_t *pnLen){
  size_t i = json_skip_space(z, n, 0);
  if( i>=n || z[i]!='{' ) return 0;
  i++;
  for(;;){
    size_t iKey, iKeyEnd, iVal;
    i = json_skip_space(z, n, i);
    if( i>=n || z[i]!='"' ) return 0;
    iKey = i + 1;
    iKeyEnd = json_string_end(z, n, i);
    i = json_skip_space(z, n, iKeyEnd);
    if( i>=n || z[i]!=':' ) return 0;
    iVal = json_skip_space(z, n, i + 1);
    i = json_value_end(z, n, iVal);
    if( iKeyEnd - 1 - iKey==nKey && memcmp(z + iKey, zKey, nKey)==0 ){
      *piStart = iVal;
      *pnLen = i - iVal;
      return 1;
    }
    i = json_skip_space(z, n, i);
    if( i>=n || z[i]!=',' ) return 0;
    i++;
  }
}
