/*
** demangle_rust_legacy.c: legacy Rust symbols, the Itanium-like mangling
** rustc used before v0 (still its default on stable).
**
** Owns checking and printing one legacy symbol, exactly as rustfilt 0.2.1
** (rustc-demangle 0.1.21) does.  demangle_rust.c decides when to call it;
** nothing here allocates except through the RustSink it is given.
**
** Usage: see demangle_rust_legacy.h.
**
** How it works.  The grammar:
**
**     symbol  = ("_ZN" | "ZN" | "__ZN") { element } "E" suffix
**     element = decimal-length bytes-of-that-length
**
** Inside an element rustc escaped what a linker would not take:
** `..` is `::`, `$LT$` `<`, `$GT$` `>`, `$C$` `,`, `$RF$` `&`, `$BP$` `*`,
** `$SP$` `@`, `$LP$` `(`, `$RP$` `)`, `$u20$` (lowercase hex) any char that
** is not a control char, and a leading `_` before a `$` is padding.  The
** last element is the hash, `h` and hex digits, hidden in alternate mode
** (`rustfilt` without -h).  At an escape that cannot be read, the rest of
** the element is printed as it is.
*/
#include "demangle_rust_legacy.h"

#include <string.h>

static int legacy_is_digit(char c){ return c>='0' && c<='9'; }

/* Is c any hex digit, upper or lower case (Rust's char::is_digit(16))? */
static int legacy_is_hex(char c){
  return legacy_is_digit(c) || (c>='a' && c<='f') || (c>='A' && c<='F');
}

/* Length of the prefix ("_ZN", "ZN", "__ZN") of z[0..n), or 0. */
static size_t legacy_prefix(const char *z, size_t n){
  if( n>=3 && memcmp(z, "_ZN", 3)==0 ) return 3;
  if( n>=2 && memcmp(z, "ZN", 2)==0 ) return 2;
  if( n>=4 && memcmp(z, "__ZN", 4)==0 ) return 4;
  return 0;
}

/*
** symbol = prefix { decimal-length bytes } "E" suffix
**
** Returns 1 and fills *pSym (which points into z) when z[0..n) is a legacy
** symbol, else 0.  The length of an element is read with overflow checks;
** an element must fit before the end of z.
*/
int rust_legacy_check(const char *z, size_t n, RustLegacy *pSym){
  size_t iPrefix = legacy_prefix(z, n);
  size_t i, nElem = 0;
  const char *zIn = z + iPrefix;
  size_t nIn = n - iPrefix;
  char c;
  if( iPrefix==0 ) return 0;
  for(i = 0; i < nIn; i++){
    if( (unsigned char)zIn[i] >= 0x80 ) return 0;
  }
  if( nIn==0 ) return 0;
  i = 0;
  c = zIn[i++];
  while( c!='E' ){
    size_t nLen = 0;
    if( !legacy_is_digit(c) ) return 0;
    while( legacy_is_digit(c) ){
      size_t d = (size_t)(c - '0');
      if( nLen > ((size_t)-1 - d) / 10 ) return 0;
      nLen = nLen * 10 + d;
      if( i >= nIn ) return 0;
      c = zIn[i++];
    }
    /* c is the first byte of the element, already read; step past the
    ** element so that c becomes the byte after it. */
    if( nLen > 0 ){
      if( nLen - 1 > nIn - i ) return 0;
      i += nLen - 1;
      if( i >= nIn ) return 0;
      c = zIn[i++];
    }
    nElem++;
  }
  pSym->zInner = zIn;
  pSym->nElem = nElem;
  pSym->iSuffix = iPrefix + i;
  return 1;
}

/* A hash element: `h` then hex digits of either case, possibly none. */
static int legacy_is_hash(const char *z, size_t n){
  size_t i;
  if( n==0 || z[0]!='h' ) return 0;
  for(i = 1; i < n; i++){
    if( !legacy_is_hex(z[i]) ) return 0;
  }
  return 1;
}

/* The fixed escapes: `$LT$` and friends.  Returns the text, or NULL. */
static const char *legacy_named_escape(const char *z, size_t n){
  static const struct { const char *zName; const char *zText; } aEsc[] = {
    {"SP", "@"}, {"BP", "*"}, {"RF", "&"}, {"LT", "<"}, {"GT", ">"},
    {"LP", "("}, {"RP", ")"}, {"C", ","},
  };
  size_t i;
  for(i = 0; i < sizeof(aEsc)/sizeof(aEsc[0]); i++){
    if( strlen(aEsc[i].zName)==n && memcmp(aEsc[i].zName, z, n)==0 ) return aEsc[i].zText;
  }
  return 0;
}

/* `$u<hex>$`: the code point in z[0..n) (the part after `u`) when it is
** lowercase hex, a Rust char, and not a control char; else -1.  Leading
** zeros are allowed; a value past 32 bits is not. */
static int32_t legacy_unicode_escape(const char *z, size_t n){
  uint64_t v = 0;
  size_t i;
  if( n==0 ) return -1;
  for(i = 0; i < n; i++){
    char c = z[i];
    int d;
    if( c>='0' && c<='9' ) d = c - '0';
    else if( c>='a' && c<='f' ) d = c - 'a' + 10;
    else return -1;
    v = v * 16 + (uint64_t)d;
    if( v > 0xFFFFFFFFu ) return -1;
  }
  if( v > 0x10FFFF || (v>=0xD800 && v<=0xDFFF) ) return -1;
  if( v < 0x20 || (v>=0x7F && v<=0x9F) ) return -1;
  return (int32_t)v;
}

/* Print one element z[0..n), decoding `..` and `$...$` escapes.  Every
** sink call is one write_str of rustc-demangle (the size limit needs it). */
static void legacy_print_element(const char *z, size_t n, RustSink *pOut){
  if( n>=2 && z[0]=='_' && z[1]=='$' ){ z++; n--; }
  while( n>0 ){
    if( z[0]=='.' ){
      if( n>=2 && z[1]=='.' ){ rust_sink_put(pOut, "::", 2); z += 2; n -= 2; }
      else { rust_sink_put(pOut, ".", 1); z++; n--; }
    }else if( z[0]=='$' ){
      const char *zEnd = memchr(z + 1, '$', n - 1);
      const char *zText;
      size_t nEsc;
      int32_t c;
      if( zEnd==0 ) break;
      nEsc = (size_t)(zEnd - (z + 1));
      zText = legacy_named_escape(z + 1, nEsc);
      if( zText ){
        rust_sink_put(pOut, zText, strlen(zText));
      }else if( nEsc>0 && z[1]=='u' && (c = legacy_unicode_escape(z + 2, nEsc - 1))>=0 ){
        rust_sink_put_char(pOut, (uint32_t)c);
      }else{
        break;
      }
      n -= nEsc + 2;
      z += nEsc + 2;
    }else{
      size_t i = 0;
      while( i<n && z[i]!='$' && z[i]!='.' ) i++;
      if( i==n ) break;
      rust_sink_put(pOut, z, i);
      z += i; n -= i;
    }
  }
  rust_sink_put(pOut, z, n);
}

/* Print a symbol that passed rust_legacy_check(): the elements joined by
** `::`, the final hash left out when bAlt is set. */
void rust_legacy_print(const RustLegacy *pSym, int bAlt, RustSink *pOut){
  const char *z = pSym->zInner;
  size_t iElem;
  for(iElem = 0; iElem < pSym->nElem && !pOut->bFull; iElem++){
    size_t nLen = 0;
    while( legacy_is_digit(*z) ){ nLen = nLen * 10 + (size_t)(*z - '0'); z++; }
    if( bAlt && iElem + 1==pSym->nElem && legacy_is_hash(z, nLen) ) break;
    if( iElem!=0 ) rust_sink_put(pOut, "::", 2);
    legacy_print_element(z, nLen, pOut);
    z += nLen;
  }
}
