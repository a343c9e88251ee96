/*
** demangle_rust.c: the public side of the Rust demangler (see
** demangle_rust.h for the API and the split into files).
**
** Owns: the text scan that finds symbols the way rustfilt's pattern
** `_(ZN|R)[$._[:alnum:]]*` does, handing each symbol to the legacy or the
** v0 demangler (demangle_rust_legacy.h, demangle_rust_v0.h) with a sink
** (demangle_rust_sink.h) over the output, and the rules rustfilt gets from
** rustc-demangle's lib.rs:
**   1. a `.llvm.` suffix whose tail is only [A-F0-9@] is cut off first, and
**      stays cut off even when the rest cannot be demangled;
**   2. legacy is tried before v0;
**   3. what follows the symbol is kept only when it starts with `.` and is
**      all ASCII letters, digits and punctuation (`.exit.i`, `.cold.1`);
**      otherwise the symbol is not demangled at all;
**   4. a demangling stops at RUST_DEMANGLE_MAX_SYMBOL_OUT bytes, at the
**      first piece that does not fit, and "{size limit reached}" follows
**      (so it does when a v0 symbol runs out of work, demangle_rust_v0.h).
**
** Usage: see demangle_rust.h.  Example, in C:
**
**     rust_demangle_symbol("_RNvC3foo3bar", 13, 1, &z, &n);  -> "foo[0]::bar"
*/
#include "demangle_rust.h"
#include "demangle_rust_legacy.h"
#include "demangle_rust_sink.h"
#include "demangle_rust_v0.h"
#include "symbol_bytes.h"

#include <stdlib.h>
#include <string.h>

/* What rustfilt prints after a demangling cut by the size limit. */
static const char zSizeLimit[] = "{size limit reached}";

/* Length of z[0..n) once a ThinLTO suffix `.llvm.[A-F0-9@]*` is cut off;
** only the first `.llvm.` counts, as in rustc-demangle. */
static size_t rust_strip_llvm(const char *z, size_t n){
  static const char zTag[] = ".llvm.";
  const size_t nTag = sizeof(zTag) - 1;
  size_t i, j;
  for(i = 0; i + nTag <= n; i++){
    if( z[i]=='.' && memcmp(z + i, zTag, nTag)==0 ) break;
  }
  if( i + nTag > n ) return n;
  for(j = i + nTag; j < n; j++){
    char c = z[j];
    if( !((c>='A' && c<='F') || (c>='0' && c<='9') || c=='@') ) return n;
  }
  return i;
}

/* Is the suffix z[0..n) kept after a demangled symbol?  It must start with
** `.` and hold only ASCII letters, digits and punctuation. */
static int rust_suffix_ok(const char *z, size_t n){
  size_t i;
  if( n==0 || z[0]!='.' ) return 0;
  for(i = 0; i < n; i++){
    unsigned char c = (unsigned char)z[i];
    if( c <= 0x20 || c >= 0x7F ) return 0;
  }
  return 1;
}

/* What rustc_demangle::demangle() decided about one symbol. */
typedef struct RustSym {
  int eKind;          /* RUST_SYMBOL_* */
  size_t n;           /* length once `.llvm.` is cut off */
  RustLegacy legacy;  /* when eKind is RUST_SYMBOL_LEGACY */
  size_t iInner;      /* v0: where the path starts */
  size_t iCrate;      /* v0: where the instantiating crate starts (iSuffix: none) */
  size_t iSuffix;     /* where the kept suffix starts */
} RustSym;

/* Classify z[0..n) the way rustc_demangle::demangle() does.  Nothing is
** allocated; pSym points into z. */
static void rust_classify(const char *z, size_t n, RustSym *pSym){
  memset(pSym, 0, sizeof(*pSym));
  pSym->n = rust_strip_llvm(z, n);
  if( rust_legacy_check(z, pSym->n, &pSym->legacy) ){
    pSym->eKind = RUST_SYMBOL_LEGACY;
    pSym->iSuffix = pSym->legacy.iSuffix;
  }else if( rust_v0_check(z, pSym->n, &pSym->iInner, &pSym->iCrate, &pSym->iSuffix) ){
    pSym->eKind = RUST_SYMBOL_V0;
  }else{
    return;
  }
  if( pSym->iSuffix < pSym->n
   && !rust_suffix_ok(z + pSym->iSuffix, pSym->n - pSym->iSuffix) ){
    pSym->eKind = RUST_SYMBOL_NONE;
  }
}

int rust_symbol_kind(const char *z, size_t n){
  RustSym sym;
  rust_classify(z, n, &sym);
  return sym.eKind;
}

/* Append to pBuf what rustfilt prints for the one symbol z[0..n): its
** demangling plus kept suffix, or z itself (less any `.llvm.` suffix). */
static void rust_demangle_into(TextBuf *pBuf, const char *z, size_t n, int bAlt){
  RustSym sym;
  RustSink sink;
  rust_classify(z, n, &sym);
  if( sym.eKind==RUST_SYMBOL_NONE ){
    text_buf_append(pBuf, z, sym.n);
    return;
  }
  rust_sink_init(&sink, pBuf, RUST_DEMANGLE_MAX_SYMBOL_OUT);
  if( sym.eKind==RUST_SYMBOL_LEGACY ){
    rust_legacy_print(&sym.legacy, bAlt, &sink);
  }else{
    rust_v0_print(z + sym.iInner, sym.n - sym.iInner, bAlt, &sink);
  }
  if( sink.bFull ) text_buf_append(pBuf, zSizeLimit, sizeof(zSizeLimit) - 1);
  text_buf_append(pBuf, z + sym.iSuffix, sym.n - sym.iSuffix);
}

/* Hand the finished buffer to the caller: *pzOut owns it from here on, or
** NULL when the result equals the input.  Returns -1 after out-of-memory. */
static int rust_finish(TextBuf *pBuf, int bChanged, char **pzOut, size_t *pnOut){
  *pzOut = 0;
  if( pnOut ) *pnOut = 0;
  if( pBuf->bOom ){ free(pBuf->z); return -1; }
  if( !bChanged ){ free(pBuf->z); return 0; }
  if( pBuf->z==0 ){
    /* Changed to the empty string (`_ZNE` demangles to nothing). */
    pBuf->z = malloc(1);
    if( pBuf->z==0 ) return -1;
    pBuf->z[0] = 0;
  }
  *pzOut = pBuf->z;
  if( pnOut ) *pnOut = pBuf->n;
  return 0;
}

int rust_demangle_symbol(const char *z, size_t n, int bShowHash, char **pzOut, size_t *pnOut){
  TextBuf buf = TEXT_BUF_INIT;
  int bChanged;
  rust_demangle_into(&buf, z, n, !bShowHash);
  bChanged = !buf.bOom && (buf.n!=n || (n && memcmp(buf.z, z, n)!=0));
  return rust_finish(&buf, bChanged, pzOut, pnOut);
}

/* rust_symbol_instantiating_crate() (RUST_V0_ROOT_CRATE of the path after
** the symbol's own) and rust_symbol_impl_crate() (RUST_V0_IMPL_CRATE of the
** symbol's path). */
static int rust_symbol_crate(const char *z, size_t n, int eWhich, char **pzOut, size_t *pnOut){
  RustSym sym;
  TextBuf buf = TEXT_BUF_INIT;
  RustSink sink;
  size_t iPath = 0;
  int bFound;
  *pzOut = 0;
  *pnOut = 0;
  rust_classify(z, n, &sym);
  if( sym.eKind!=RUST_SYMBOL_V0 ) return 0;
  if( eWhich==RUST_V0_ROOT_CRATE ){
    if( sym.iCrate==sym.iSuffix ) return 0;
    iPath = sym.iCrate - sym.iInner;
  }
  rust_sink_init(&sink, &buf, RUST_DEMANGLE_MAX_SYMBOL_OUT);
  bFound = rust_v0_crate(z + sym.iInner, sym.iSuffix - sym.iInner, iPath, eWhich, &sink);
  return rust_finish(&buf, bFound && !sink.bFull, pzOut, pnOut);
}

int rust_symbol_instantiating_crate(const char *z, size_t n, char **pzOut, size_t *pnOut){
  return rust_symbol_crate(z, n, RUST_V0_ROOT_CRATE, pzOut, pnOut);
}

int rust_symbol_impl_crate(const char *z, size_t n, char **pzOut, size_t *pnOut){
  return rust_symbol_crate(z, n, RUST_V0_IMPL_CRATE, pzOut, pnOut);
}

/* Where the next match of rustfilt's pattern starts at or after i, or n.
** The length of the match goes to *pnMatch. */
static size_t rust_next_match(const char *z, size_t n, size_t i, size_t *pnMatch){
  while( i + 1 < n ){
    const char *p = memchr(z + i, '_', n - i - 1);
    size_t j;
    if( p==0 ) break;
    i = (size_t)(p - z);
    if( z[i+1]=='R' ) j = i + 2;
    else if( z[i+1]=='Z' && i + 2 < n && z[i+2]=='N' ) j = i + 3;
    else { i++; continue; }
    while( j < n && symbol_byte(z[j]) ) j++;
    *pnMatch = j - i;
    return i;
  }
  *pnMatch = 0;
  return n;
}

int rust_demangle_text(const char *z, size_t n, int bShowHash, char **pzOut, size_t *pnOut){
  TextBuf buf = TEXT_BUF_INIT;
  int bChanged = 0;
  size_t iCopied = 0, nMatch, i;
  for(i = rust_next_match(z, n, 0, &nMatch); i < n;
      i = rust_next_match(z, n, i + nMatch, &nMatch)){
    size_t iStart;
    text_buf_append(&buf, z + iCopied, i - iCopied);
    iStart = buf.n;
    if( buf.n > RUST_DEMANGLE_MAX_TEXT_OUT ){
      text_buf_append(&buf, z + i, nMatch);
    }else{
      rust_demangle_into(&buf, z + i, nMatch, !bShowHash);
    }
    if( buf.bOom ) break;
    if( buf.n - iStart!=nMatch || memcmp(buf.z + iStart, z + i, nMatch)!=0 ) bChanged = 1;
    iCopied = i + nMatch;
  }
  if( !bChanged ){
    free(buf.z);
    *pzOut = 0;
    if( pnOut ) *pnOut = 0;
    return buf.bOom ? -1 : 0;
  }
  text_buf_append(&buf, z + iCopied, n - iCopied);
  return rust_finish(&buf, 1, pzOut, pnOut);
}
