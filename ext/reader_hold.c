/*
** reader_hold.c: event_reader_feed, and the bytes it holds back from yajl
** when a token reaches past the end of an input.  A piece of the event
** reader (event_reader_int.h lists the pieces); every input goes through
** here on its way to reader_parse (event_reader.c).
**
** yajl keeps the part of a token that reaches the end of its input and, at
** the next input, lexes that part again from the token's first byte (its
** lexer reads its saved bytes before the new ones).  A string of N bytes
** fed in chunks of C bytes was lexed N*N/(2*C) times over: a 200 MB string
** cost 30 s.  So the reader holds back (r->hold) what yajl would have to
** keep:
**   - an input that ends inside a string that opened in it goes to yajl
**     up to the string's '"'; the rest is held (reader_parse, with
**     hold_string_tail);
**   - while the held bytes or yajl end inside a string or a number, an
**     input that does not finish the token is held too;
**   - the input that finishes it goes to yajl after the held bytes, in one
**     piece with them when they are the larger part, so yajl gets a long
**     token whole (when yajl kept no start of it) or lexes it twice at
**     most.
** Any cutting of the input gives the same result, so this changes only the
** time and the copies.  Holding starts inside a token only: never between
** two events (event_reader_at_boundary) nor in the fast path.  At the end
** of the input, past HOLD_MAX held bytes, or when holding is out of
** memory, yajl gets the bytes as they come (bNoHold), as before.  Where a
** string begins and ends is the string check's to say (r->str,
** json_string_check.h).
*/
#include "event_reader_int.h"

#include <string.h>

/* Held bytes go to yajl before they pass this, whatever follows. */
#define HOLD_MAX EVENT_MAX_BYTES

/* Can byte c be part of a JSON number? */
static int number_byte(unsigned char c){
  return (c>='0' && c<='9') || c=='.' || c=='e' || c=='E' || c=='+' || c=='-';
}

/* At the end of reader_parse's input a (a[0] at absolute offset iAt),
** whose bytes from offset iFrom on are about to go to yajl and which ends
** at iTo: if they end inside a string that opened among them, return how
** many bytes to hold back, and put the string check (r->str) back where
** it stood at the first of them.  Else 0.  They start at the string's '"' or, when
** only whitespace lies between them, at the ":", ",", "[" or "{" before
** it: yajl copies the first token of an input (its lexer saves it, in
** case the input ended inside it), so the string had better be the second. */
size_t hold_string_tail(EventReader *r, const unsigned char *a, uint64_t iAt,
                        uint64_t iFrom, uint64_t iTo){
  uint64_t i;
  if( r->bNoHold || r->bYajlDone || r->str.eState==JSON_STR_OUT
   || r->str.iOpen<iFrom || r->str.iOpen>=iTo ){
    return 0;
  }
  i = r->str.iOpen;
  while( i>iFrom && event_json_space(a[i-1-iAt]) ) i--;
  if( i>iFrom && strchr(":,[{", a[i-1-iAt]) ) i--;
  else i = r->str.iOpen;
  r->bHoldEsc = r->str.eState==JSON_STR_ESC;   /* for hold_string_ends */
  r->str.eState = JSON_STR_OUT;
  r->str.bWantLow = 0;
  return (size_t)(iTo - i);
}

/* After an input ending with byte cLast went to yajl: is a token open?  A
** string, if the string check stands inside one; maybe a number, if cLast can be
** part of one outside a string ("true" ends with an "e": then the next
** input ends the token at once). */
static void hold_note_end(EventReader *r, unsigned char cLast){
  r->eOpenTok = OPEN_NONE;
  if( r->bErr || r->bYajlDone ) return;
  if( r->str.eState!=JSON_STR_OUT ){
    r->eOpenTok = OPEN_STRING;
    r->bHoldEsc = r->str.eState==JSON_STR_ESC;
  }else if( number_byte(cLast) ){
    r->eOpenTok = OPEN_NUMBER;
  }
}

/* Number of "\\" just before a[k], down to a[i]. */
static size_t backslashes_before(const unsigned char *a, size_t i, size_t k){
  size_t m = 0;
  while( k>i && a[k-1]=='\\' ){
    k--;
    m++;
  }
  return m;
}

/* Does a[0..n) hold the '"' that ends the open string?  r->bHoldEsc: a[0]
** is escaped; updated for the byte after a[n-1] when the answer is no.  A
** '"' that a bad escape swallows counts too: then yajl reports the escape. */
static int hold_string_ends(EventReader *r, const unsigned char *a, size_t n){
  size_t i = 0;
  if( r->bHoldEsc && n>0 ){
    r->bHoldEsc = 0;
    i = 1;
  }
  while( i<n ){
    const unsigned char *q = memchr(a + i, '"', n - i);
    size_t k;
    if( q==0 ) break;
    k = (size_t)(q - a);
    if( backslashes_before(a, i, k)%2==0 ) return 1;
    i = k + 1;
  }
  if( i<n ) r->bHoldEsc = backslashes_before(a, i, n)%2==1;
  return 0;
}

/* Does a[0..n) hold the end of the open token? */
static int hold_token_ends(EventReader *r, const unsigned char *a, size_t n){
  size_t i;
  if( r->eOpenTok==OPEN_STRING ) return hold_string_ends(r, a, n);
  for(i=0; i<n; i++){
    if( !number_byte(a[i]) ) return 1;
  }
  return 0;
}

/* Give a[0..n) to the parsers now.  Returns the number of bytes at its
** end that reader_parse left out (hold_string_tail), 0 when bNoHold. */
static size_t reader_feed_now(EventReader *r, const unsigned char *a, size_t n){
  size_t nSkip, nUsed;
  if( r->bErr ) return 0;
  reader_compact(r);
  nSkip = r->nBom<3 ? reader_skip_bom(r, a, n) : 0;
  if( r->bErr ) return 0;
  r->nFed += nSkip;
  a += nSkip;
  n -= nSkip;
  if( n==0 ) return 0;
  nUsed = reader_parse(r, a, n);
  if( nUsed<n ){
    r->eOpenTok = OPEN_STRING;
  }else{
    hold_note_end(r, a[n-1]);
  }
  return n - nUsed;
}

/* Feed a[0..n) now, nothing held back. */
void reader_feed_all(EventReader *r, const unsigned char *a, size_t n){
  r->bNoHold = 1;
  reader_feed_now(r, a, n);
  r->bNoHold = 0;
}

/* Give the held bytes to the parsers; what they leave out stays held. */
static void hold_flush(EventReader *r){
  size_t nLeft = reader_feed_now(r, (const unsigned char*)r->hold.a, r->hold.n);
  memmove(r->hold.a, r->hold.a + r->hold.n - nLeft, nLeft);
  r->hold.n = nLeft;
}

/* Hold the last k bytes of a[0..n), which reader_feed_now left out (the
** hold is empty); when out of memory, parse them now. */
static void hold_take(EventReader *r, const unsigned char *a, size_t n, size_t k){
  if( k>0 && buf_append(&r->hold, a + n - k, k) ) reader_feed_all(r, a + n - k, k);
}

/* event_reader_feed while a token is open: hold a[0..n) back unless it
** ends the token; else parse the held bytes and it, as one input when the
** held bytes are the larger part (a long token whole), else one after the
** other (a short one: yajl keeps its start, at little cost). */
static void hold_feed(EventReader *r, const unsigned char *a, size_t n){
  int bEnd = hold_token_ends(r, a, n);
  if( r->hold.n + n<=HOLD_MAX && (!bEnd || r->hold.n>=n) && buf_append(&r->hold, a, n)==0 ){
    if( bEnd ) hold_flush(r);
    return;
  }
  if( r->hold.n ){
    reader_feed_all(r, (const unsigned char*)r->hold.a, r->hold.n);
    r->hold.n = 0;
  }
  if( bEnd ){
    hold_take(r, a, n, reader_feed_now(r, a, n));
  }else{
    reader_feed_all(r, a, n);   /* too much to hold, or no memory for it */
  }
}

/* Every input comes in here: held back whole while a token is open,
** else parsed, and what reader_parse left out (the start of a string
** that reaches the end) held. */
int event_reader_feed(EventReader *r, const unsigned char *a, size_t n){
  if( r->bErr ) return 1;
  if( r->eOpenTok!=OPEN_NONE ){
    hold_feed(r, a, n);
  }else{
    hold_take(r, a, n, reader_feed_now(r, a, n));
  }
  return r->bErr;
}
