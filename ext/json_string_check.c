/*
** json_string_check.c: strict UTF-8 and \u escapes in JSON strings, for
** the event reader.  Interface: json_string_check.h.
**
** yajl checks only the shape of a multi-byte sequence (a lead byte and so
** many continuation bytes): overlong forms, UTF-8-encoded surrogates and
** code points above U+10FFFF pass.  It decodes "\ud800\u0041" to U+10041, a
** lone "\udc00" to invalid UTF-8 and a lone "\ud800" to "?".  SQLite TEXT
** must be valid UTF-8, so every byte given to yajl is first followed by
** json_str_check, a small copy of yajl's lexer (outside a string, inside
** one, after a "\", in the hex digits of \u, inside a multi-byte sequence,
** after a high surrogate escape) that holds strings to what Python decodes
** (bytes.decode('utf-8'), and in JSON text only whole surrogate pairs).
** Its state carries from feed to feed, so it finds the same bad byte
** whatever the chunks.  Outside a string a '"' always starts one in yajl's
** lexer (or is its error), so the state is exact up to yajl's first error;
** the reader (reader_parse) gives yajl only the bytes before the bad byte,
** so an earlier error of yajl's is still the one reported.  The fast path
** (event_fast.c) never needs it: its events are printable ASCII without
** escapes, and it takes them only between events, where the check stands
** outside any string.
**
** The reader also reads the state: JsonStrCheck.iOpen and eState tell it
** that its input ends inside a string (reader_hold.c holds such a string
** back from yajl), and eState==JSON_STR_UTF8 at the end of the input that
** the input was cut inside a character (event_reader_finish).
*/
#include "json_string_check.h"

#include <string.h>

/* Index of the first byte in a[i..n) that json_str_check must look at in a
** string: '"', '\\' or a non-ASCII byte (n when there is none).  Control
** characters are yajl's to reject.  Eight bytes at a time, then one by one
** (SSE2 measured slower: the strings of traces are short). */
static size_t str_span_ascii(const unsigned char *a, size_t n, size_t i){
  const uint64_t ONES = 0x0101010101010101ull, HIGH = 0x8080808080808080ull;
  while( n - i>=8 ){
    uint64_t x, q, b;
    memcpy(&x, a + i, 8);
    q = x ^ (ONES*'"');
    b = x ^ (ONES*'\\');
    /* q - 1, b - 1 set the high bit of zero bytes; false alarms are fine */
    if( (x | (q - ONES) | (b - ONES)) & HIGH ) break;
    i += 8;
  }
  while( i<n && a[i]!='"' && a[i]!='\\' && a[i]<0x80 ) i++;
  return i;
}

/* From a[i] on, outside a string or inside one (p->eState), skip strings
** of printable ASCII without escapes and what lies between them.  Returns
** n, or the index of a '\\' or non-ASCII byte inside a string.  iAt: the
** offset of a[0], for p->iOpen. */
static size_t str_skip_ascii(JsonStrCheck *p, const unsigned char *a, size_t n, size_t i, uint64_t iAt){
  int bIn = p->eState==JSON_STR_IN;
  for(;;){
    if( !bIn ){
      while( i<n && a[i]!='"' ) i++;
      if( i>=n ) break;
      p->iOpen = iAt + i;
      i++;
      bIn = 1;
    }
    i = str_span_ascii(a, n, i);
    if( i>=n || a[i]!='"' ) break;
    i++;
    bIn = 0;
  }
  p->eState = bIn ? JSON_STR_IN : JSON_STR_OUT;
  return i;
}

/* A byte c >= 0x80 in a string: if it can start a character, the number of
** continuation bytes it needs (*pLo..*pHi is the range of the first one:
** narrower after E0 and F0, which would be overlong, ED, which would be a
** surrogate, and F4, which would be above U+10FFFF); else 0 (a
** continuation byte, C0 and C1 (always overlong), F5..FF). */
static int str_utf8_lead(unsigned char c, unsigned char *pLo, unsigned char *pHi){
  *pLo = 0x80;
  *pHi = 0xBF;
  if( c<0xC2 ) return 0;
  if( c<0xE0 ) return 1;
  if( c<0xF0 ){
    if( c==0xE0 ) *pLo = 0xA0;
    if( c==0xED ) *pHi = 0x9F;
    return 2;
  }
  if( c<0xF5 ){
    if( c==0xF0 ) *pLo = 0x90;
    if( c==0xF4 ) *pHi = 0x8F;
    return 3;
  }
  return 0;
}

/* The value of hex digit c, or -1. */
static int str_hex(unsigned char c){
  if( c>='0' && c<='9' ) return c - '0';
  if( c>='a' && c<='f' ) return c - 'a' + 10;
  if( c>='A' && c<='F' ) return c - 'A' + 10;
  return -1;
}

/* A bad string: remember the byte to name and why (the reader reports it
** once yajl has had the bytes before the one that showed it). */
static void str_bad(JsonStrCheck *p, uint64_t iByte, const char *zWhy){
  p->iBad = iByte;
  p->zBad = zWhy;
}

/* The last hex digit of a \u escape whose "\" is at p->iMark: a high
** surrogate must be followed by a low one, and a low one must follow a
** high one.  Returns 0, or 1 after str_bad. */
static int str_escape_end(JsonStrCheck *p){
  unsigned cp = p->cpEsc;
  int bLow = cp>=0xDC00 && cp<=0xDFFF;
  if( p->bWantLow ){
    p->bWantLow = 0;
    p->eState = JSON_STR_IN;
    if( !bLow ) str_bad(p, p->iHighMark, "invalid \\u escape: unpaired surrogate");
    return !bLow;
  }
  if( bLow ){
    str_bad(p, p->iMark, "invalid \\u escape: unpaired surrogate");
    return 1;
  }
  if( cp>=0xD800 && cp<=0xDBFF ){
    p->iHighMark = p->iMark;
    p->eState = JSON_STR_LOW_BACKSLASH;
  }else{
    p->eState = JSON_STR_IN;
  }
  return 0;
}

/* Follow a[0..n) as yajl's lexer will (json_string_check.h).  The state
** machine runs only at a "\\" or a non-ASCII byte; a bad string is
** named by str_bad. */
size_t json_str_check(JsonStrCheck *p, const unsigned char *a, size_t n, uint64_t iAt){
  size_t i = 0;
  while( i<n ){
    unsigned char c;
    if( p->eState<=JSON_STR_IN ){
      /* The common case, strings of plain ASCII, in a loop of its own. */
      i = str_skip_ascii(p, a, n, i, iAt);
      if( i>=n ) return n;
    }
    c = a[i];
    switch( p->eState ){
      case JSON_STR_IN:      /* at a "\\" or a non-ASCII byte: str_skip_ascii stopped */
        p->iMark = iAt + i;
        if( c=='\\' ){
          p->eState = JSON_STR_ESC;
        }else if( (p->nNeed = str_utf8_lead(c, &p->cLo, &p->cHi))>0 ){
          p->eState = JSON_STR_UTF8;
        }else{
          str_bad(p, iAt + i, "invalid UTF-8 in string");
          return i;
        }
        break;
      case JSON_STR_UTF8:
        if( c<p->cLo || c>p->cHi ){
          str_bad(p, p->iMark, "invalid UTF-8 in string");
          return i;
        }
        p->cLo = 0x80;
        p->cHi = 0xBF;
        if( --p->nNeed==0 ) p->eState = JSON_STR_IN;
        break;
      case JSON_STR_ESC:
        p->eState = c=='u' ? JSON_STR_HEX : JSON_STR_IN;
        p->nNeed = 4;
        p->cpEsc = 0;
        break;
      case JSON_STR_HEX:
        if( str_hex(c)<0 ){
          p->eState = JSON_STR_IN;       /* yajl's error, at this byte */
          p->bWantLow = 0;
          continue;
        }
        p->cpEsc = p->cpEsc*16 + (unsigned)str_hex(c);
        if( --p->nNeed==0 && str_escape_end(p) ) return i;
        break;
      case JSON_STR_LOW_BACKSLASH:
      case JSON_STR_LOW_U:
        /* after a high surrogate escape: only "\u" of a low one may follow */
        if( c!=(p->eState==JSON_STR_LOW_BACKSLASH ? '\\' : 'u') ){
          str_bad(p, p->iHighMark, "invalid \\u escape: unpaired surrogate");
          return i;
        }
        if( p->eState==JSON_STR_LOW_BACKSLASH ){
          p->iMark = iAt + i;
          p->eState = JSON_STR_LOW_U;
        }else{
          p->eState = JSON_STR_HEX;
          p->nNeed = 4;
          p->cpEsc = 0;
          p->bWantLow = 1;
        }
        break;
    }
    i++;
  }
  return n;
}

