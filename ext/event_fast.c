/*
** event_fast.c: the event reader's fast path.  A piece of the event
** reader (event_reader_int.h lists the pieces): reader_parse calls
** fast_events where the reader stands between two events, and it takes
** over from yajl as far as it can.
**
** yajl's lexer is most of the time of a scan, and LLVM's events are all
** alike: no whitespace, no escapes, ASCII.  Between two events of the
** object format or JSON Lines (checked the way the parallel scan checks
** its pieces: event_reader_at_boundary), the reader lexes the following
** events itself, as long as each one lies whole in the bytes fed and
** within a strict subset of JSON (fast_lex_event), and builds each event
** straight from its tokens (fast_build), with exactly the fields, bytes
** and positions the callbacks (event_callbacks.c) would have made of
** yajl's parse: in that subset a value's compact JSON is its text as
** written, so captured values are copies.  yajl never sees those bytes;
** it stays between two events, which is where it would be after them.
** Anything else (an escape, a non-ASCII byte, whitespace inside an event,
** an event cut by the end of the chunk, any syntax error) is left to yajl
** from that event's "{" on, so rows and errors are exactly yajl's:
** tests/unit/test_event_fastpath.c and tests/fuzz/fuzz_event_reader.c
** compare the two paths.
**
** The lexer (fast_lex_event, with fast_number, fast_string_end and
** fast_hint_match) is plain C on a byte array, a token array and the
** keys and members it expects from the events before (FastKeyHints, a
** hint that changes no token), and knows nothing of the reader
** (tests/unit/test_event_fast_lex.c drives it alone).
** This is the hot loop of a scan: the reader's helpers it uses are static
** inline in event_reader_int.h.
*/
#include "event_reader_int.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ------------------------------------------------------------------------
** The lexer
*/

static inline int is_digit(unsigned char c){ return (unsigned)(c - '0')<10; }

/* Eight bytes in a word: a byte of each (ONES*c), their high bits. */
static const uint64_t ONES = 0x0101010101010101ull, HIGH = 0x8080808080808080ull;

/* The first byte at or after a[i] that is not a digit (n if none). */
static inline size_t digits_end(const unsigned char *a, size_t n, size_t i){
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__==__ORDER_LITTLE_ENDIAN__
  /* Eight bytes at a time: a byte's high bit is set by x - '0' below '0'
  ** and by x + 0x46 above '9' (by one of them for bytes >= 0x80).  Digits
  ** carry and borrow nothing, so the lowest bit set is the first byte
  ** that is not a digit, exactly (the first byte in memory is the low one
  ** on a little-endian machine). */
  while( n - i>=8 ){
    uint64_t x, m;
    memcpy(&x, a + i, 8);
    m = ((x - ONES*0x30) | (x + ONES*0x46)) & HIGH;
    if( m ) return i + (size_t)(__builtin_ctzll(m) >> 3);
    i += 8;
  }
#endif
  while( i<n && is_digit(a[i]) ) i++;
  return i;
}

/* Lex the JSON number at a[*pi], advancing *pi past it.  Returns 0 unless
** it follows JSON's grammar exactly: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
** (yajl's as well; what follows it is checked by the caller). */
static inline int fast_number(const unsigned char *a, size_t n, size_t *pi){
  size_t i = *pi;
  if( a[i]=='-' && ++i>=n ) return 0;
  if( a[i]=='0' ){
    i++;
  }else if( is_digit(a[i]) ){
    i = digits_end(a, n, i + 1);
  }else{
    return 0;
  }
  if( i<n && a[i]=='.' ){
    if( ++i>=n || !is_digit(a[i]) ) return 0;
    i = digits_end(a, n, i + 1);
  }
  if( i<n && (a[i]=='e' || a[i]=='E') ){
    i++;
    if( i<n && (a[i]=='+' || a[i]=='-') ) i++;
    if( i>=n || !is_digit(a[i]) ) return 0;
    i = digits_end(a, n, i + 1);
  }
  *pi = i;
  return 1;
}

/* The closing quote of the string whose first byte (after its opening
** quote) is a[i]: its index, or NOT_FAST when a byte the fast path does not
** take comes first (only printable ASCII without backslashes: its bytes are
** then exactly what yajl would decode and pass on) or a[] ends. */
#define NOT_FAST ((size_t)-1)
static inline size_t fast_string_end(const unsigned char *a, size_t n, size_t i){
#ifdef __SSE2__
  /* Sixteen bytes at a time: any byte < 0x20, >= 0x7f, '"' or '\\'
  ** stops, and the first such byte decides. */
  const __m128i vQuote = _mm_set1_epi8('"'), vBack = _mm_set1_epi8('\\');
  const __m128i vSpace = _mm_set1_epi8(0x20), vDel = _mm_set1_epi8(0x7f);
  while( n - i>=16 ){
    __m128i x = _mm_loadu_si128((const __m128i*)(a + i));
    __m128i q = _mm_cmpeq_epi8(x, vQuote);
    /* signed: bytes >= 0x80 are negative, so "< 0x20" catches them too */
    __m128i m = _mm_or_si128(_mm_or_si128(q, _mm_cmpeq_epi8(x, vBack)),
                             _mm_or_si128(_mm_cmplt_epi8(x, vSpace), _mm_cmpeq_epi8(x, vDel)));
    unsigned bits = (unsigned)_mm_movemask_epi8(m);
    if( bits ){
      /* the first such byte is the closing quote, or a refusal (told by
      ** the quote's own mask, not by loading the byte again) */
      unsigned k = (unsigned)__builtin_ctz(bits);
      return ((unsigned)_mm_movemask_epi8(q) >> k) & 1 ? i + k : NOT_FAST;
    }
    i += 16;
  }
#endif
  /* near the end of a[]: eight bytes at a time, then one */
  while( n - i>=8 ){
    uint64_t x, q, b;
    memcpy(&x, a + i, 8);
    q = x ^ (ONES*'"');
    b = x ^ (ONES*'\\');
    if( ((x - ONES*0x20) | (x + ONES*0x01) | x | (q - ONES) | (b - ONES)) & HIGH ){
      /* x + 1 sets the high bit of 0x7f bytes; q - 1, b - 1 of zero bytes.
      ** False alarms are fine: the byte loop below decides. */
      break;
    }
    i += 8;
  }
  while( i<n && a[i]!='"' ){
    if( a[i]<0x20 || a[i]>=0x7f || a[i]=='\\' ) return NOT_FAST;
    i++;
  }
  return i<n ? i : NOT_FAST;
}

/* Are the bytes at a[i] what the last event had at its k-th key?  Then
** they are that, valid as it was.  LLVM's events have the same keys in
** the same order, and some of the same values ("pid":21917, "ph":"X"),
** while a key lexed byte by byte is a chain of loads, each waiting on the
** last (where its quote is, then whether a ":" follows).  One compare of
** 16 bytes takes a key, or a whole member, at a known length.  Returns
** HINT_MEMBER (the member "key":value,), HINT_KEY (the key "key":) or 0. */
#define HINT_KEY 1
#define HINT_MEMBER 2
_Static_assert(sizeof(((FastKeyHints*)0)->aKey[0])==16, "a key hint is one 16-byte compare");
static inline int fast_hint_match(const unsigned char *a, size_t n, size_t i,
                                  const FastKeyHints *pHints, int k){
  size_t m = pHints->anKey[k], mMember = pHints->aMember[k].n;
#ifdef __SSE2__
  if( m && n - i>=16 ){
    __m128i x = _mm_loadu_si128((const __m128i*)(a + i));
    __m128i h = _mm_load_si128((const __m128i*)pHints->aKey[k]);
    unsigned differ = ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, h));
    if( (differ & ((1u<<mMember) - 1))==0 && mMember ) return HINT_MEMBER;
    return (differ & ((1u<<m) - 1))==0 ? HINT_KEY : 0;
  }
  return 0;
#else
  if( m==0 || n - i<16 ) return 0;
  if( mMember && memcmp(a + i, pHints->aKey[k], mMember)==0 ) return HINT_MEMBER;
  return memcmp(a + i, pHints->aKey[k], m)==0 ? HINT_KEY : 0;
#endif
}

/* The value token t[-1] of the member whose key is t[-2] (the k-th key of
** the event) is a scalar, and a "," follows it at a[i] (a[0..n)): keep the
** member as the k-th hint when it fits in 16 bytes.  (Values that change
** from event to event, "ts" and "dur", come here every time: the copy is
** of a fixed size, one instruction, wherever 16 bytes are there.) */
static inline void fast_hint_member(const unsigned char *a, size_t n, size_t i, const FastToken *t,
                                    FastKeyHints *pHints, int k){
  size_t iQuote = t[-2].iStart - 1, m = i + 1 - iQuote;
  FastMemberHint *h = &pHints->aMember[k];
  if( m>sizeof(pHints->aKey[0]) ) return;
  if( n - iQuote>=sizeof(pHints->aKey[0]) ){
    memcpy(pHints->aKey[k], a + iQuote, sizeof(pHints->aKey[0]));
  }else{
    memcpy(pHints->aKey[k], a + iQuote, m);
  }
  pHints->anKey[k] = (unsigned char)(t[-2].n + 3);
  h->n = (unsigned char)m;
  h->eTok = t[-1].eTok;
  h->iStart = (unsigned char)(t[-1].iStart - iQuote);
  h->nVal = (unsigned char)t[-1].n;
  h->iEnd = (unsigned char)(t[-1].iEnd - iQuote);
}

_Static_assert(FAST_MAX_TOKENS<=UINT16_MAX, "FastToken.iNext holds a token's index");

/* Lex the event object that starts at a[0] ("{") into aTok.  Returns the
** length of the event (through its "}") and sets *pnTok, or returns 0 when
** the event is not whole in a[0..n) or not in the fast path's subset:
** no whitespace, strings as in fast_string_end, at most FAST_MAX_TOKENS
** tokens and FAST_MAX_DEPTH levels, and valid JSON.  *pHints (zeroed
** before the first event) holds the keys and members of the events lexed
** before, and is updated: it changes how fast an event is lexed, never
** its tokens.
**
** A scan spends more time here than anywhere else, so the state of the
** lexer is where the code stands (the labels: a value, a key, after a
** value, a close) rather than a variable tested at every byte. */
size_t fast_lex_event(const unsigned char *a, size_t n, FastToken *aTok, int *pnTok, FastKeyHints *pHints){
  unsigned char aIsMap[FAST_MAX_DEPTH];   /* each open container: object? */
  FastToken *apOpen[FAST_MAX_DEPTH];      /* and its opening token */
  FastToken *t = aTok;
  FastToken *const tEnd = aTok + FAST_MAX_TOKENS;
  int nDepth = 0, nKey = 0;
  size_t i = 0, j;
  unsigned char c;
  if( n==0 || a[0]!='{' ) return 0;

value:          /* a value starts at a[i] */
  if( i>=n || t==tEnd ) return 0;
  c = a[i];
  t->iStart = (uint32_t)i;
  t->n = 0;
  if( c=='"' ){
    j = fast_string_end(a, n, i + 1);
    if( j==NOT_FAST ) return 0;
    t->eTok = TOK_STRING;
    t->iStart = (uint32_t)(i + 1);
    t->n = (uint32_t)(j - i - 1);
    i = j + 1;
  }else if( c=='-' || is_digit(c) ){
    if( !fast_number(a, n, &i) ) return 0;
    t->eTok = TOK_NUMBER;
    t->n = (uint32_t)(i - t->iStart);
  }else if( c=='{' || c=='[' ){
    if( nDepth>=FAST_MAX_DEPTH ) return 0;
    aIsMap[nDepth] = c=='{';
    apOpen[nDepth++] = t;
    t->eTok = c=='{' ? TOK_MAP_OPEN : TOK_ARRAY_OPEN;
    t->iEnd = (uint32_t)++i;
    t++;
    if( i<n && a[i]==(c=='{' ? '}' : ']') ) goto close;    /* empty */
    if( c=='[' ) goto value;
    goto key;
  }else if( c=='t' && n-i>=4 && memcmp(a+i, "true", 4)==0 ){
    t->eTok = TOK_TRUE;
    i += 4;
  }else if( c=='f' && n-i>=5 && memcmp(a+i, "false", 5)==0 ){
    t->eTok = TOK_FALSE;
    i += 5;
  }else if( c=='n' && n-i>=4 && memcmp(a+i, "null", 4)==0 ){
    t->eTok = TOK_NULL;
    i += 4;
  }else{
    return 0;
  }
  t->iEnd = (uint32_t)i;
  t++;

/* after_value: */
  for(;;){
    if( i>=n ) return 0;
    c = a[i];
    if( c==',' ){
      if( t[-1].eTok>=TOK_STRING && t[-2].eTok==TOK_KEY && nKey<=FAST_HINT_KEYS ){
        fast_hint_member(a, n, i, t, pHints, nKey - 1);     /* "key":scalar, */
      }
      i++;
      if( aIsMap[nDepth-1] ) goto key;
      goto value;
    }
    if( c!=(aIsMap[nDepth-1] ? '}' : ']') ) return 0;
close:          /* a[i] closes the innermost container */
    if( t==tEnd ) return 0;
    t->eTok = aIsMap[nDepth-1] ? TOK_MAP_CLOSE : TOK_ARRAY_CLOSE;
    t->iStart = (uint32_t)i;
    t->n = 0;
    t->iEnd = (uint32_t)++i;
    t++;
    apOpen[nDepth-1]->iNext = (uint16_t)(t - aTok);
    if( --nDepth==0 ){
      *pnTok = (int)(t - aTok);
      return i;
    }
  }

key:            /* a member's key starts at a[i] */
  if( t==tEnd ) return 0;
  if( nKey<FAST_HINT_KEYS ){
    int eHint = fast_hint_match(a, n, i, pHints, nKey);
    if( eHint==HINT_MEMBER && tEnd - t<2 ) eHint = HINT_KEY;
    if( eHint ){
      /* the bytes the last event had here: "key": (and, for a member,
      ** value,) as lexed then */
      const FastMemberHint *h = &pHints->aMember[nKey];
      size_t m = pHints->anKey[nKey++];
      t->eTok = TOK_KEY;
      t->iStart = (uint32_t)(i + 1);
      t->n = (uint32_t)(m - 3);
      t->iEnd = (uint32_t)(i + m - 1);
      t++;
      if( eHint==HINT_KEY ){
        i += m;
        goto value;
      }
      t->eTok = h->eTok;
      t->iStart = (uint32_t)(i + h->iStart);
      t->n = h->nVal;
      t->iEnd = (uint32_t)(i + h->iEnd);
      t++;
      i += h->n;
      goto key;
    }
  }
  if( i>=n || a[i]!='"' ) return 0;
  j = fast_string_end(a, n, i + 1);
  if( j==NOT_FAST ) return 0;
  t->eTok = TOK_KEY;
  t->iStart = (uint32_t)(i + 1);
  t->n = (uint32_t)(j - i - 1);
  t->iEnd = (uint32_t)(j + 1);
  if( j + 1>=n || a[j+1]!=':' ) return 0;
  if( nKey<FAST_HINT_KEYS && j + 2 - i<=sizeof(pHints->aKey[0]) ){
    memcpy(pHints->aKey[nKey], a + i, j + 2 - i);
    pHints->anKey[nKey] = (unsigned char)(j + 2 - i);
    pHints->aMember[nKey].n = 0;           /* that was another key's */
  }
  nKey++;                                  /* (every key: t[-2]'s is nKey - 1) */
  t++;
  i = j + 2;
  goto value;
}

/* ------------------------------------------------------------------------
** Events built from tokens
*/

/* Does token t open an object or array? */
static int fast_opens(const FastToken *t){
  return t->eTok==TOK_MAP_OPEN || t->eTok==TOK_ARRAY_OPEN;
}

/* Index of the token just past the value that starts at token i (a
** scalar, or a container through its close). */
static int fast_value_end(const FastToken *t, int i){
  return fast_opens(&t[i]) ? t[i].iNext : i + 1;
}

/* Where the JSON text of token t starts (a string's at its quote). */
static uint32_t fast_json_start(const FastToken *t){
  return t->eTok==TOK_STRING || t->eTok==TOK_KEY ? t->iStart - 1 : t->iStart;
}

/* The EV_* type of a scalar token. */
static int fast_scalar_type(int eTok){
  switch( eTok ){
    case TOK_STRING: return EV_STRING;
    case TOK_NUMBER: return EV_NUMBER;
    case TOK_TRUE:   return EV_TRUE;
    case TOK_FALSE:  return EV_FALSE;
    default:         return EV_NULL;
  }
}

/* Field iField of the record being built is n bytes at arena offset iOff. */
static void field_set(EventReader *r, int iField, int eType, size_t iOff, size_t n){
  EventField *f = &r->cur.aField[iField];
  f->eType = (unsigned char)eType;
  f->iOff = (uint32_t)(iOff - r->iEvStart);
  f->nByte = (uint32_t)n;
}

/* The "detail" members of the "args" object whose tokens are iArgs (its
** "{") to iEnd (just past its "}"), as on_key, on_scalar and on_open take
** them.  iCapture is the arena offset of the copy of the args object, or
** -1 when args itself is not wanted.  Returns 1, or 0 when out of memory. */
static int fast_build_detail(EventReader *r, const unsigned char *a, int iArgs, int iEnd, size_t iCapture){
  const FastToken *t = r->aTok;
  int i = iArgs + 1;
  while( i<iEnd-1 ){
    const FastToken *v = &t[i+1];
    int iNext = fast_value_end(t, i+1);
    uint32_t iJson, nJson;
    if( t[i].n!=6 || memcmp(a + t[i].iStart, "detail", 6)!=0 ){
      i = iNext;
      continue;
    }
    iJson = fast_json_start(v);
    nJson = t[iNext-1].iEnd - iJson;
    r->iFastPos = t[iNext-1].iEnd;
    if( v->eTok==TOK_STRING && iCapture!=(size_t)-1 ){
      r->detail.n = 0;
      if( buf_append(&r->detail, a + v->iStart, v->n) ) return reader_nomem(r);
      r->bDetailString = 1;
      r->cur.aField[EF_DETAIL].eType = EV_STRING;
    }else{
      int eType = fast_opens(v) ? EV_JSON : fast_scalar_type(v->eTok);
      r->bDetailString = 0;
      if( iCapture!=(size_t)-1 ){
        /* a slice of the copy of args */
        field_set(r, EF_DETAIL, eType, iCapture + (iJson - t[iArgs].iStart), nJson);
      }else{
        /* as detail_scalar and a capture of its own: a scalar's bytes are
        ** its text (none for true, false, null; a string's without its
        ** quotes), a container's its JSON */
        const unsigned char *z = eType==EV_JSON ? a + iJson : a + v->iStart;
        size_t n = eType==EV_JSON ? nJson : v->n, iOff = r->arena.n;
        if( buf_append(&r->arena, z, n) ) return reader_nomem(r);
        field_set_tail(r, EF_DETAIL, eType, iOff);
      }
    }
    i = iNext;
  }
  return 1;
}

/* One member of the event: the key at token iKey, its value up to token
** iEnd, as on_key, event_scalar and open_outside_capture (or a capture)
** take them.  Returns 1, or 0 when out of memory. */
static int fast_build_member(EventReader *r, const unsigned char *a, int iKey, int iEnd){
  const FastToken *t = r->aTok, *k = &t[iKey], *v = &t[iKey+1];
  int iField = event_field_of_key(a + k->iStart, k->n);
  uint32_t iJson = fast_json_start(v), nJson = t[iEnd-1].iEnd - iJson;
  r->iFastPos = t[iEnd-1].iEnd;
  if( iField==EF_PH ) r->bSawPh = 1;
  if( iField==EF_ARGS ){
    /* A repeated "args" replaces the first one, detail included. */
    r->cur.aField[EF_DETAIL].eType = EV_ABSENT;
    r->bDetailString = 0;
  }
  if( iField==EF_EXTRA ){
    if( want(r, EF_EXTRA) ){
      uint32_t iMember = fast_json_start(k);
      if( buf_byte(&r->extra, r->extra.n ? ',' : '{')
       || buf_append(&r->extra, a + iMember, t[iEnd-1].iEnd - iMember) ){
        return reader_nomem(r);
      }
    }
    return 1;
  }
  if( !fast_opens(v) ){
    size_t iOff = r->arena.n;
    int eType = fast_scalar_type(v->eTok);
    if( !want(r, iField) ){
      r->cur.aField[iField].eType = (unsigned char)eType;
    }else if( iField==EF_ARGS ){
      /* "args" that is not an object: kept as JSON text, and no detail */
      if( buf_append(&r->arena, a + iJson, nJson) ) return reader_nomem(r);
      field_set_tail(r, iField, EV_JSON, iOff);
    }else{
      if( buf_append(&r->arena, a + v->iStart, v->n) ) return reader_nomem(r);
      field_set_tail(r, iField, eType, iOff);
    }
    return 1;
  }
  {
    size_t iCapture = (size_t)-1;
    if( want(r, iField) ){
      iCapture = r->arena.n;
      if( buf_append(&r->arena, a + iJson, nJson) ) return reader_nomem(r);
      field_set_tail(r, iField, EV_JSON, iCapture);
    }else{
      r->cur.aField[iField].eType = EV_JSON;
    }
    if( iField==EF_ARGS && v->eTok==TOK_MAP_OPEN && want(r, EF_DETAIL) ){
      return fast_build_detail(r, a, iKey+1, iEnd, iCapture);
    }
  }
  return 1;
}

/* Build the event whose nTok tokens (fast_lex_event) start at a[0]
** straight into r->cur and queue it, leaving r exactly as the callbacks
** would if yajl had parsed it (tests/unit/fastpath_diff.h compares the
** two on every input).  In the fast path's subset (no whitespace, no
** escapes, printable ASCII) the compact JSON of a value is its text as
** written, so a captured value is a copy of the input.  Returns 1, or 0
** on an error (recorded). */
static int fast_build(EventReader *r, const unsigned char *a, int nTok){
  const FastToken *t = r->aTok;
  int d = r->nDepth, i = 1, bOk = 1;
  r->bInFast = 1;
  r->iFastPos = t[0].iEnd;
  r->bSawValue = 1;
  event_begin(r, d + 1);
  r->aHasElem[d] = 1;
  r->aIsMap[d+1] = 1;
  r->aHasElem[d+1] = nTok>2;
  while( bOk && i<nTok-1 ){
    int iEnd = fast_value_end(t, i+1);
    bOk = fast_build_member(r, a, i, iEnd);
    i = iEnd;
  }
  if( bOk ){
    r->iFastPos = t[nTok-1].iEnd;
    bOk = event_end(r);
  }
  if( !bOk && !r->bErr ) reader_error(r, "parse stopped");
  r->bInFast = 0;
  return bOk;
}

/* r stands between two events and a[0..n) follows.  Lex and build the
** events there that the fast path can take, each with what separates it
** from the next (whitespace, and for the object format one ","), which
** must be whole in a[0..n) too.  Returns the number of bytes consumed (and
** counted in nFed). */
size_t fast_events(EventReader *r, const unsigned char *a, size_t n){
  size_t i = 0;
  while( i<n && a[i]=='{' && !r->bErr ){
    int nTok = 0;
    size_t nAvail = n - i < FAST_MAX_EVENT ? n - i : FAST_MAX_EVENT;
    size_t k = fast_lex_event(a + i, nAvail, r->aTok, &nTok, &r->hints), j;
    if( k==0 ) break;
    j = i + k;
    while( j<n && event_json_space(a[j]) ) j++;
    if( r->eFormat==FMT_OBJECT ){
      if( j>=n || a[j]!=',' ) break;
      j++;
      while( j<n && event_json_space(a[j]) ) j++;
    }
    if( !fast_build(r, a + i, nTok) ) return i;
    r->nFed += j - i;
    i = j;
  }
  return i;
}

/* ------------------------------------------------------------------------
** Where the fast path may start
*/

/* A reader started inside "traceEvents" (a piece of a parallel scan, an
** event looked up by its offset) or at a line of JSON Lines (an event
** looked up) stands where the fast path may start, before any boundary
** "},{" is found: take its first event there, or a lone event would
** always go to yajl.  Only when what separates events in the format (a
** "," in the object format) and the next event's "{" follow it: yajl,
** which has seen only the opening "[", is then where it would be after
** the event and its ",", as the next "{" is allowed in both places;
** before a "]" it would not be ("[{},]" is an error that "[]" is not).
** The event is lexed once: its tokens are built as they are (lexing it
** again in fast_events cost a lookup a third of its time).  Returns the
** bytes consumed, 0 for none. */
size_t fast_first_event(EventReader *r, const unsigned char *a, size_t n){
  int nTok = 0;
  size_t k = fast_lex_event(a, n < FAST_MAX_EVENT ? n : FAST_MAX_EVENT, r->aTok, &nTok, &r->hints), j;
  if( k==0 ) return 0;
  j = k;
  while( j<n && event_json_space(a[j]) ) j++;
  if( r->eFormat!=FMT_LINES ){
    if( j>=n || a[j]!=',' ) return 0;
    j++;
    while( j<n && event_json_space(a[j]) ) j++;
  }
  if( j>=n || a[j]!='{' ) return 0;
  if( !fast_build(r, a, nTok) ) return 0;        /* the error is r's, as in fast_events */
  r->nFed += j;
  return j;     /* what follows is the caller's: yajl's checks come first */
}

/* The next place at or after a[iFrom] where, it seems, one event ends and
** another starts: a "{" preceded across whitespace by "}", or by "," and
** "}".  Sets *piClose (the "}") and *piNext (the "{") and returns 1, or
** returns 0.  Which of the two the format allows is checked later
** (fast_gap_ok): the format may be known only once yajl has parsed up to
** there. */
int fast_find_boundary(const unsigned char *a, size_t n, size_t iFrom,
                       size_t *piClose, size_t *piNext){
  while( iFrom<n ){
    const unsigned char *p = memchr(a + iFrom, '{', n - iFrom);
    size_t g, j;
    if( p==0 ) return 0;
    g = (size_t)(p - a);
    iFrom = g + 1;
    j = g;
    while( j>0 && event_json_space(a[j-1]) ) j--;
    if( j>0 && a[j-1]==',' ){
      j--;
      while( j>0 && event_json_space(a[j-1]) ) j--;
    }
    if( j==0 || a[j-1]!='}' ) continue;
    *piClose = j - 1;
    *piNext = g;
    return 1;
  }
  return 0;
}

/* Do the bytes between the "}" at a[iClose] and the "{" at a[iNext]
** separate two events in r's format: whitespace and one "," for the
** object format, whitespace for JSON Lines? */
int fast_gap_ok(const EventReader *r, const unsigned char *a, size_t iClose, size_t iNext){
  size_t i;
  int nComma = 0;
  for(i=iClose+1; i<iNext; i++){
    if( a[i]==',' ) nComma++;
    else if( !event_json_space(a[i]) ) return 0;
  }
  return nComma==(r->eFormat==FMT_OBJECT ? 1 : 0);
}
