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
** Usage (from demangle_rust.c):
**
**     size_t iInner, iCrate, iSuffix;
**     if( rust_v0_check(z, n, &iInner, &iCrate, &iSuffix) )
**       rust_v0_print(z + iInner, n - iInner, bAlt, &sink);
**
** How it works.  Each production of the grammar sits above the function
** that parses and prints it.  Errors follow rustc-demangle: the first
** failure prints "{invalid syntax}" or "{recursion limit reached}" and
** marks the parser failed; every later step that needs the parser prints
** "?" and returns, so the caller still closes its brackets.  A failure
** inside a backref stays inside it: the parser from before the backref
** carries on.  The limits are RUST_DEMANGLE_MAX_DEPTH (every path, type,
** const and followed backref costs a level), RUST_DEMANGLE_MAX_PUNYCODE
** and, in the sink, RUST_DEMANGLE_MAX_SYMBOL_OUT.  Base-62 and decimal
** numbers are read with overflow checks; a backref must point strictly
** before its own `B`.
*/
#include "demangle_rust.h"

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

/* Output is cut off: nothing more will print, so stop early. */
static int v0_full(const V0 *p){
  return p->pOut && p->pOut->bFull;
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

/* ---- Punycode ---------------------------------------------------------- */

/* RFC 3492 parameters. */
#define PUNY_BASE 36
#define PUNY_TMIN 1
#define PUNY_TMAX 26
#define PUNY_SKEW 38
#define PUNY_DAMP 700
#define PUNY_BIAS 72
#define PUNY_N    0x80

/* Insert c at position i of a[0..*pn), which holds at most
** RUST_DEMANGLE_MAX_PUNYCODE chars; 0 when it is full. */
static int puny_insert(uint32_t *a, size_t *pn, size_t i, uint32_t c){
  if( *pn >= RUST_DEMANGLE_MAX_PUNYCODE ) return 0;
  memmove(a + i + 1, a + i, (*pn - i) * sizeof(a[0]));
  a[i] = c;
  (*pn)++;
  return 1;
}

/* Read one generalized variable-length integer (RFC 3492 section 3.3)
** from z[*pi..n) into *pDelta, with overflow checks. */
static int puny_read_delta(const char *z, size_t n, size_t *pi, uint64_t bias, uint64_t *pDelta){
  uint64_t delta = 0, w = 1, k = 0;
  for(;;){
    uint64_t t, d;
    int c;
    k += PUNY_BASE;
    t = k > bias ? k - bias : 0;
    if( t < PUNY_TMIN ) t = PUNY_TMIN;
    if( t > PUNY_TMAX ) t = PUNY_TMAX;
    if( *pi >= n ) return 0;
    c = z[(*pi)++];
    if( c>='a' && c<='z' ) d = (uint64_t)(c - 'a');
    else if( c>='0' && c<='9' ) d = (uint64_t)(26 + c - '0');
    else return 0;
    if( d!=0 && w > UINT64_MAX / d ) return 0;
    if( delta > UINT64_MAX - d * w ) return 0;
    delta += d * w;
    if( d < t ) break;
    if( w > UINT64_MAX / (PUNY_BASE - t) ) return 0;
    w *= PUNY_BASE - t;
  }
  *pDelta = delta;
  return 1;
}

/* The next bias (RFC 3492 section 6.1). */
static uint64_t puny_adapt(uint64_t delta, uint64_t nPoints, int bFirst){
  uint64_t k = 0;
  delta /= bFirst ? PUNY_DAMP : 2;
  delta += delta / nPoints;
  while( delta > ((PUNY_BASE - PUNY_TMIN) * PUNY_TMAX) / 2 ){
    delta /= PUNY_BASE - PUNY_TMIN;
    k += PUNY_BASE;
  }
  return k + ((PUNY_BASE - PUNY_TMIN + 1) * delta) / (delta + PUNY_SKEW);
}

/* Decode an identifier with punycode into a[], which has room for
** RUST_DEMANGLE_MAX_PUNYCODE chars.  Returns the number of chars, or -1
** when the deltas are bad, a char is not a Rust char, or it is too long. */
static int puny_decode(const V0Ident *pId, uint32_t *a){
  size_t nOut = 0, i, j = 0;
  uint64_t n = PUNY_N, pos = 0, bias = PUNY_BIAS;
  int bFirst = 1;
  for(i = 0; i < pId->nAscii; i++){
    if( !puny_insert(a, &nOut, nOut, (unsigned char)pId->zAscii[i]) ) return -1;
  }
  for(;;){
    uint64_t delta, nLen;
    if( !puny_read_delta(pId->zPuny, pId->nPuny, &j, bias, &delta) ) return -1;
    nLen = (uint64_t)nOut + 1;
    if( pos > UINT64_MAX - delta ) return -1;
    pos += delta;
    if( n > UINT64_MAX - pos / nLen ) return -1;
    n += pos / nLen;
    pos %= nLen;
    if( n > 0x10FFFF || (n>=0xD800 && n<=0xDFFF) ) return -1;
    if( !puny_insert(a, &nOut, (size_t)pos, (uint32_t)n) ) return -1;
    pos++;
    if( j >= pId->nPuny ) return (int)nOut;
    bias = puny_adapt(delta, nLen, bFirst);
    bFirst = 0;
  }
}

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
  nChar = puny_decode(pId, a);
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

/* The chars Rust's char::escape_debug prints as \u{...} (not printable, or
** grapheme-extending), for the Unicode tables of the Rust that built
** rustfilt 0.2.1.  Made by running every code point through rustfilt as
** `_RINvC1a1bKc<hex>_E` and keeping those it printed as '\u{hex}'. */
static const uint32_t aEscapeRange[][2] = {
  {0x1,0x8}, {0xb,0xc}, {0xe,0x1f}, {0x7f,0xa0}, {0xad,0xad}, {0x300,0x36f}, {0x378,0x379},
  {0x380,0x383}, {0x38b,0x38b}, {0x38d,0x38d}, {0x3a2,0x3a2}, {0x483,0x489}, {0x530,0x530},
  {0x557,0x558}, {0x58b,0x58c}, {0x590,0x5bd}, {0x5bf,0x5bf}, {0x5c1,0x5c2}, {0x5c4,0x5c5},
  {0x5c7,0x5cf}, {0x5eb,0x5ee}, {0x5f5,0x605}, {0x610,0x61a}, {0x61c,0x61c}, {0x64b,0x65f},
  {0x670,0x670}, {0x6d6,0x6dd}, {0x6df,0x6e4}, {0x6e7,0x6e8}, {0x6ea,0x6ed}, {0x70e,0x70f},
  {0x711,0x711}, {0x730,0x74c}, {0x7a6,0x7b0}, {0x7b2,0x7bf}, {0x7eb,0x7f3}, {0x7fb,0x7fd},
  {0x816,0x819}, {0x81b,0x823}, {0x825,0x827}, {0x829,0x82f}, {0x83f,0x83f}, {0x859,0x85d},
  {0x85f,0x85f}, {0x86b,0x86f}, {0x88f,0x89f}, {0x8ca,0x902}, {0x93a,0x93a}, {0x93c,0x93c},
  {0x941,0x948}, {0x94d,0x94d}, {0x951,0x957}, {0x962,0x963}, {0x981,0x981}, {0x984,0x984},
  {0x98d,0x98e}, {0x991,0x992}, {0x9a9,0x9a9}, {0x9b1,0x9b1}, {0x9b3,0x9b5}, {0x9ba,0x9bc},
  {0x9be,0x9be}, {0x9c1,0x9c6}, {0x9c9,0x9ca}, {0x9cd,0x9cd}, {0x9cf,0x9db}, {0x9de,0x9de},
  {0x9e2,0x9e5}, {0x9fe,0xa02}, {0xa04,0xa04}, {0xa0b,0xa0e}, {0xa11,0xa12}, {0xa29,0xa29},
  {0xa31,0xa31}, {0xa34,0xa34}, {0xa37,0xa37}, {0xa3a,0xa3d}, {0xa41,0xa58}, {0xa5d,0xa5d},
  {0xa5f,0xa65}, {0xa70,0xa71}, {0xa75,0xa75}, {0xa77,0xa82}, {0xa84,0xa84}, {0xa8e,0xa8e},
  {0xa92,0xa92}, {0xaa9,0xaa9}, {0xab1,0xab1}, {0xab4,0xab4}, {0xaba,0xabc}, {0xac1,0xac8},
  {0xaca,0xaca}, {0xacd,0xacf}, {0xad1,0xadf}, {0xae2,0xae5}, {0xaf2,0xaf8}, {0xafa,0xb01},
  {0xb04,0xb04}, {0xb0d,0xb0e}, {0xb11,0xb12}, {0xb29,0xb29}, {0xb31,0xb31}, {0xb34,0xb34},
  {0xb3a,0xb3c}, {0xb3e,0xb3f}, {0xb41,0xb46}, {0xb49,0xb4a}, {0xb4d,0xb5b}, {0xb5e,0xb5e},
  {0xb62,0xb65}, {0xb78,0xb82}, {0xb84,0xb84}, {0xb8b,0xb8d}, {0xb91,0xb91}, {0xb96,0xb98},
  {0xb9b,0xb9b}, {0xb9d,0xb9d}, {0xba0,0xba2}, {0xba5,0xba7}, {0xbab,0xbad}, {0xbba,0xbbe},
  {0xbc0,0xbc0}, {0xbc3,0xbc5}, {0xbc9,0xbc9}, {0xbcd,0xbcf}, {0xbd1,0xbe5}, {0xbfb,0xc00},
  {0xc04,0xc04}, {0xc0d,0xc0d}, {0xc11,0xc11}, {0xc29,0xc29}, {0xc3a,0xc3c}, {0xc3e,0xc40},
  {0xc45,0xc57}, {0xc5b,0xc5c}, {0xc5e,0xc5f}, {0xc62,0xc65}, {0xc70,0xc76}, {0xc81,0xc81},
  {0xc8d,0xc8d}, {0xc91,0xc91}, {0xca9,0xca9}, {0xcb4,0xcb4}, {0xcba,0xcbc}, {0xcbf,0xcbf},
  {0xcc2,0xcc2}, {0xcc5,0xcc6}, {0xcc9,0xcc9}, {0xccc,0xcdc}, {0xcdf,0xcdf}, {0xce2,0xce5},
  {0xcf0,0xcf0}, {0xcf3,0xd01}, {0xd0d,0xd0d}, {0xd11,0xd11}, {0xd3b,0xd3c}, {0xd3e,0xd3e},
  {0xd41,0xd45}, {0xd49,0xd49}, {0xd4d,0xd4d}, {0xd50,0xd53}, {0xd57,0xd57}, {0xd62,0xd65},
  {0xd80,0xd81}, {0xd84,0xd84}, {0xd97,0xd99}, {0xdb2,0xdb2}, {0xdbc,0xdbc}, {0xdbe,0xdbf},
  {0xdc7,0xdcf}, {0xdd2,0xdd7}, {0xddf,0xde5}, {0xdf0,0xdf1}, {0xdf5,0xe00}, {0xe31,0xe31},
  {0xe34,0xe3e}, {0xe47,0xe4e}, {0xe5c,0xe80}, {0xe83,0xe83}, {0xe85,0xe85}, {0xe8b,0xe8b},
  {0xea4,0xea4}, {0xea6,0xea6}, {0xeb1,0xeb1}, {0xeb4,0xebc}, {0xebe,0xebf}, {0xec5,0xec5},
  {0xec7,0xecf}, {0xeda,0xedb}, {0xee0,0xeff}, {0xf18,0xf19}, {0xf35,0xf35}, {0xf37,0xf37},
  {0xf39,0xf39}, {0xf48,0xf48}, {0xf6d,0xf7e}, {0xf80,0xf84}, {0xf86,0xf87}, {0xf8d,0xfbd},
  {0xfc6,0xfc6}, {0xfcd,0xfcd}, {0xfdb,0xfff}, {0x102d,0x1030}, {0x1032,0x1037}, {0x1039,0x103a},
  {0x103d,0x103e}, {0x1058,0x1059}, {0x105e,0x1060}, {0x1071,0x1074}, {0x1082,0x1082},
  {0x1085,0x1086}, {0x108d,0x108d}, {0x109d,0x109d}, {0x10c6,0x10c6}, {0x10c8,0x10cc},
  {0x10ce,0x10cf}, {0x1249,0x1249}, {0x124e,0x124f}, {0x1257,0x1257}, {0x1259,0x1259},
  {0x125e,0x125f}, {0x1289,0x1289}, {0x128e,0x128f}, {0x12b1,0x12b1}, {0x12b6,0x12b7},
  {0x12bf,0x12bf}, {0x12c1,0x12c1}, {0x12c6,0x12c7}, {0x12d7,0x12d7}, {0x1311,0x1311},
  {0x1316,0x1317}, {0x135b,0x135f}, {0x137d,0x137f}, {0x139a,0x139f}, {0x13f6,0x13f7},
  {0x13fe,0x13ff}, {0x1680,0x1680}, {0x169d,0x169f}, {0x16f9,0x16ff}, {0x1712,0x1714},
  {0x1716,0x171e}, {0x1732,0x1733}, {0x1737,0x173f}, {0x1752,0x175f}, {0x176d,0x176d},
  {0x1771,0x177f}, {0x17b4,0x17b5}, {0x17b7,0x17bd}, {0x17c6,0x17c6}, {0x17c9,0x17d3},
  {0x17dd,0x17df}, {0x17ea,0x17ef}, {0x17fa,0x17ff}, {0x180b,0x180f}, {0x181a,0x181f},
  {0x1879,0x187f}, {0x1885,0x1886}, {0x18a9,0x18a9}, {0x18ab,0x18af}, {0x18f6,0x18ff},
  {0x191f,0x1922}, {0x1927,0x1928}, {0x192c,0x192f}, {0x1932,0x1932}, {0x1939,0x193f},
  {0x1941,0x1943}, {0x196e,0x196f}, {0x1975,0x197f}, {0x19ac,0x19af}, {0x19ca,0x19cf},
  {0x19db,0x19dd}, {0x1a17,0x1a18}, {0x1a1b,0x1a1d}, {0x1a56,0x1a56}, {0x1a58,0x1a60},
  {0x1a62,0x1a62}, {0x1a65,0x1a6c}, {0x1a73,0x1a7f}, {0x1a8a,0x1a8f}, {0x1a9a,0x1a9f},
  {0x1aae,0x1b03}, {0x1b34,0x1b3a}, {0x1b3c,0x1b3c}, {0x1b42,0x1b42}, {0x1b4d,0x1b4f},
  {0x1b6b,0x1b73}, {0x1b7f,0x1b81}, {0x1ba2,0x1ba5}, {0x1ba8,0x1ba9}, {0x1bab,0x1bad},
  {0x1be6,0x1be6}, {0x1be8,0x1be9}, {0x1bed,0x1bed}, {0x1bef,0x1bf1}, {0x1bf4,0x1bfb},
  {0x1c2c,0x1c33}, {0x1c36,0x1c3a}, {0x1c4a,0x1c4c}, {0x1c89,0x1c8f}, {0x1cbb,0x1cbc},
  {0x1cc8,0x1cd2}, {0x1cd4,0x1ce0}, {0x1ce2,0x1ce8}, {0x1ced,0x1ced}, {0x1cf4,0x1cf4},
  {0x1cf8,0x1cf9}, {0x1cfb,0x1cff}, {0x1dc0,0x1dff}, {0x1f16,0x1f17}, {0x1f1e,0x1f1f},
  {0x1f46,0x1f47}, {0x1f4e,0x1f4f}, {0x1f58,0x1f58}, {0x1f5a,0x1f5a}, {0x1f5c,0x1f5c},
  {0x1f5e,0x1f5e}, {0x1f7e,0x1f7f}, {0x1fb5,0x1fb5}, {0x1fc5,0x1fc5}, {0x1fd4,0x1fd5},
  {0x1fdc,0x1fdc}, {0x1ff0,0x1ff1}, {0x1ff5,0x1ff5}, {0x1fff,0x200f}, {0x2028,0x202f},
  {0x205f,0x206f}, {0x2072,0x2073}, {0x208f,0x208f}, {0x209d,0x209f}, {0x20c1,0x20ff},
  {0x218c,0x218f}, {0x2427,0x243f}, {0x244b,0x245f}, {0x2b74,0x2b75}, {0x2b96,0x2b96},
  {0x2cef,0x2cf1}, {0x2cf4,0x2cf8}, {0x2d26,0x2d26}, {0x2d28,0x2d2c}, {0x2d2e,0x2d2f},
  {0x2d68,0x2d6e}, {0x2d71,0x2d7f}, {0x2d97,0x2d9f}, {0x2da7,0x2da7}, {0x2daf,0x2daf},
  {0x2db7,0x2db7}, {0x2dbf,0x2dbf}, {0x2dc7,0x2dc7}, {0x2dcf,0x2dcf}, {0x2dd7,0x2dd7},
  {0x2ddf,0x2dff}, {0x2e5e,0x2e7f}, {0x2e9a,0x2e9a}, {0x2ef4,0x2eff}, {0x2fd6,0x2fef},
  {0x2ffc,0x3000}, {0x302a,0x302f}, {0x3040,0x3040}, {0x3097,0x309a}, {0x3100,0x3104},
  {0x3130,0x3130}, {0x318f,0x318f}, {0x31e4,0x31ef}, {0x321f,0x321f}, {0xa48d,0xa48f},
  {0xa4c7,0xa4cf}, {0xa62c,0xa63f}, {0xa66f,0xa672}, {0xa674,0xa67d}, {0xa69e,0xa69f},
  {0xa6f0,0xa6f1}, {0xa6f8,0xa6ff}, {0xa7cb,0xa7cf}, {0xa7d2,0xa7d2}, {0xa7d4,0xa7d4},
  {0xa7da,0xa7f1}, {0xa802,0xa802}, {0xa806,0xa806}, {0xa80b,0xa80b}, {0xa825,0xa826},
  {0xa82c,0xa82f}, {0xa83a,0xa83f}, {0xa878,0xa87f}, {0xa8c4,0xa8cd}, {0xa8da,0xa8f1},
  {0xa8ff,0xa8ff}, {0xa926,0xa92d}, {0xa947,0xa951}, {0xa954,0xa95e}, {0xa97d,0xa982},
  {0xa9b3,0xa9b3}, {0xa9b6,0xa9b9}, {0xa9bc,0xa9bd}, {0xa9ce,0xa9ce}, {0xa9da,0xa9dd},
  {0xa9e5,0xa9e5}, {0xa9ff,0xa9ff}, {0xaa29,0xaa2e}, {0xaa31,0xaa32}, {0xaa35,0xaa3f},
  {0xaa43,0xaa43}, {0xaa4c,0xaa4c}, {0xaa4e,0xaa4f}, {0xaa5a,0xaa5b}, {0xaa7c,0xaa7c},
  {0xaab0,0xaab0}, {0xaab2,0xaab4}, {0xaab7,0xaab8}, {0xaabe,0xaabf}, {0xaac1,0xaac1},
  {0xaac3,0xaada}, {0xaaec,0xaaed}, {0xaaf6,0xab00}, {0xab07,0xab08}, {0xab0f,0xab10},
  {0xab17,0xab1f}, {0xab27,0xab27}, {0xab2f,0xab2f}, {0xab6c,0xab6f}, {0xabe5,0xabe5},
  {0xabe8,0xabe8}, {0xabed,0xabef}, {0xabfa,0xabff}, {0xd7a4,0xd7af}, {0xd7c7,0xd7ca},
  {0xd7fc,0xf8ff}, {0xfa6e,0xfa6f}, {0xfada,0xfaff}, {0xfb07,0xfb12}, {0xfb18,0xfb1c},
  {0xfb1e,0xfb1e}, {0xfb37,0xfb37}, {0xfb3d,0xfb3d}, {0xfb3f,0xfb3f}, {0xfb42,0xfb42},
  {0xfb45,0xfb45}, {0xfbc3,0xfbd2}, {0xfd90,0xfd91}, {0xfdc8,0xfdce}, {0xfdd0,0xfdef},
  {0xfe00,0xfe0f}, {0xfe1a,0xfe2f}, {0xfe53,0xfe53}, {0xfe67,0xfe67}, {0xfe6c,0xfe6f},
  {0xfe75,0xfe75}, {0xfefd,0xff00}, {0xff9e,0xff9f}, {0xffbf,0xffc1}, {0xffc8,0xffc9},
  {0xffd0,0xffd1}, {0xffd8,0xffd9}, {0xffdd,0xffdf}, {0xffe7,0xffe7}, {0xffef,0xfffb},
  {0xfffe,0xffff}, {0x1000c,0x1000c}, {0x10027,0x10027}, {0x1003b,0x1003b}, {0x1003e,0x1003e},
  {0x1004e,0x1004f}, {0x1005e,0x1007f}, {0x100fb,0x100ff}, {0x10103,0x10106}, {0x10134,0x10136},
  {0x1018f,0x1018f}, {0x1019d,0x1019f}, {0x101a1,0x101cf}, {0x101fd,0x1027f}, {0x1029d,0x1029f},
  {0x102d1,0x102e0}, {0x102fc,0x102ff}, {0x10324,0x1032c}, {0x1034b,0x1034f}, {0x10376,0x1037f},
  {0x1039e,0x1039e}, {0x103c4,0x103c7}, {0x103d6,0x103ff}, {0x1049e,0x1049f}, {0x104aa,0x104af},
  {0x104d4,0x104d7}, {0x104fc,0x104ff}, {0x10528,0x1052f}, {0x10564,0x1056e}, {0x1057b,0x1057b},
  {0x1058b,0x1058b}, {0x10593,0x10593}, {0x10596,0x10596}, {0x105a2,0x105a2}, {0x105b2,0x105b2},
  {0x105ba,0x105ba}, {0x105bd,0x105ff}, {0x10737,0x1073f}, {0x10756,0x1075f}, {0x10768,0x1077f},
  {0x10786,0x10786}, {0x107b1,0x107b1}, {0x107bb,0x107ff}, {0x10806,0x10807}, {0x10809,0x10809},
  {0x10836,0x10836}, {0x10839,0x1083b}, {0x1083d,0x1083e}, {0x10856,0x10856}, {0x1089f,0x108a6},
  {0x108b0,0x108df}, {0x108f3,0x108f3}, {0x108f6,0x108fa}, {0x1091c,0x1091e}, {0x1093a,0x1093e},
  {0x10940,0x1097f}, {0x109b8,0x109bb}, {0x109d0,0x109d1}, {0x10a01,0x10a0f}, {0x10a14,0x10a14},
  {0x10a18,0x10a18}, {0x10a36,0x10a3f}, {0x10a49,0x10a4f}, {0x10a59,0x10a5f}, {0x10aa0,0x10abf},
  {0x10ae5,0x10aea}, {0x10af7,0x10aff}, {0x10b36,0x10b38}, {0x10b56,0x10b57}, {0x10b73,0x10b77},
  {0x10b92,0x10b98}, {0x10b9d,0x10ba8}, {0x10bb0,0x10bff}, {0x10c49,0x10c7f}, {0x10cb3,0x10cbf},
  {0x10cf3,0x10cf9}, {0x10d24,0x10d2f}, {0x10d3a,0x10e5f}, {0x10e7f,0x10e7f}, {0x10eaa,0x10eac},
  {0x10eae,0x10eaf}, {0x10eb2,0x10eff}, {0x10f28,0x10f2f}, {0x10f46,0x10f50}, {0x10f5a,0x10f6f},
  {0x10f82,0x10f85}, {0x10f8a,0x10faf}, {0x10fcc,0x10fdf}, {0x10ff7,0x10fff}, {0x11001,0x11001},
  {0x11038,0x11046}, {0x1104e,0x11051}, {0x11070,0x11070}, {0x11073,0x11074}, {0x11076,0x11081},
  {0x110b3,0x110b6}, {0x110b9,0x110ba}, {0x110bd,0x110bd}, {0x110c2,0x110cf}, {0x110e9,0x110ef},
  {0x110fa,0x11102}, {0x11127,0x1112b}, {0x1112d,0x11135}, {0x11148,0x1114f}, {0x11173,0x11173},
  {0x11177,0x11181}, {0x111b6,0x111be}, {0x111c9,0x111cc}, {0x111cf,0x111cf}, {0x111e0,0x111e0},
  {0x111f5,0x111ff}, {0x11212,0x11212}, {0x1122f,0x11231}, {0x11234,0x11234}, {0x11236,0x11237},
  {0x1123e,0x1127f}, {0x11287,0x11287}, {0x11289,0x11289}, {0x1128e,0x1128e}, {0x1129e,0x1129e},
  {0x112aa,0x112af}, {0x112df,0x112df}, {0x112e3,0x112ef}, {0x112fa,0x11301}, {0x11304,0x11304},
  {0x1130d,0x1130e}, {0x11311,0x11312}, {0x11329,0x11329}, {0x11331,0x11331}, {0x11334,0x11334},
  {0x1133a,0x1133c}, {0x1133e,0x1133e}, {0x11340,0x11340}, {0x11345,0x11346}, {0x11349,0x1134a},
  {0x1134e,0x1134f}, {0x11351,0x1135c}, {0x11364,0x113ff}, {0x11438,0x1143f}, {0x11442,0x11444},
  {0x11446,0x11446}, {0x1145c,0x1145c}, {0x1145e,0x1145e}, {0x11462,0x1147f}, {0x114b0,0x114b0},
  {0x114b3,0x114b8}, {0x114ba,0x114ba}, {0x114bd,0x114bd}, {0x114bf,0x114c0}, {0x114c2,0x114c3},
  {0x114c8,0x114cf}, {0x114da,0x1157f}, {0x115af,0x115af}, {0x115b2,0x115b7}, {0x115bc,0x115bd},
  {0x115bf,0x115c0}, {0x115dc,0x115ff}, {0x11633,0x1163a}, {0x1163d,0x1163d}, {0x1163f,0x11640},
  {0x11645,0x1164f}, {0x1165a,0x1165f}, {0x1166d,0x1167f}, {0x116ab,0x116ab}, {0x116ad,0x116ad},
  {0x116b0,0x116b5}, {0x116b7,0x116b7}, {0x116ba,0x116bf}, {0x116ca,0x116ff}, {0x1171b,0x1171f},
  {0x11722,0x11725}, {0x11727,0x1172f}, {0x11747,0x117ff}, {0x1182f,0x11837}, {0x11839,0x1183a},
  {0x1183c,0x1189f}, {0x118f3,0x118fe}, {0x11907,0x11908}, {0x1190a,0x1190b}, {0x11914,0x11914},
  {0x11917,0x11917}, {0x11930,0x11930}, {0x11936,0x11936}, {0x11939,0x1193c}, {0x1193e,0x1193e},
  {0x11943,0x11943}, {0x11947,0x1194f}, {0x1195a,0x1199f}, {0x119a8,0x119a9}, {0x119d4,0x119db},
  {0x119e0,0x119e0}, {0x119e5,0x119ff}, {0x11a01,0x11a0a}, {0x11a33,0x11a38}, {0x11a3b,0x11a3e},
  {0x11a47,0x11a4f}, {0x11a51,0x11a56}, {0x11a59,0x11a5b}, {0x11a8a,0x11a96}, {0x11a98,0x11a99},
  {0x11aa3,0x11aaf}, {0x11af9,0x11bff}, {0x11c09,0x11c09}, {0x11c30,0x11c3d}, {0x11c3f,0x11c3f},
  {0x11c46,0x11c4f}, {0x11c6d,0x11c6f}, {0x11c90,0x11ca8}, {0x11caa,0x11cb0}, {0x11cb2,0x11cb3},
  {0x11cb5,0x11cff}, {0x11d07,0x11d07}, {0x11d0a,0x11d0a}, {0x11d31,0x11d45}, {0x11d47,0x11d4f},
  {0x11d5a,0x11d5f}, {0x11d66,0x11d66}, {0x11d69,0x11d69}, {0x11d8f,0x11d92}, {0x11d95,0x11d95},
  {0x11d97,0x11d97}, {0x11d99,0x11d9f}, {0x11daa,0x11edf}, {0x11ef3,0x11ef4}, {0x11ef9,0x11faf},
  {0x11fb1,0x11fbf}, {0x11ff2,0x11ffe}, {0x1239a,0x123ff}, {0x1246f,0x1246f}, {0x12475,0x1247f},
  {0x12544,0x12f8f}, {0x12ff3,0x12fff}, {0x1342f,0x143ff}, {0x14647,0x167ff}, {0x16a39,0x16a3f},
  {0x16a5f,0x16a5f}, {0x16a6a,0x16a6d}, {0x16abf,0x16abf}, {0x16aca,0x16acf}, {0x16aee,0x16af4},
  {0x16af6,0x16aff}, {0x16b30,0x16b36}, {0x16b46,0x16b4f}, {0x16b5a,0x16b5a}, {0x16b62,0x16b62},
  {0x16b78,0x16b7c}, {0x16b90,0x16e3f}, {0x16e9b,0x16eff}, {0x16f4b,0x16f4f}, {0x16f88,0x16f92},
  {0x16fa0,0x16fdf}, {0x16fe4,0x16fef}, {0x16ff2,0x16fff}, {0x187f8,0x187ff}, {0x18cd6,0x18cff},
  {0x18d09,0x1afef}, {0x1aff4,0x1aff4}, {0x1affc,0x1affc}, {0x1afff,0x1afff}, {0x1b123,0x1b14f},
  {0x1b153,0x1b163}, {0x1b168,0x1b16f}, {0x1b2fc,0x1bbff}, {0x1bc6b,0x1bc6f}, {0x1bc7d,0x1bc7f},
  {0x1bc89,0x1bc8f}, {0x1bc9a,0x1bc9b}, {0x1bc9d,0x1bc9e}, {0x1bca0,0x1cf4f}, {0x1cfc4,0x1cfff},
  {0x1d0f6,0x1d0ff}, {0x1d127,0x1d128}, {0x1d165,0x1d165}, {0x1d167,0x1d169}, {0x1d16e,0x1d182},
  {0x1d185,0x1d18b}, {0x1d1aa,0x1d1ad}, {0x1d1eb,0x1d1ff}, {0x1d242,0x1d244}, {0x1d246,0x1d2df},
  {0x1d2f4,0x1d2ff}, {0x1d357,0x1d35f}, {0x1d379,0x1d3ff}, {0x1d455,0x1d455}, {0x1d49d,0x1d49d},
  {0x1d4a0,0x1d4a1}, {0x1d4a3,0x1d4a4}, {0x1d4a7,0x1d4a8}, {0x1d4ad,0x1d4ad}, {0x1d4ba,0x1d4ba},
  {0x1d4bc,0x1d4bc}, {0x1d4c4,0x1d4c4}, {0x1d506,0x1d506}, {0x1d50b,0x1d50c}, {0x1d515,0x1d515},
  {0x1d51d,0x1d51d}, {0x1d53a,0x1d53a}, {0x1d53f,0x1d53f}, {0x1d545,0x1d545}, {0x1d547,0x1d549},
  {0x1d551,0x1d551}, {0x1d6a6,0x1d6a7}, {0x1d7cc,0x1d7cd}, {0x1da00,0x1da36}, {0x1da3b,0x1da6c},
  {0x1da75,0x1da75}, {0x1da84,0x1da84}, {0x1da8c,0x1deff}, {0x1df1f,0x1e0ff}, {0x1e12d,0x1e136},
  {0x1e13e,0x1e13f}, {0x1e14a,0x1e14d}, {0x1e150,0x1e28f}, {0x1e2ae,0x1e2bf}, {0x1e2ec,0x1e2ef},
  {0x1e2fa,0x1e2fe}, {0x1e300,0x1e7df}, {0x1e7e7,0x1e7e7}, {0x1e7ec,0x1e7ec}, {0x1e7ef,0x1e7ef},
  {0x1e7ff,0x1e7ff}, {0x1e8c5,0x1e8c6}, {0x1e8d0,0x1e8ff}, {0x1e944,0x1e94a}, {0x1e94c,0x1e94f},
  {0x1e95a,0x1e95d}, {0x1e960,0x1ec70}, {0x1ecb5,0x1ed00}, {0x1ed3e,0x1edff}, {0x1ee04,0x1ee04},
  {0x1ee20,0x1ee20}, {0x1ee23,0x1ee23}, {0x1ee25,0x1ee26}, {0x1ee28,0x1ee28}, {0x1ee33,0x1ee33},
  {0x1ee38,0x1ee38}, {0x1ee3a,0x1ee3a}, {0x1ee3c,0x1ee41}, {0x1ee43,0x1ee46}, {0x1ee48,0x1ee48},
  {0x1ee4a,0x1ee4a}, {0x1ee4c,0x1ee4c}, {0x1ee50,0x1ee50}, {0x1ee53,0x1ee53}, {0x1ee55,0x1ee56},
  {0x1ee58,0x1ee58}, {0x1ee5a,0x1ee5a}, {0x1ee5c,0x1ee5c}, {0x1ee5e,0x1ee5e}, {0x1ee60,0x1ee60},
  {0x1ee63,0x1ee63}, {0x1ee65,0x1ee66}, {0x1ee6b,0x1ee6b}, {0x1ee73,0x1ee73}, {0x1ee78,0x1ee78},
  {0x1ee7d,0x1ee7d}, {0x1ee7f,0x1ee7f}, {0x1ee8a,0x1ee8a}, {0x1ee9c,0x1eea0}, {0x1eea4,0x1eea4},
  {0x1eeaa,0x1eeaa}, {0x1eebc,0x1eeef}, {0x1eef2,0x1efff}, {0x1f02c,0x1f02f}, {0x1f094,0x1f09f},
  {0x1f0af,0x1f0b0}, {0x1f0c0,0x1f0c0}, {0x1f0d0,0x1f0d0}, {0x1f0f6,0x1f0ff}, {0x1f1ae,0x1f1e5},
  {0x1f203,0x1f20f}, {0x1f23c,0x1f23f}, {0x1f249,0x1f24f}, {0x1f252,0x1f25f}, {0x1f266,0x1f2ff},
  {0x1f6d8,0x1f6dc}, {0x1f6ed,0x1f6ef}, {0x1f6fd,0x1f6ff}, {0x1f774,0x1f77f}, {0x1f7d9,0x1f7df},
  {0x1f7ec,0x1f7ef}, {0x1f7f1,0x1f7ff}, {0x1f80c,0x1f80f}, {0x1f848,0x1f84f}, {0x1f85a,0x1f85f},
  {0x1f888,0x1f88f}, {0x1f8ae,0x1f8af}, {0x1f8b2,0x1f8ff}, {0x1fa54,0x1fa5f}, {0x1fa6e,0x1fa6f},
  {0x1fa75,0x1fa77}, {0x1fa7d,0x1fa7f}, {0x1fa87,0x1fa8f}, {0x1faad,0x1faaf}, {0x1fabb,0x1fabf},
  {0x1fac6,0x1facf}, {0x1fada,0x1fadf}, {0x1fae8,0x1faef}, {0x1faf7,0x1faff}, {0x1fb93,0x1fb93},
  {0x1fbcb,0x1fbef}, {0x1fbfa,0x1ffff}, {0x2a6e0,0x2a6ff}, {0x2b739,0x2b73f}, {0x2b81e,0x2b81f},
  {0x2cea2,0x2ceaf}, {0x2ebe1,0x2f7ff}, {0x2fa1e,0x2ffff}, {0x3134b,0x10ffff}
};

/* Does escape_debug print c as \u{...}?  Binary search of aEscapeRange. */
static int v0_char_needs_unicode_escape(uint32_t c){
  size_t lo = 0, hi = sizeof(aEscapeRange) / sizeof(aEscapeRange[0]);
  while( lo < hi ){
    size_t mid = lo + (hi - lo) / 2;
    if( c < aEscapeRange[mid][0] ) hi = mid;
    else if( c > aEscapeRange[mid][1] ) lo = mid + 1;
    else return 1;
  }
  return 0;
}

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
      if( !v0_char_needs_unicode_escape(c) ){ v0_put_char(p, c); return; }
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

/* Decode one UTF-8 sequence from the bytes in hex nibbles z[*pi..n),
** strictly (no overlongs, no surrogates, nothing past U+10FFFF).
** Returns the code point, or -1. */
static int32_t v0_utf8_from_hex(const char *z, size_t n, size_t *pi){
  uint32_t b[4], c;
  size_t nByte = 1, k;
  for(k = 0; k < 4; k++){
    int hi, lo;
    if( k>0 && k>=nByte ) break;
    if( *pi + 2 > n ) return -1;
    hi = z[*pi]; lo = z[*pi + 1];
    *pi += 2;
    b[k] = (uint32_t)(((hi<='9' ? hi - '0' : hi - 'a' + 10) << 4) | (lo<='9' ? lo - '0' : lo - 'a' + 10));
    if( k==0 ){
      if( b[0] < 0x80 ) return (int32_t)b[0];
      if( b[0] < 0xC2 || b[0] > 0xF4 ) return -1;
      nByte = b[0] < 0xE0 ? 2 : b[0] < 0xF0 ? 3 : 4;
    }else if( (b[k] & 0xC0)!=0x80 ){
      return -1;
    }
  }
  if( nByte==2 ) return (int32_t)(((b[0] & 0x1F) << 6) | (b[1] & 0x3F));
  c = nByte==3 ? ((b[0] & 0x0F) << 12) | ((b[1] & 0x3F) << 6) | (b[2] & 0x3F)
               : ((b[0] & 0x07) << 18) | ((b[1] & 0x3F) << 12) | ((b[2] & 0x3F) << 6) | (b[3] & 0x3F);
  if( nByte==3 && (c < 0x800 || (c>=0xD800 && c<=0xDFFF)) ) return -1;
  if( nByte==4 && (c < 0x10000 || c > 0x10FFFF) ) return -1;
  return (int32_t)c;
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
  p->i = (size_t)iTarget;
  p->nDepth++;
  switch( eAt ){
    case V0_AT_PATH:  v0_path(p, bInValue); break;
    case V0_AT_TYPE:  v0_type(p); break;
    case V0_AT_CONST: v0_const(p, bInValue); break;
    default:          bOpen = v0_dyn_path(p); break;
  }
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
  v.bAlt = bAlt;
  v0_path(&v, 1);
}
