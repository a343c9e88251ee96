/*
** demangle_rust_v0.c: Rust v0 symbols (RFC 2603, `_R...`).
**
** Owns checking and printing one v0 symbol exactly as rustfilt 0.2.1
** (rustc-demangle 0.1.21) does, in one pass that parses and prints
** together: there is no tree.  Checking is the same code with the output
** switched off (pOut NULL); then backrefs are not followed and lifetimes
** are not resolved, which is also what makes the check linear in the
** length of the symbol.  It also owns reading two crates a symbol
** records but rustfilt never prints: the instantiating crate after the
** path, and the crate of an inherent impl's path (rust_v0_crate()).
**
** Usage: see demangle_rust_v0.h.  Punycode identifiers are decoded by
** punycode.c, and which chars a quoted const prints as \u{...} is
** demangle_rust_chars.c's table.
**
** How it works.  Each production of the grammar sits above the function
** that parses and prints it.  Errors follow rustc-demangle: the first
** failure prints "{invalid syntax}" or "{recursion limit reached}" and
** marks the parser failed; every later step that needs the parser prints
** "?" and returns, so the caller still closes its brackets.  A failure
** inside a backref stays inside it: the parser from before the backref
** carries on.  The limits are RUST_DEMANGLE_MAX_DEPTH (every path, type,
** const and followed backref costs a level), RUST_DEMANGLE_MAX_PUNYCODE,
** in the sink RUST_DEMANGLE_MAX_SYMBOL_OUT, and our own work limit on
** printing (RUST_DEMANGLE_V0_STEPS_*, v0_spend()).  Base-62 and decimal
** numbers are read with overflow checks; a backref must point strictly
** before its own `B`.
*/
#include "demangle_rust_v0.h"
#include "utf8.h"
#include "demangle_rust_chars.h"
#include "punycode.h"

#include <string.h>

/* Parser states; the values are rustc-demangle's ParseError kinds. */
#define V0_OK       0
#define V0_INVALID  1   /* prints "{invalid syntax}" */
#define V0_TOO_DEEP 2   /* prints "{recursion limit reached}" */

/* The state of one pass over a symbol.  The parser part (i, nDepth, eErr)
** is saved and restored around each followed backref. */
typedef struct V0 {
  const char *z;     /* the symbol after `_R`, ASCII only; not owned */
  size_t n;          /* bytes in z, up to the end of the symbol text */
  size_t i;          /* next byte to read */
  unsigned nDepth;   /* levels in use, see RUST_DEMANGLE_MAX_DEPTH */
  int eErr;          /* V0_OK until a step fails */
  RustSink *pOut;    /* where to print, NULL while checking or skipping */
  RustSink *pSink;   /* the symbol's sink while printing, kept while an
                     ** impl-path is skipped; NULL while checking */
  uint64_t nSteps;   /* bytes read while printing, see v0_spend() */
  size_t iRead;      /* where the stretch being read began (not yet charged) */
  uint64_t nFree;    /* steps allowed before the first byte is printed */
  size_t nLeftStart; /* pSink->nLeft when printing started */
  int bAlt;          /* 1: no crate hashes, no const types (rustfilt without -h) */
  uint64_t nBound;   /* lifetimes bound by the for<...> around this point */
} V0;

/* An identifier: its ASCII part and, when it had a `u` tag, the punycode
** deltas after the last `_`.  Both point into the symbol. */
typedef struct V0Ident {
  const char *zAscii; size_t nAscii;
  const char *zPuny;  size_t nPuny;
} V0Ident;

/* What a followed backref prints at its target. */
#define V0_AT_PATH     0
#define V0_AT_TYPE     1
#define V0_AT_CONST    2
#define V0_AT_DYN_PATH 3

static void v0_path(V0 *p, int bInValue);
static void v0_type(V0 *p);
static void v0_const(V0 *p, int bInValue);
static int v0_dyn_path(V0 *p);

/* ---- Output ------------------------------------------------------------ */

/* Print one piece (one write_str of rustc-demangle), unless checking. */
static void v0_put(V0 *p, const char *z, size_t n){
  if( p->pOut ) rust_sink_put(p->pOut, z, n);
}
static void v0_puts(V0 *p, const char *z){
  if( p->pOut ) rust_sink_put(p->pOut, z, strlen(z));
}
static void v0_put_u64(V0 *p, uint64_t v){
  if( p->pOut ) rust_sink_put_u64(p->pOut, v);
}
static void v0_put_char(V0 *p, uint32_t c){
  if( p->pOut ) rust_sink_put_char(p->pOut, c);
}
static void v0_put_hex(V0 *p, uint64_t v){
  char a[16];
  size_t i = sizeof(a);
  do{ a[--i] = "0123456789abcdef"[v & 15]; v >>= 4; }while( v );
  v0_put(p, a + i, sizeof(a) - i);
}

/* Output is cut off (size or work limit): nothing more will print, so
** stop early, skipped parts included. */
static int v0_full(const V0 *p){
  return p->pSink && p->pSink->bFull;
}

/* ---- Work -------------------------------------------------------------- */

/* The work limit (RUST_DEMANGLE_V0_STEPS_* in demangle_rust_v0.h).  Every
** step of the printer is a constant per byte it reads, or prints; bytes
** are read once but for backrefs, which read their target again each time
** they print it.  So the work is the bytes read, charged a stretch at a
** time: the stretch since p->iRead ends here (at a backref, or at the end
** of its target's walk), the next starts at iNext.  A stretch is at most
** the symbol, so the limit is seen soon after it is passed: the sink then
** stops as at the size limit.  The check pass reads each byte once and is
** not charged. */
static void v0_spend(V0 *p, size_t iNext){
  uint64_t nPrinted;
  if( p->pSink==0 ) return;
  p->nSteps += p->i - p->iRead;
  p->iRead = iNext;
  if( p->nSteps <= p->nFree ) return;
  nPrinted = p->nLeftStart - p->pSink->nLeft;
  if( p->nSteps - p->nFree > nPrinted * RUST_DEMANGLE_V0_STEPS_PER_OUT ){
    rust_sink_stop(p->pSink);
  }
}

/* ---- Errors ------------------------------------------------------------ */

/* A step that needs the parser: prints "?" when the parser failed before. */
static int v0_failed(V0 *p){
  if( p->eErr==V0_OK ) return 0;
  v0_put(p, "?", 1);
  return 1;
}

/* A step failed now: say why, once, and stop the parser. */
static void v0_fail(V0 *p, int eErr){
  v0_puts(p, eErr==V0_TOO_DEEP ? "{recursion limit reached}" : "{invalid syntax}");
  p->eErr = eErr;
}

/* Run one parser step `call` (which returns V0_OK or an error) with the
** error rules above; on any failure the current function returns. */
#define V0_STEP(p, call) do{ \
  int e_; \
  if( v0_failed(p) ) return; \
  e_ = (call); \
  if( e_ ){ v0_fail((p), e_); return; } \
}while(0)

/* The same for a function that returns a value. */
#define V0_STEP_RET(p, call, ret) do{ \
  int e_; \
  if( v0_failed(p) ) return (ret); \
  e_ = (call); \
  if( e_ ){ v0_fail((p), e_); return (ret); } \
}while(0)

/* ---- Parser steps: each returns V0_OK or an error, prints nothing ------ */

static int v0_push(V0 *p){
  p->nDepth++;
  return p->nDepth > RUST_DEMANGLE_MAX_DEPTH ? V0_TOO_DEEP : V0_OK;
}

/* Leave a level; a failed parser is never used again, so it is left be. */
static void v0_pop(V0 *p){
  if( p->eErr==V0_OK ) p->nDepth--;
}

static int v0_peek(const V0 *p){
  return p->i < p->n ? (unsigned char)p->z[p->i] : -1;
}

/* Consume byte c if it comes next and the parser has not failed. */
static int v0_eat(V0 *p, int c){
  if( p->eErr!=V0_OK || v0_peek(p)!=c ) return 0;
  p->i++;
  return 1;
}

static int v0_next(V0 *p, int *pc){
  if( p->i >= p->n ) return V0_INVALID;
  *pc = (unsigned char)p->z[p->i++];
  return V0_OK;
}

/* base-62-number = { [0-9a-zA-Z] } "_"     ("_" is 0, "0_" is 1, ...) */
static int v0_int62(V0 *p, uint64_t *pv){
  uint64_t x = 0;
  if( v0_eat(p, '_') ){ *pv = 0; return V0_OK; }
  while( !v0_eat(p, '_') ){
    int c = v0_peek(p), d;
    if( c>='0' && c<='9' ) d = c - '0';
    else if( c>='a' && c<='z' ) d = c - 'a' + 10;
    else if( c>='A' && c<='Z' ) d = c - 'A' + 36;
    else return V0_INVALID;
    p->i++;
    if( x > (UINT64_MAX - (uint64_t)d) / 62 ) return V0_INVALID;
    x = x * 62 + (uint64_t)d;
  }
  if( x==UINT64_MAX ) return V0_INVALID;
  *pv = x + 1;
  return V0_OK;
}

/* [tag base-62-number]: 0 when the tag is absent, else the number plus 1.
** Used for disambiguators ("s") and binders ("G"). */
static int v0_opt_int62(V0 *p, int tag, uint64_t *pv){
  int rc;
  if( !v0_eat(p, tag) ){ *pv = 0; return V0_OK; }
  rc = v0_int62(p, pv);
  if( rc ) return rc;
  if( *pv==UINT64_MAX ) return V0_INVALID;
  (*pv)++;
  return V0_OK;
}

/* namespace = [A-Z] | [a-z]: *pNs is the letter for the special ones
** (closures `C`, shims `S`, ...), 0 for the lowercase ones. */
static int v0_namespace(V0 *p, int *pNs){
  int c, rc = v0_next(p, &c);
  if( rc ) return rc;
  if( c>='A' && c<='Z' ){ *pNs = c; return V0_OK; }
  if( c>='a' && c<='z' ){ *pNs = 0; return V0_OK; }
  return V0_INVALID;
}

/* undisambiguated-identifier = ["u"] decimal-number ["_"] bytes
** A leading 0 ends the number (no more digits are read).  With "u" the
** bytes are `ascii_punycode` split at the last `_`, and the punycode part
** must not be empty. */
static int v0_ident(V0 *p, V0Ident *pId){
  int bPuny = v0_eat(p, 'u');
  size_t nLen, iStart;
  int c = v0_peek(p);
  if( c<'0' || c>'9' ) return V0_INVALID;
  p->i++;
  nLen = (size_t)(c - '0');
  if( nLen!=0 ){
    while( (c = v0_peek(p))>='0' && c<='9' ){
      size_t d = (size_t)(c - '0');
      if( nLen > ((size_t)-1 - d) / 10 ) return V0_INVALID;
      nLen = nLen * 10 + d;
      p->i++;
    }
  }
  v0_eat(p, '_');
  iStart = p->i;
  if( nLen > p->n - p->i ) return V0_INVALID;
  p->i += nLen;
  pId->zAscii = p->z + iStart;
  pId->nAscii = nLen;
  pId->zPuny = 0;
  pId->nPuny = 0;
  if( bPuny ){
    size_t j = nLen;
    while( j>0 && pId->zAscii[j-1]!='_' ) j--;
    if( j>0 ){
      pId->zPuny = pId->zAscii + j;
      pId->nPuny = nLen - j;
      pId->nAscii = j - 1;
    }else{
      pId->zPuny = pId->zAscii;
      pId->nPuny = nLen;
      pId->nAscii = 0;
    }
    if( pId->nPuny==0 ) return V0_INVALID;
  }
  return V0_OK;
}

/* const-data = { [0-9a-f] } "_"   (lowercase hex nibbles) */
static int v0_hex(V0 *p, const char **pz, size_t *pn){
  size_t iStart = p->i;
  for(;;){
    int c, rc = v0_next(p, &c);
    if( rc ) return rc;
    if( c=='_' ) break;
    if( !((c>='0' && c<='9') || (c>='a' && c<='f')) ) return V0_INVALID;
  }
  *pz = p->z + iStart;
  *pn = p->i - 1 - iStart;
  return V0_OK;
}

/* The value of hex nibbles when it fits in 64 bits (leading zeros are
** free); returns 0 when it does not. */
static int v0_hex_u64(const char *z, size_t n, uint64_t *pv){
  uint64_t v = 0;
  size_t i;
  while( n>0 && z[0]=='0' ){ z++; n--; }
  if( n > 16 ) return 0;
  for(i = 0; i < n; i++){
    int c = z[i];
    v = (v << 4) | (uint64_t)(c<='9' ? c - '0' : c - 'a' + 10);
  }
  *pv = v;
  return 1;
}

/* ---- Identifiers ------------------------------------------------------- */

/* Print an identifier: decoded when it has punycode that decodes, else
** `punycode{ascii-deltas}`; one piece per decoded char, like rustfilt. */
static void v0_print_ident(V0 *p, const V0Ident *pId){
  uint32_t a[RUST_DEMANGLE_MAX_PUNYCODE];
  int nChar, k;
  if( p->pOut==0 ) return;
  if( pId->nPuny==0 ){
    v0_put(p, pId->zAscii, pId->nAscii);
    return;
  }
  nChar = punycode_decode(pId->zAscii, pId->nAscii, pId->zPuny, pId->nPuny,
                          a, RUST_DEMANGLE_MAX_PUNYCODE);
  if( nChar >= 0 ){
    for(k = 0; k < nChar; k++) v0_put_char(p, a[k]);
    return;
  }
  v0_puts(p, "punycode{");
  if( pId->nAscii ){
    v0_put(p, pId->zAscii, pId->nAscii);
    v0_puts(p, "-");
  }
  v0_put(p, pId->zPuny, pId->nPuny);
  v0_puts(p, "}");
}

/* ---- Quoted chars and strings (const generics) -------------------------- */

/* Print c inside quote q the way rustc-demangle does: the other kind of
** quote stays bare, everything else goes through escape_debug, whose
** output is written one char (one piece) at a time. */
static void v0_put_escaped(V0 *p, uint32_t c, uint32_t q){
  char a[16];
  size_t n = 0, k;
  if( (q=='\'' && c=='"') || (q=='"' && c=='\'') ){ v0_put_char(p, c); return; }
  switch( c ){
    case 0:    a[n++] = '\\'; a[n++] = '0'; break;
    case '\t': a[n++] = '\\'; a[n++] = 't'; break;
    case '\r': a[n++] = '\\'; a[n++] = 'r'; break;
    case '\n': a[n++] = '\\'; a[n++] = 'n'; break;
    case '\\': case '"': case '\'': a[n++] = '\\'; a[n++] = (char)c; break;
    default:
      if( !rust_char_needs_unicode_escape(c) ){ v0_put_char(p, c); return; }
      /* \u{hex}: lowercase, no leading zeros; k is the top nibble's shift. */
      a[n++] = '\\'; a[n++] = 'u'; a[n++] = '{';
      for(k = 20; k > 0 && (c >> k)==0; k -= 4){}
      for(;; k -= 4){
        a[n++] = "0123456789abcdef"[(c >> k) & 15];
        if( k==0 ) break;
      }
      a[n++] = '}';
  }
  for(k = 0; k < n; k++) v0_put(p, a + k, 1);
}

/* The value of a lowercase hex digit (v0_hex checked them). */
static unsigned v0_nibble(char c){
  return c<='9' ? (unsigned)(c - '0') : (unsigned)(c - 'a' + 10);
}

/* Decode one UTF-8 sequence from the bytes in hex nibbles z[*pi..n),
** strictly (utf8.h).  Returns the code point, or -1. */
static int32_t v0_utf8_from_hex(const char *z, size_t n, size_t *pi){
  unsigned char b[4];
  size_t nHave = 0, nWant = 1;
  uint32_t c;
  while( nHave<nWant ){
    if( *pi + 2 > n ) return -1;
    b[nHave++] = (unsigned char)((v0_nibble(z[*pi]) << 4) | v0_nibble(z[*pi + 1]));
    *pi += 2;
    /* the first byte says how many follow */
    if( nHave==1 ) nWant = b[0]<0xC0 ? 1 : b[0]<0xE0 ? 2 : b[0]<0xF0 ? 3 : 4;
  }
  return utf8_decode(b, nHave, &c)==nHave ? (int32_t)c : -1;
}

/* Are the hex nibbles z[0..n) the bytes of a valid UTF-8 string? */
static int v0_hex_is_utf8(const char *z, size_t n){
  size_t i = 0;
  if( n % 2 ) return 0;
  while( i < n ){
    if( v0_utf8_from_hex(z, n, &i) < 0 ) return 0;
  }
  return 1;
}

/* A `&str` const: the whole string must be valid UTF-8 before anything of
** it is printed. */
static void v0_const_str(V0 *p){
  const char *z;
  size_t n, i = 0;
  V0_STEP(p, v0_hex(p, &z, &n));
  if( !v0_hex_is_utf8(z, n) ){ v0_fail(p, V0_INVALID); return; }
  if( p->pOut==0 ) return;
  v0_put_char(p, '"');
  while( i < n ) v0_put_escaped(p, (uint32_t)v0_utf8_from_hex(z, n, &i), '"');
  v0_put_char(p, '"');
}

/* ---- Lifetimes and binders --------------------------------------------- */

/* lifetime = "L" base-62-number
** 0 is '_; i >= 1 counts outwards from the innermost bound lifetime, while
** names go inwards from the outermost binder: 'a, 'b, ... 'z, '_26, ...
** An index past every binder is "{invalid syntax}".  Only checked while
** printing: the check pass does not track binders (nor does rustfilt's). */
static void v0_lifetime(V0 *p, uint64_t lt){
  uint64_t depth;
  if( p->pOut==0 ) return;
  v0_put(p, "'", 1);
  if( lt==0 ){ v0_put(p, "_", 1); return; }
  if( lt > p->nBound ){ v0_fail(p, V0_INVALID); return; }
  depth = p->nBound - lt;
  if( depth < 26 ){
    v0_put_char(p, (uint32_t)('a' + depth));
  }else{
    v0_put(p, "_", 1);
    v0_put_u64(p, depth);
  }
}

/* binder = "G" base-62-number   (binds that number plus one lifetimes)
** Prints `for<'a, 'b> ` and sets *pnLt to how many lifetimes it bound,
** which the caller unbinds with v0_unbind() when done.  Returns 0 when the
** binder does not parse: the caller then skips what it would cover, as
** rustc-demangle does.  A huge count just prints until the size limit
** stops it. */
static int v0_binder(V0 *p, uint64_t *pnLt){
  uint64_t nLt = 0, k;
  *pnLt = 0;
  V0_STEP_RET(p, v0_opt_int62(p, 'G', &nLt), 0);
  if( p->pOut==0 || nLt==0 ) return 1;
  v0_puts(p, "for<");
  for(k = 0; k < nLt && !v0_full(p); k++){
    if( k>0 ) v0_puts(p, ", ");
    p->nBound++;
    v0_lifetime(p, 1);
  }
  v0_puts(p, "> ");
  *pnLt = k;
  return 1;
}

static void v0_unbind(V0 *p, uint64_t nLt){
  p->nBound -= nLt;
}

/* ---- Backrefs ---------------------------------------------------------- */

/* backref = "B" base-62-number   (the `B` is already read)
** The target must lie strictly before the `B`, and following it costs a
** level.  While checking, the target is not visited.  A failure inside
** the target does not fail the parser that holds the backref.  Returns
** what v0_dyn_path() returned at the target for V0_AT_DYN_PATH. */
static int v0_backref(V0 *p, int eAt, int bInValue){
  size_t iB = p->i - 1, iSaved;
  unsigned nSavedDepth;
  uint64_t iTarget;
  int bOpen = 0;
  V0_STEP_RET(p, v0_int62(p, &iTarget), 0);
  if( iTarget >= iB ){ v0_fail(p, V0_INVALID); return 0; }
  if( p->nDepth + 1 > RUST_DEMANGLE_MAX_DEPTH ){ v0_fail(p, V0_TOO_DEEP); return 0; }
  if( p->pOut==0 ) return 0;
  iSaved = p->i;
  nSavedDepth = p->nDepth;
  v0_spend(p, (size_t)iTarget);
  p->i = (size_t)iTarget;
  p->nDepth++;
  switch( eAt ){
    case V0_AT_PATH:  v0_path(p, bInValue); break;
    case V0_AT_TYPE:  v0_type(p); break;
    case V0_AT_CONST: v0_const(p, bInValue); break;
    default:          bOpen = v0_dyn_path(p); break;
  }
  v0_spend(p, iSaved);
  p->i = iSaved;
  p->nDepth = nSavedDepth;
  p->eErr = V0_OK;
  return bOpen;
}

/* ---- Lists ------------------------------------------------------------- */

/* What a list element is. */
#define V0_LIST_GENERIC_ARG 0
#define V0_LIST_TYPE        1
#define V0_LIST_DYN_TRAIT   2
#define V0_LIST_CONST       3
#define V0_LIST_FIELD       4

static void v0_generic_arg(V0 *p);
static void v0_dyn_trait(V0 *p);
static void v0_const_field(V0 *p);

/* { element } "E", printed with zSep between elements.  Stops early when
** the parser fails.  Returns the number of elements. */
static uint64_t v0_list(V0 *p, int eElem, const char *zSep){
  uint64_t nElem = 0;
  while( p->eErr==V0_OK && !v0_full(p) && !v0_eat(p, 'E') ){
    if( nElem>0 ) v0_puts(p, zSep);
    switch( eElem ){
      case V0_LIST_GENERIC_ARG: v0_generic_arg(p); break;
      case V0_LIST_TYPE:        v0_type(p); break;
      case V0_LIST_DYN_TRAIT:   v0_dyn_trait(p); break;
      case V0_LIST_CONST:       v0_const(p, 1); break;
      default:                  v0_const_field(p); break;
    }
    nElem++;
  }
  return nElem;
}

/* ---- Paths ------------------------------------------------------------- */

/* disambiguator = "s" base-62-number  (absent: 0, "s_": 1, ...) */
static int v0_disambiguator(V0 *p, uint64_t *pv){
  return v0_opt_int62(p, 's', pv);
}

/* "C" identifier: the crate root, `name[hash]` unless bAlt. */
static void v0_path_crate(V0 *p){
  uint64_t dis;
  V0Ident id;
  V0_STEP(p, v0_disambiguator(p, &dis));
  V0_STEP(p, v0_ident(p, &id));
  v0_print_ident(p, &id);
  if( p->pOut && !p->bAlt ){
    v0_puts(p, "[");
    v0_put_hex(p, dis);
    v0_puts(p, "]");
  }
}

/* "N" namespace path identifier
** Uppercase namespaces print as `::{closure#0}`, `::{shim:vtable#0}`,
** `::{X:name#3}`; lowercase ones as `::name`, or nothing for an empty
** name. */
static void v0_path_nested(V0 *p, int bInValue){
  int ns;
  uint64_t dis;
  V0Ident id;
  int bNamed;
  V0_STEP(p, v0_namespace(p, &ns));
  v0_path(p, bInValue);
  /* rustc-demangle prints "::" here so that a failure shows as `::?`. */
  if( p->eErr ) v0_puts(p, "::");
  V0_STEP(p, v0_disambiguator(p, &dis));
  V0_STEP(p, v0_ident(p, &id));
  bNamed = id.nAscii>0 || id.nPuny>0;
  if( ns ){
    v0_puts(p, "::{");
    if( ns=='C' ) v0_puts(p, "closure");
    else if( ns=='S' ) v0_puts(p, "shim");
    else v0_put_char(p, (uint32_t)ns);
    if( bNamed ){
      v0_puts(p, ":");
      v0_print_ident(p, &id);
    }
    v0_puts(p, "#");
    v0_put_u64(p, dis);
    v0_puts(p, "}");
  }else if( bNamed ){
    v0_puts(p, "::");
    v0_print_ident(p, &id);
  }
}

/* "M" impl-path type              <T>
** "X" impl-path type path         <T as Trait>
** "Y" type path                   <T as Trait>
** impl-path = [disambiguator] path, parsed but never printed. */
static void v0_path_impl(V0 *p, int tag){
  if( tag!='Y' ){
    uint64_t dis;
    RustSink *pSaved = p->pOut;
    V0_STEP(p, v0_disambiguator(p, &dis));
    p->pOut = 0;
    v0_path(p, 0);
    p->pOut = pSaved;
  }
  v0_puts(p, "<");
  v0_type(p);
  if( tag!='M' ){
    v0_puts(p, " as ");
    v0_path(p, 0);
  }
  v0_puts(p, ">");
}

/* "I" path { generic-arg } "E"
** In a value path (bInValue) the arguments get a turbofish: `f::<T>`. */
static void v0_path_generic(V0 *p, int bInValue){
  v0_path(p, bInValue);
  if( bInValue ) v0_puts(p, "::");
  v0_puts(p, "<");
  v0_list(p, V0_LIST_GENERIC_ARG, ", ");
  v0_puts(p, ">");
}

/* path = "C" identifier | "N" namespace path identifier
**      | "M" impl-path type | "X" impl-path type path | "Y" type path
**      | "I" path { generic-arg } "E" | backref */
static void v0_path(V0 *p, int bInValue){
  int tag;
  if( v0_full(p) ) return;
  V0_STEP(p, v0_push(p));
  V0_STEP(p, v0_next(p, &tag));
  switch( tag ){
    case 'C': v0_path_crate(p); break;
    case 'N': v0_path_nested(p, bInValue); break;
    case 'M': case 'X': case 'Y': v0_path_impl(p, tag); break;
    case 'I': v0_path_generic(p, bInValue); break;
    case 'B': v0_backref(p, V0_AT_PATH, bInValue); break;
    default:  v0_fail(p, V0_INVALID); return;
  }
  v0_pop(p);
}

/* generic-arg = lifetime | "K" const | type */
static void v0_generic_arg(V0 *p){
  if( v0_eat(p, 'L') ){
    uint64_t lt;
    V0_STEP(p, v0_int62(p, &lt));
    v0_lifetime(p, lt);
  }else if( v0_eat(p, 'K') ){
    v0_const(p, 0);
  }else{
    v0_type(p);
  }
}

/* ---- Types ------------------------------------------------------------- */

/* The basic types, by tag letter; NULL for the other letters. */
static const char *v0_basic_type(int tag){
  switch( tag ){
    case 'a': return "i8";    case 'b': return "bool";  case 'c': return "char";
    case 'd': return "f64";   case 'e': return "str";   case 'f': return "f32";
    case 'h': return "u8";    case 'i': return "isize"; case 'j': return "usize";
    case 'l': return "i32";   case 'm': return "u32";   case 'n': return "i128";
    case 'o': return "u128";  case 'p': return "_";     case 's': return "i16";
    case 't': return "u16";   case 'u': return "()";    case 'v': return "...";
    case 'x': return "i64";   case 'y': return "u64";   case 'z': return "!";
    default:  return 0;
  }
}

/* "R" [lifetime] type   &'a T        "Q" [lifetime] type   &'a mut T */
static void v0_type_ref(V0 *p, int tag){
  v0_puts(p, "&");
  if( v0_eat(p, 'L') ){
    uint64_t lt;
    V0_STEP(p, v0_int62(p, &lt));
    if( lt!=0 ){
      v0_lifetime(p, lt);
      v0_puts(p, " ");
    }
  }
  if( tag=='Q' ) v0_puts(p, "mut ");
  v0_type(p);
}

/* abi = "C" | undisambiguated-identifier   (`-` was mangled as `_`) */
static void v0_fn_abi(V0 *p, const V0Ident *pAbi){
  size_t i, iPart = 0;
  v0_puts(p, "extern \"");
  for(i = 0; i <= pAbi->nAscii; i++){
    if( i==pAbi->nAscii || pAbi->zAscii[i]=='_' ){
      if( iPart>0 ) v0_puts(p, "-");
      v0_put(p, pAbi->zAscii + iPart, i - iPart);
      iPart = i + 1;
    }
  }
  v0_puts(p, "\" ");
}

/* The part of fn-sig after the binder:
** ["U"] ["K" abi] { type } "E" type   (a `u` return type is not shown) */
static void v0_fn_sig(V0 *p){
  int bUnsafe = v0_eat(p, 'U');
  int bAbi = 0;
  V0Ident abi;
  if( v0_eat(p, 'K') ){
    bAbi = 1;
    if( v0_eat(p, 'C') ){
      abi.zAscii = "C"; abi.nAscii = 1; abi.zPuny = 0; abi.nPuny = 0;
    }else{
      V0_STEP(p, v0_ident(p, &abi));
      if( abi.nAscii==0 || abi.nPuny!=0 ){ v0_fail(p, V0_INVALID); return; }
    }
  }
  if( bUnsafe ) v0_puts(p, "unsafe ");
  if( bAbi ) v0_fn_abi(p, &abi);
  v0_puts(p, "fn(");
  v0_list(p, V0_LIST_TYPE, ", ");
  v0_puts(p, ")");
  if( !v0_eat(p, 'u') ){
    v0_puts(p, " -> ");
    v0_type(p);
  }
}

/* "F" fn-sig,  fn-sig = [binder] ["U"] ["K" abi] { type } "E" type */
static void v0_type_fn(V0 *p){
  uint64_t nLt;
  if( !v0_binder(p, &nLt) ) return;
  v0_fn_sig(p);
  v0_unbind(p, nLt);
}

/* The path of a dyn trait, with its `<...>` left open (returns 1) when it
** has generic args, so that associated type bindings can join them:
** `dyn Iterator<Item = u8>`, `dyn Fn<(u8,), Output = ()>`. */
static int v0_dyn_path(V0 *p){
  if( v0_eat(p, 'B') ){
    return v0_backref(p, V0_AT_DYN_PATH, 0);
  }else if( v0_eat(p, 'I') ){
    v0_path(p, 0);
    v0_puts(p, "<");
    v0_list(p, V0_LIST_GENERIC_ARG, ", ");
    return 1;
  }
  v0_path(p, 0);
  return 0;
}

/* dyn-trait = path { "p" undisambiguated-identifier type } */
static void v0_dyn_trait(V0 *p){
  int bOpen = v0_dyn_path(p);
  while( v0_eat(p, 'p') && !v0_full(p) ){
    V0Ident id;
    v0_puts(p, bOpen ? ", " : "<");
    bOpen = 1;
    V0_STEP(p, v0_ident(p, &id));
    v0_print_ident(p, &id);
    v0_puts(p, " = ");
    v0_type(p);
  }
  if( bOpen ) v0_puts(p, ">");
}

/* "D" dyn-bounds lifetime,  dyn-bounds = [binder] { dyn-trait } "E"
** The lifetime shows as ` + 'a` unless it is '_ (0). */
static void v0_type_dyn(V0 *p){
  uint64_t nLt, lt;
  v0_puts(p, "dyn ");
  if( v0_binder(p, &nLt) ){
    v0_list(p, V0_LIST_DYN_TRAIT, " + ");
    v0_unbind(p, nLt);
  }
  if( !v0_eat(p, 'L') ){ v0_fail(p, V0_INVALID); return; }
  V0_STEP(p, v0_int62(p, &lt));
  if( lt!=0 ){
    v0_puts(p, " + ");
    v0_lifetime(p, lt);
  }
}

/* type = basic-type | path | "A" type const | "S" type | "T" { type } "E"
**      | "R" [lifetime] type | "Q" [lifetime] type | "P" type | "O" type
**      | "F" fn-sig | "D" dyn-bounds lifetime | backref
** A basic type costs no level; everything else does. */
static void v0_type(V0 *p){
  int tag;
  const char *zBasic;
  if( v0_full(p) ) return;
  V0_STEP(p, v0_next(p, &tag));
  zBasic = v0_basic_type(tag);
  if( zBasic ){ v0_puts(p, zBasic); return; }
  V0_STEP(p, v0_push(p));
  switch( tag ){
    case 'R': case 'Q':
      v0_type_ref(p, tag);
      break;
    case 'P': case 'O':
      v0_puts(p, "*");
      v0_puts(p, tag=='O' ? "mut " : "const ");
      v0_type(p);
      break;
    case 'A': case 'S':
      v0_puts(p, "[");
      v0_type(p);
      if( tag=='A' ){
        v0_puts(p, "; ");
        v0_const(p, 1);
      }
      v0_puts(p, "]");
      break;
    case 'T':
      v0_puts(p, "(");
      if( v0_list(p, V0_LIST_TYPE, ", ")==1 ) v0_puts(p, ",");
      v0_puts(p, ")");
      break;
    case 'F': v0_type_fn(p); break;
    case 'D': v0_type_dyn(p); break;
    case 'B': v0_backref(p, V0_AT_TYPE, 0); break;
    default:
      /* Not a type tag: it must start a path. */
      p->i--;
      v0_path(p, 0);
      break;
  }
  v0_pop(p);
}

/* ---- Consts ------------------------------------------------------------ */

/* An integer const: decimal when it fits in 64 bits, else `0x` and the
** nibbles as written; then the type (`16usize`) unless bAlt. */
static void v0_const_uint(V0 *p, int tag){
  const char *z;
  size_t n;
  uint64_t v;
  V0_STEP(p, v0_hex(p, &z, &n));
  if( v0_hex_u64(z, n, &v) ){
    v0_put_u64(p, v);
  }else{
    v0_puts(p, "0x");
    v0_put(p, z, n);
  }
  if( p->pOut && !p->bAlt ) v0_puts(p, v0_basic_type(tag));
}

/* "b" const-data: 0 or 1 (leading zeros allowed) */
static void v0_const_bool(V0 *p){
  const char *z;
  size_t n;
  uint64_t v;
  V0_STEP(p, v0_hex(p, &z, &n));
  if( !v0_hex_u64(z, n, &v) || v > 1 ){ v0_fail(p, V0_INVALID); return; }
  v0_puts(p, v ? "true" : "false");
}

/* "c" const-data: a Rust char, printed quoted with escape_debug */
static void v0_const_char(V0 *p){
  const char *z;
  size_t n;
  uint64_t v;
  V0_STEP(p, v0_hex(p, &z, &n));
  if( !v0_hex_u64(z, n, &v) || v > 0x10FFFF || (v>=0xD800 && v<=0xDFFF) ){
    v0_fail(p, V0_INVALID);
    return;
  }
  if( p->pOut==0 ) return;
  v0_put_char(p, '\'');
  v0_put_escaped(p, (uint32_t)v, '\'');
  v0_put_char(p, '\'');
}

/* A field of a struct-like const: [disambiguator] identifier const */
static void v0_const_field(V0 *p){
  uint64_t dis;
  V0Ident id;
  V0_STEP(p, v0_disambiguator(p, &dis));
  V0_STEP(p, v0_ident(p, &id));
  v0_print_ident(p, &id);
  v0_puts(p, ": ");
  v0_const(p, 1);
}

/* "V" path ("U" | "T" { const } "E" | "S" { field } "E")
** unit, tuple-like and struct-like values of an ADT.  Returns 0 when the
** kind letter is missing or bad: rustc-demangle then returns from the
** whole const, so its closing brace is not printed. */
static int v0_const_adt(V0 *p){
  int kind;
  v0_path(p, 1);
  V0_STEP_RET(p, v0_next(p, &kind), 0);
  switch( kind ){
    case 'U': break;
    case 'T':
      v0_puts(p, "(");
      v0_list(p, V0_LIST_CONST, ", ");
      v0_puts(p, ")");
      break;
    case 'S':
      v0_puts(p, " { ");
      v0_list(p, V0_LIST_FIELD, ", ");
      v0_puts(p, " }");
      break;
    default:
      v0_fail(p, V0_INVALID);
      return 0;
  }
  return 1;
}

/* The const kinds that need braces in generic-arg position; returns 1 when
** tag is one of them (then *pbBrace says whether `{` was printed). */
static int v0_const_compound(V0 *p, int tag, int bInValue, int *pbBrace){
  int bBrace = !bInValue;
  *pbBrace = 0;
  if( tag=='R' && v0_eat(p, 'e') ){
    /* `"..."`, not `&*"..."`. */
    v0_const_str(p);
    return 1;
  }
  if( tag!='e' && tag!='R' && tag!='Q' && tag!='A' && tag!='T' && tag!='V' ) return 0;
  if( bBrace ) v0_puts(p, "{");
  *pbBrace = bBrace;
  switch( tag ){
    case 'e':
      v0_puts(p, "*");
      v0_const_str(p);
      break;
    case 'R': case 'Q':
      v0_puts(p, "&");
      if( tag=='Q' ) v0_puts(p, "mut ");
      v0_const(p, 1);
      break;
    case 'A':
      v0_puts(p, "[");
      v0_list(p, V0_LIST_CONST, ", ");
      v0_puts(p, "]");
      break;
    case 'T':
      v0_puts(p, "(");
      if( v0_list(p, V0_LIST_CONST, ", ")==1 ) v0_puts(p, ",");
      v0_puts(p, ")");
      break;
    default:
      if( !v0_const_adt(p) ) *pbBrace = 0;
      break;
  }
  return 1;
}

/* const = "p" | int-type ["n"] const-data | "b" const-data | "c" const-data
**       | "e" const-data | "R" "e" const-data | "R" const | "Q" const
**       | "A" { const } "E" | "T" { const } "E" | "V" path fields | backref
** Outside a value (bInValue 0) a compound const is wrapped in braces. */
static void v0_const(V0 *p, int bInValue){
  int tag, bBrace = 0;
  if( v0_full(p) ) return;
  V0_STEP(p, v0_next(p, &tag));
  V0_STEP(p, v0_push(p));
  switch( tag ){
    case 'p': v0_puts(p, "_"); break;
    case 'h': case 't': case 'm': case 'y': case 'o': case 'j':
      v0_const_uint(p, tag);
      break;
    case 'a': case 's': case 'l': case 'x': case 'n': case 'i':
      if( v0_eat(p, 'n') ) v0_puts(p, "-");
      v0_const_uint(p, tag);
      break;
    case 'b': v0_const_bool(p); break;
    case 'c': v0_const_char(p); break;
    case 'B': v0_backref(p, V0_AT_CONST, bInValue); break;
    default:
      if( !v0_const_compound(p, tag, bInValue, &bBrace) ){
        v0_fail(p, V0_INVALID);
        return;
      }
      break;
  }
  if( bBrace ) v0_puts(p, "}");
  v0_pop(p);
}

/* ---- Crates a symbol records but does not print ------------------------ */

/* Walk from the path at p->i to its root: through "N" and "I" to the inner
** path and through backrefs to their targets, each step costing a level as
** when printing.  Returns the tag it stops at ('C', 'M', 'X' or 'Y') with
** p->i just after it, or 0 when the path is malformed or too deep.  Every
** step is O(1) (a base-62 number overflows after a dozen digits), so the
** walk is bounded by RUST_DEMANGLE_MAX_DEPTH. */
static int v0_path_root(V0 *p){
  for(;;){
    int tag, ns;
    uint64_t iTarget;
    size_t iB = p->i;
    if( v0_push(p) || v0_next(p, &tag) ) return 0;
    switch( tag ){
      case 'N':
        if( v0_namespace(p, &ns) ) return 0;
        break;
      case 'I':
        break;
      case 'B':
        if( v0_int62(p, &iTarget) || iTarget >= iB ) return 0;
        p->i = (size_t)iTarget;
        break;
      case 'C': case 'M': case 'X': case 'Y':
        return tag;
      default:
        return 0;
    }
  }
}

/* After "M" or "X": impl-path = [disambiguator] path, the path of the item
** that holds the impl (a module, or a function, whose root may itself be
** an impl).  Walks to the crate that path starts from; returns 1 with p->i
** just after its "C", or 0. */
static int v0_impl_home(V0 *p){
  for(;;){
    uint64_t dis;
    int tag;
    if( v0_disambiguator(p, &dis) ) return 0;
    tag = v0_path_root(p);
    if( tag=='C' ) return 1;
    if( tag!='M' && tag!='X' ) return 0;
  }
}

int rust_v0_crate(const char *zInner, size_t nInner, size_t iPath, int eWhich, RustSink *pOut){
  V0 v;
  int tag;
  uint64_t dis;
  V0Ident id;
  memset(&v, 0, sizeof(v));
  v.z = zInner;
  v.n = nInner;
  v.i = iPath;
  v.pOut = pOut;
  v.bAlt = 1;
  tag = v0_path_root(&v);
  if( eWhich==RUST_V0_IMPL_CRATE ){
    if( tag!='M' || !v0_impl_home(&v) ) return 0;
  }else if( tag!='C' ){
    return 0;
  }
  /* "C" [disambiguator] identifier */
  if( v0_disambiguator(&v, &dis) || v0_ident(&v, &id) ) return 0;
  v0_print_ident(&v, &id);
  return 1;
}

/* ---- Symbols ----------------------------------------------------------- */

/* Length of the v0 prefix of z[0..n): "_R", "R" (Windows) or "__R"
** (macOS), each only when something follows it; 0 when there is none. */
static size_t v0_prefix(const char *z, size_t n){
  if( n>2 && z[0]=='_' && z[1]=='R' ) return 2;
  if( n>1 && z[0]=='R' ) return 1;
  if( n>3 && z[0]=='_' && z[1]=='_' && z[2]=='R' ) return 3;
  return 0;
}

/* symbol = "_R" path [instantiating-crate] [suffix]
** The path must start with an uppercase letter, the symbol must be ASCII.
** The instantiating crate is checked but never printed; *piCrate is where
** it starts (*piSuffix when there is none). */
int rust_v0_check(const char *z, size_t n, size_t *piInner, size_t *piCrate, size_t *piSuffix){
  size_t iPrefix = v0_prefix(z, n), i;
  V0 v;
  if( iPrefix==0 ) return 0;
  if( z[iPrefix]<'A' || z[iPrefix]>'Z' ) return 0;
  for(i = iPrefix; i < n; i++){
    if( (unsigned char)z[i] >= 0x80 ) return 0;
  }
  memset(&v, 0, sizeof(v));
  v.z = z + iPrefix;
  v.n = n - iPrefix;
  v0_path(&v, 0);
  if( v.eErr ) return 0;
  *piCrate = iPrefix + v.i;
  if( v.i < v.n && v.z[v.i]>='A' && v.z[v.i]<='Z' ){
    v0_path(&v, 0);
    if( v.eErr ) return 0;
  }
  *piInner = iPrefix;
  *piSuffix = iPrefix + v.i;
  return 1;
}

void rust_v0_print(const char *zInner, size_t nInner, int bAlt, RustSink *pOut){
  V0 v;
  memset(&v, 0, sizeof(v));
  v.z = zInner;
  v.n = nInner;
  v.pOut = pOut;
  v.pSink = pOut;
  v.nFree = RUST_DEMANGLE_V0_STEPS_BASE
          + (uint64_t)nInner * RUST_DEMANGLE_V0_STEPS_PER_BYTE;
  v.nLeftStart = pOut->nLeft;
  v.bAlt = bAlt;
  v0_path(&v, 1);
}
