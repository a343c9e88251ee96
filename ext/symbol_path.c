/*
** symbol_path.c: owns reading a crate (Rust) or outermost namespace (C++)
** out of DEMANGLED symbol text, for crate_of() and crates_of(), and
** stripping its generic arguments, for strip_generics() (at the end).
**
** Usage: see symbol_path.h.  Everything here works on the text as rustfilt
** (with or without -h) and c++filt print it; mangled input must be
** demangled first.  Nothing is allocated except the JSON text of
** symbol_crates_json().
**
** How it works: one lexer (sym_next) turns the text into tokens:
** identifiers, "::", brackets, spaces, commas, "->" and single other
** characters.  Rust lifetimes, char literals ('<' included) and strings
** are single tokens; so are a Rust crate hash ("hyper[4a792b22be0cffb1]"
** is the identifier "hyper"), C++ operator names ("operator<<",
** "operator new[]") and "(anonymous namespace)".  Every pass reads the
** tokens once, left to right; a bracket group that is not needed is
** skipped with a counter, so unbalanced or deeply nested input costs
** linear time and no stack.  Only the Rust self-type reader recurses, at
** most SYMBOL_PATH_MAX_DEPTH deep.
**
** Rust or C++: the text is C++ when it starts with one of c++filt's
** special-name phrases ("vtable for ", "non-virtual thunk to ", ...) or
** when, without trailing " const", " volatile", " &", " &&", " noexcept"
** and " [clone .xxx]" parts, it ends with ')' (a parameter list).  Rust
** symbols never end with ')'.  Anything else is read as Rust.
**
** A "crate" occurrence is an identifier that starts a path (it does not
** follow "::") and is followed directly by "::" (after its [hash] in
** rustfilt -h output).  So "a::b::c" names a, "u32" and "main" name
** nothing, and in C++ "std::vector<int>::push_back" names std but a class
** template at global scope ("Foo<int>::bar()") names nothing.
**
** Rules of symbol_crate(), SYMBOL_CRATE_OUTER:
**   Rust  "a::b::c", "a::b::<T>::c", "a[hash]::b" give a.  A single
**         identifier ("main", "__rust_try") and text that is not a path
**         ("[module]", "Expand large div/rem", "/usr/include/stdio.h",
**         "llvm.lifetime.start.p0") give NULL: the text must start with
**         a crate occurrence or with '<'.
**         "<T as Trait>::m" and "<T>::m" give the crate of the self type
**         T, looking through &, &mut, &'a, *const, *mut, [T], [T; N],
**         tuples (the first element that has a crate), "dyn A + B" (the
**         crate of A) and nested qualified paths.  When T has none
**         (primitives, fn pointers, "_", "()"), the trait's crate;
**         without a trait ("<str>::len") NULL.  (crate_of() in SQL then
**         asks the mangling, when it was given a v0 symbol: its inherent
**         impl path names the impl's crate, core for <[u8]>::ends_with;
**         see rust_symbol_impl_crate() in demangle_rust.h.)
**   C++   the first component of the function's qualified name: the last
**         qualified name that starts at the top level, so a return type
**         ("decltype (...) fmt::v9::f()", "char const* ns::f()") is
**         skipped; c++filt's special-name phrases are skipped too.  The
**         component may be a namespace or a class ("Foo::bar()" gives
**         Foo): the text cannot tell them apart.  A name at global scope
**         ("main", "foo(int)", "operator new(unsigned long)") and a local
**         entity of a global function ("f()::x") give NULL.
**         "(anonymous namespace)::f()" gives "(anonymous namespace)".
** SYMBOL_CRATE_NONSTD: the first crate occurrence, left to right over the
**   whole text, that is not a standard one (Rust: std, core, alloc,
**   proc_macro, test; C++: std, __gnu_cxx, __cxxabiv1); else the OUTER
**   answer.  symbol_crates_json(): every crate occurrence, distinct, in
**   order of first appearance; symbol_crates_json_first() puts a crate
**   found elsewhere (crates_of(): the impl crate of a v0 mangling) first.
*/
#include "symbol_path.h"
#include "string_table.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Token types of sym_next(). */
enum {
  TK_END = 0,   /* end of the text */
  TK_IDENT,     /* identifier, operator name or "(anonymous namespace)" */
  TK_SEP,       /* "::" */
  TK_OPEN,      /* < ( [ { */
  TK_CLOSE,     /* > ) ] } */
  TK_SPACE,     /* a run of white space */
  TK_COMMA,     /* , */
  TK_ARROW,     /* -> (so that its '>' closes nothing) */
  TK_OTHER      /* anything else: one character, lifetime, literal */
};

typedef struct SymLexer SymLexer;
struct SymLexer {
  const char *z;        /* the text */
  size_t n;             /* its length in bytes */
  size_t i;             /* offset of the next byte to read */
  int bCxx;             /* C++ rules (operator names) instead of Rust's */
  int bOperators;       /* operator names in Rust text too: clang prints
                        ** C++ names without a parameter list */
};

typedef struct SymToken SymToken;
struct SymToken {
  int eType;            /* TK_* */
  char c;               /* first byte (the bracket for TK_OPEN/TK_CLOSE) */
  size_t iStart;        /* offset of the first byte */
  size_t nLen;          /* TK_IDENT: length of the name (no [hash]) */
};

/* A crate name found in the text: z+iStart, nLen bytes; nLen 0 = none. */
typedef struct SymSpan SymSpan;
struct SymSpan {
  size_t iStart;
  size_t nLen;
};

static int sym_is_ident_byte(unsigned char c){
  return (c>='a' && c<='z') || (c>='A' && c<='Z') || (c>='0' && c<='9')
      || c=='_' || c=='$' || c>=0x80;
}

static int sym_is_space(char c){
  return c==' ' || c=='\t' || c=='\n' || c=='\r';
}

static int sym_is_hex(char c){
  return (c>='0' && c<='9') || (c>='a' && c<='f') || (c>='A' && c<='F');
}

/* Does z[i..n) start with the NUL-terminated zLit? */
static int sym_has_at(const char *z, size_t n, size_t i, const char *zLit){
  size_t m = strlen(zLit);
  return i<=n && n-i>=m && memcmp(z+i, zLit, m)==0;
}

/* Length of the rustfilt -h crate hash "[0-9a-f]+]" at z[i] ('[' there),
** or 0 when there is none. */
static size_t sym_hash_len(const char *z, size_t n, size_t i){
  size_t j = i+1;
  if( i>=n || z[i]!='[' ) return 0;
  while( j<n && sym_is_hex(z[j]) ) j++;
  if( j==i+1 || j>=n || z[j]!=']' ) return 0;
  return j+1-i;
}

/* After "operator" at p->i: take the operator's symbol into the name.
** '<' joins only as the first or second of "<<" so that "operator><T>"
** and "operator<<<T>" still open their template arguments.  A name
** cannot follow an operator's symbol, so "operator<<int>" (clang prints
** operator< with its template arguments so) is "operator<" and "<int>". */
static void sym_operator_tail(SymLexer *p){
  const char *z = p->z;
  size_t i = p->i, n = p->n, nRun = 0;
  if( sym_has_at(z, n, i, " new") || sym_has_at(z, n, i, " delete") ){
    i += z[i+1]=='n' ? 4 : 7;
    if( !(i<n && sym_is_ident_byte((unsigned char)z[i])) ){
      if( sym_has_at(z, n, i, "[]") ) i += 2;
      p->i = i;
    }
    return;
  }
  if( sym_has_at(z, n, i, "()") || sym_has_at(z, n, i, "[]") ){
    p->i = i+2;
    return;
  }
  while( i<n && z[i] && strchr("+-*/%^&|~!=<>,\"", z[i]) ){
    if( z[i]=='<' && !(nRun==0 || (nRun==1 && z[i-1]=='<')) ) break;
    i++;
    nRun++;
  }
  if( nRun==2 && z[i-1]=='<' && z[i-2]=='<' && i<n
   && sym_is_ident_byte((unsigned char)z[i]) ){
    i--;
  }
  p->i = i;
}

/* A Rust lifetime ('a, 'static) or char literal ('x', '\u{df}', '<').
** p->i is at the quote; leaves p->i after the token. */
static void sym_quote(SymLexer *p){
  const char *z = p->z;
  size_t i = p->i+1, n = p->n;
  if( i<n && z[i]=='\\' ){
    i++;
    if( i<n ) i++;                              /* the escaped character */
    while( i<n && z[i]!='\'' ) i++;
    p->i = i<n ? i+1 : n;
    return;
  }
  if( i<n ){
    size_t j = i+1;
    while( j<n && j<i+4 && ((unsigned char)z[j] & 0xC0)==0x80 ) j++;
    if( j<n && z[j]=='\'' ){ p->i = j+1; return; }
  }
  while( i<n && sym_is_ident_byte((unsigned char)z[i]) ) i++;
  p->i = i;
}

/* Read the token at p->i into *pTok and move past it. */
static void sym_next(SymLexer *p, SymToken *pTok){
  const char *z = p->z;
  size_t i = p->i, n = p->n;
  char c;
  memset(pTok, 0, sizeof(*pTok));
  pTok->iStart = i;
  if( i>=n ){ pTok->eType = TK_END; return; }
  c = z[i];
  pTok->c = c;
  if( sym_is_space(c) ){
    while( i<n && sym_is_space(z[i]) ) i++;
    pTok->eType = TK_SPACE;
  }else if( c==':' && i+1<n && z[i+1]==':' ){
    i += 2;
    pTok->eType = TK_SEP;
  }else if( sym_is_ident_byte((unsigned char)c) ){
    while( i<n && sym_is_ident_byte((unsigned char)z[i]) ) i++;
    pTok->eType = TK_IDENT;
    pTok->nLen = i - pTok->iStart;
    if( (p->bCxx || p->bOperators) && pTok->nLen==8
     && memcmp(z+pTok->iStart, "operator", 8)==0 ){
      p->i = i;
      sym_operator_tail(p);
      i = p->i;
      pTok->nLen = i - pTok->iStart;
    }else if( !p->bCxx ){
      i += sym_hash_len(z, n, i);
    }
  }else if( p->bCxx && sym_has_at(z, n, i, "(anonymous namespace)") ){
    i += 21;
    pTok->eType = TK_IDENT;
    pTok->nLen = 21;
  }else if( c=='<' || c=='(' || c=='[' || c=='{' ){
    i++;
    pTok->eType = TK_OPEN;
  }else if( c=='>' || c==')' || c==']' || c=='}' ){
    i++;
    pTok->eType = TK_CLOSE;
  }else if( c=='-' && i+1<n && z[i+1]=='>' ){
    i += 2;
    pTok->eType = TK_ARROW;
  }else if( c==',' ){
    i++;
    pTok->eType = TK_COMMA;
  }else if( c=='\'' && !p->bCxx ){
    p->i = i;
    sym_quote(p);
    i = p->i;
    pTok->eType = TK_OTHER;
  }else if( c=='"' && !p->bCxx ){
    /* a str const: rustfilt escapes '"' and '\\' in it */
    i++;
    while( i<n && z[i]!='"' ) i += (z[i]=='\\' && i+1<n) ? 2 : 1;
    if( i<n ) i++;
    pTok->eType = TK_OTHER;
  }else{
    i++;
    pTok->eType = TK_OTHER;
  }
  p->i = i;
}

/* The token at p->i, without moving. */
static void sym_peek(const SymLexer *p, SymToken *pTok){
  SymLexer copy = *p;
  sym_next(&copy, pTok);
}

/* Is the token the identifier zWord? */
static int sym_tok_is(const SymLexer *p, const SymToken *pTok, const char *zWord){
  size_t m = strlen(zWord);
  return pTok->eType==TK_IDENT && pTok->nLen==m
      && memcmp(p->z + pTok->iStart, zWord, m)==0;
}

static void sym_skip_space(SymLexer *p){
  SymToken t;
  sym_peek(p, &t);
  if( t.eType==TK_SPACE ) sym_next(p, &t);
}

/*
** c++filt special names: a phrase, then the C++ name it is about.
** "reference temporary #N for " is matched by its first part.
*/
static const char *const azCxxPhrase[] = {
  "vtable for ", "VTT for ", "construction vtable for ", "typeinfo for ",
  "typeinfo name for ", "typeinfo fn for ", "guard variable for ",
  "reference temporary #", "non-virtual thunk to ", "virtual thunk to ",
  "covariant return thunk to ", "TLS init function for ",
  "TLS wrapper function for ", "transaction clone for ",
  "non-transaction clone for ", "global constructors keyed to ",
  "global destructors keyed to ", "hidden alias for ", "java Class for ",
  "template parameter object for ",
};

/* Length of the special-name phrase at the start of z[i..n), 0 if none. */
static size_t sym_cxx_phrase(const char *z, size_t n, size_t i){
  size_t k;
  for(k=0; k<sizeof(azCxxPhrase)/sizeof(azCxxPhrase[0]); k++){
    size_t m = strlen(azCxxPhrase[k]);
    if( !sym_has_at(z, n, i, azCxxPhrase[k]) ) continue;
    if( azCxxPhrase[k][m-1]=='#' ){
      size_t j = i+m;
      while( j<n && z[j]>='0' && z[j]<='9' ) j++;
      if( !sym_has_at(z, n, j, " for ") ) return 0;
      return j+5-i;
    }
    return m;
  }
  return 0;
}

/* Offset where the C++ name starts, after any number of phrases. */
static size_t sym_cxx_start(const char *z, size_t n){
  size_t i = 0, m;
  while( (m = sym_cxx_phrase(z, n, i))>0 ) i += m;
  return i;
}

/* Strip one trailing " const", " &&" ... word ending at z[j]; returns the
** new end or j when there is none. */
static size_t sym_strip_qualifier(const char *z, size_t j){
  static const char *const azWord[] = {
    "const", "volatile", "restrict", "&&", "&", "noexcept", "transaction_safe"
  };
  size_t k;
  for(k=0; k<sizeof(azWord)/sizeof(azWord[0]); k++){
    size_t m = strlen(azWord[k]);
    if( j>m && memcmp(z+j-m, azWord[k], m)==0
     && (z[j-m-1]==' ' || (azWord[k][0]=='&' && z[j-m-1]==')')) ){
      return z[j-m-1]==' ' ? j-m-1 : j-m;
    }
  }
  return j;
}

/* Is z[0..n) C++ text (see the header comment)? */
static int sym_is_cxx(const char *z, size_t n){
  size_t j = n;
  if( sym_cxx_phrase(z, n, 0)>0 ) return 1;
  for(;;){
    size_t j2;
    while( j>0 && sym_is_space(z[j-1]) ) j--;
    j2 = sym_strip_qualifier(z, j);
    if( j2!=j ){ j = j2; continue; }
    if( j>0 && z[j-1]==']' ){
      size_t k = j-1;
      while( k>0 && z[k]!='[' ) k--;
      if( z[k]=='[' && sym_has_at(z, j, k, "[clone ") ){ j = k; continue; }
    }
    break;
  }
  return j>0 && z[j-1]==')';
}

static void sym_lexer_init(SymLexer *p, const char *z, size_t n, int bCxx){
  p->z = z;
  p->n = n;
  p->i = bCxx ? sym_cxx_start(z, n) : 0;
  p->bCxx = bCxx;
  p->bOperators = 0;
}

/* Consume a bracket group whose TK_OPEN is the next token (or nothing
** when it is not): counts brackets of every kind, so mismatched or
** unbalanced input ends the group at the end of the text. */
static void sym_skip_group(SymLexer *p){
  SymToken t;
  size_t nDepth = 0;
  sym_peek(p, &t);
  if( t.eType!=TK_OPEN ) return;
  do{
    sym_next(p, &t);
    if( t.eType==TK_OPEN ) nDepth++;
    else if( t.eType==TK_CLOSE ) nDepth--;
  }while( nDepth>0 && t.eType!=TK_END );
}

/* Is the lexer at " as " (the trait part of a qualified path)? */
static int sym_at_as(const SymLexer *p){
  SymLexer copy = *p;
  SymToken t;
  sym_next(&copy, &t);
  if( t.eType!=TK_SPACE ) return 0;
  sym_next(&copy, &t);
  if( !sym_tok_is(&copy, &t, "as") ) return 0;
  sym_next(&copy, &t);
  return t.eType==TK_SPACE;
}

/* Consume the rest of a Rust type: up to, not including, the first
** ',', ';', closing bracket or " as " outside bracket groups. */
static void sym_skip_to_stop(SymLexer *p){
  SymToken t;
  for(;;){
    if( sym_at_as(p) ) return;
    sym_peek(p, &t);
    if( t.eType==TK_END || t.eType==TK_COMMA || t.eType==TK_CLOSE ) return;
    if( t.eType==TK_OTHER && t.c==';' ) return;
    if( t.eType==TK_OPEN ) sym_skip_group(p);
    else sym_next(p, &t);
  }
}

/* Consume up to and including the next closing bracket at this level. */
static void sym_skip_past_close(SymLexer *p){
  SymToken t;
  for(;;){
    sym_peek(p, &t);
    if( t.eType==TK_END ) return;
    if( t.eType==TK_OPEN ){ sym_skip_group(p); continue; }
    sym_next(p, &t);
    if( t.eType==TK_CLOSE ) return;
  }
}

static void rs_type(SymLexer *p, int nDepth, SymSpan *pCrate);

/* "<T as Trait>" or "<T>" at the lexer: consume it and set *pCrate to the
** self type's crate, else the trait's (nLen 0 when neither has one). */
static void rs_qualified(SymLexer *p, int nDepth, SymSpan *pCrate){
  SymToken t;
  SymSpan trait = {0, 0};
  pCrate->nLen = 0;
  sym_next(p, &t);                                  /* the '<' */
  rs_type(p, nDepth+1, pCrate);
  sym_skip_to_stop(p);
  if( sym_at_as(p) ){
    sym_next(p, &t); sym_next(p, &t); sym_next(p, &t);
    rs_type(p, nDepth+1, &trait);
    sym_skip_to_stop(p);
  }
  sym_skip_past_close(p);
  if( pCrate->nLen==0 ) *pCrate = trait;
}

/* A path at the lexer: its crate when its first identifier is followed
** by "::". Consumes only that identifier. */
static void rs_path(SymLexer *p, SymSpan *pCrate){
  SymToken t, u;
  sym_next(p, &t);
  sym_peek(p, &u);
  if( u.eType==TK_SEP ){
    pCrate->iStart = t.iStart;
    pCrate->nLen = t.nLen;
  }
}

/* After '&' or '*': skip a lifetime and "mut"/"const", then the type. */
static void rs_pointee(SymLexer *p, int nDepth, SymSpan *pCrate){
  SymToken t;
  sym_skip_space(p);
  sym_peek(p, &t);
  if( t.eType==TK_OTHER && t.c=='\'' ){ sym_next(p, &t); sym_skip_space(p); }
  sym_peek(p, &t);
  if( sym_tok_is(p, &t, "mut") || sym_tok_is(p, &t, "const") ){
    sym_next(p, &t);
    sym_skip_space(p);
  }
  rs_type(p, nDepth+1, pCrate);
}

/* "(A, B, ...)": the first element that has a crate. */
static void rs_tuple(SymLexer *p, int nDepth, SymSpan *pCrate){
  SymToken t;
  sym_next(p, &t);                                  /* the '(' */
  for(;;){
    SymSpan elem = {0, 0};
    sym_skip_space(p);
    sym_peek(p, &t);
    if( t.eType==TK_END || t.eType==TK_CLOSE ) break;
    rs_type(p, nDepth+1, &elem);
    if( pCrate->nLen==0 ) *pCrate = elem;
    sym_skip_to_stop(p);
    sym_peek(p, &t);
    if( t.eType!=TK_COMMA ) break;
    sym_next(p, &t);
  }
  sym_skip_past_close(p);
}

/*
** Read the start of a Rust type at the lexer and set *pCrate to its crate
** (nLen 0 if it has none).  Consumes what it needed to look at; callers
** consume the rest with sym_skip_to_stop().  Recursion stops at
** SYMBOL_PATH_MAX_DEPTH (no crate).
*/
static void rs_type(SymLexer *p, int nDepth, SymSpan *pCrate){
  SymToken t;
  pCrate->nLen = 0;
  if( nDepth>SYMBOL_PATH_MAX_DEPTH ) return;
  sym_skip_space(p);
  sym_peek(p, &t);
  if( t.eType==TK_OPEN && t.c=='<' ){
    rs_qualified(p, nDepth, pCrate);
  }else if( t.eType==TK_OPEN && t.c=='(' ){
    rs_tuple(p, nDepth, pCrate);
  }else if( t.eType==TK_OPEN && t.c=='[' ){
    sym_next(p, &t);
    rs_type(p, nDepth+1, pCrate);
    sym_skip_past_close(p);
  }else if( t.eType==TK_OTHER && (t.c=='&' || t.c=='*') ){
    sym_next(p, &t);
    rs_pointee(p, nDepth, pCrate);
  }else if( sym_tok_is(p, &t, "dyn") ){
    sym_next(p, &t);
    sym_skip_space(p);
    sym_peek(p, &t);
    if( sym_tok_is(p, &t, "for") ){                  /* dyn for<'a> Fn */
      sym_next(p, &t);
      sym_skip_group(p);
    }
    rs_type(p, nDepth+1, pCrate);
  }else if( t.eType==TK_IDENT ){
    rs_path(p, pCrate);                 /* fn, unsafe, u32: no "::" */
  }
}

/* SYMBOL_CRATE_OUTER for Rust text. */
static void rs_outer(const char *z, size_t n, SymSpan *pCrate){
  SymLexer lex;
  SymToken t;
  sym_lexer_init(&lex, z, n, 0);
  pCrate->nLen = 0;
  sym_peek(&lex, &t);
  if( t.eType==TK_OPEN && t.c=='<' ){
    rs_qualified(&lex, 0, pCrate);
  }else if( t.eType==TK_IDENT ){
    rs_path(&lex, pCrate);
  }
}

/* After this token, is the next identifier inside the same qualified
** name?  Yes after "::", and after the '~' of "::~T" (a destructor). */
static int sym_continues_name(const SymToken *pTok, int bAfterSep){
  return pTok->eType==TK_SEP || (bAfterSep && pTok->eType==TK_OTHER && pTok->c=='~');
}

/* Keywords that follow a C++ type or function and start no name. */
static int cxx_is_qualifier_word(const SymLexer *p, const SymToken *pTok){
  return sym_tok_is(p, pTok, "const") || sym_tok_is(p, pTok, "volatile")
      || sym_tok_is(p, pTok, "restrict") || sym_tok_is(p, pTok, "noexcept")
      || sym_tok_is(p, pTok, "transaction_safe");
}

/* SYMBOL_CRATE_OUTER for C++ text: the first component of the last
** qualified name that starts at the top level. */
static void cxx_outer(const char *z, size_t n, SymSpan *pCrate){
  SymLexer lex;
  SymToken t, u;
  size_t nDepth = 0;
  int bAfterSep = 0, bConversion = 0;
  sym_lexer_init(&lex, z, n, 1);
  pCrate->nLen = 0;
  for(;;){
    sym_next(&lex, &t);
    if( t.eType==TK_END ) break;
    if( nDepth==0 && t.eType==TK_IDENT && !bAfterSep && !bConversion
     && !cxx_is_qualifier_word(&lex, &t) ){
      sym_peek(&lex, &u);
      pCrate->iStart = t.iStart;
      pCrate->nLen = u.eType==TK_SEP ? t.nLen : 0;
    }
    if( nDepth==0 && sym_tok_is(&lex, &t, "operator") ) bConversion = 1;
    if( t.eType==TK_OPEN ){
      if( nDepth==0 && t.c=='(' ) bConversion = 0;
      nDepth++;
    }else if( t.eType==TK_CLOSE && nDepth>0 ){
      nDepth--;
    }
    bAfterSep = sym_continues_name(&t, bAfterSep);
  }
}

/*
** Call xCrate(pArg, iStart, nLen) for every crate occurrence of z[0..n)
** (see the header comment), left to right, until it returns non-zero.
*/
static void sym_each_crate(const char *z, size_t n, int bCxx,
                           int (*xCrate)(void*, size_t, size_t), void *pArg){
  SymLexer lex;
  SymToken t, u;
  int bAfterSep = 0;
  sym_lexer_init(&lex, z, n, bCxx);
  for(;;){
    sym_next(&lex, &t);
    if( t.eType==TK_END ) return;
    if( t.eType==TK_IDENT && !bAfterSep ){
      sym_peek(&lex, &u);
      if( u.eType==TK_SEP && xCrate(pArg, t.iStart, t.nLen) ) return;
    }
    bAfterSep = sym_continues_name(&t, bAfterSep);
  }
}

/* The standard crates (Rust) or namespaces (C++) that NONSTD skips. */
static int sym_is_std(const char *z, size_t nLen, int bCxx){
  static const char *const azRust[] = { "std", "core", "alloc", "proc_macro", "test" };
  static const char *const azCxx[] = { "std", "__gnu_cxx", "__cxxabiv1" };
  const char *const *az = bCxx ? azCxx : azRust;
  size_t k, nName = bCxx ? sizeof(azCxx)/sizeof(azCxx[0]) : sizeof(azRust)/sizeof(azRust[0]);
  for(k=0; k<nName; k++){
    if( strlen(az[k])==nLen && memcmp(az[k], z, nLen)==0 ) return 1;
  }
  return 0;
}

/* sym_each_crate() callback state for NONSTD. */
typedef struct SymFindNonstd SymFindNonstd;
struct SymFindNonstd {
  const char *z;        /* the text */
  int bCxx;             /* which standard list */
  SymSpan found;        /* the answer, nLen 0 while none */
};

static int sym_find_nonstd(void *pArg, size_t iStart, size_t nLen){
  SymFindNonstd *p = (SymFindNonstd*)pArg;
  if( sym_is_std(p->z + iStart, nLen, p->bCxx) ) return 0;
  p->found.iStart = iStart;
  p->found.nLen = nLen;
  return 1;
}

/* See symbol_path.h.  *pzCrate points into z; nothing is allocated. */
int symbol_crate(const char *z, size_t n, int eMode, const char **pzCrate, size_t *pnCrate){
  SymSpan crate = {0, 0};
  int bCxx;
  *pzCrate = 0;
  *pnCrate = 0;
  if( eMode!=SYMBOL_CRATE_OUTER && eMode!=SYMBOL_CRATE_NONSTD ) return 1;
  if( z==0 || n==0 ) return 0;
  bCxx = sym_is_cxx(z, n);
  if( eMode==SYMBOL_CRATE_NONSTD ){
    SymFindNonstd find;
    memset(&find, 0, sizeof(find));
    find.z = z;
    find.bCxx = bCxx;
    sym_each_crate(z, n, bCxx, sym_find_nonstd, &find);
    crate = find.found;
  }
  if( crate.nLen==0 ){
    if( bCxx ) cxx_outer(z, n, &crate);
    else rs_outer(z, n, &crate);
  }
  if( crate.nLen>0 ){
    *pzCrate = z + crate.iStart;
    *pnCrate = crate.nLen;
  }
  return 0;
}

/* State of symbol_crates_json(): a JSON buffer and a hash set of the
** crates already written. */
typedef struct SymJson SymJson;
struct SymJson {
  const char *z;        /* the text the crates point into */
  char *zOut;           /* the JSON text being written */
  size_t nOut;          /* bytes written to zOut */
  SymSpan *aSet;        /* open-addressing hash set, nSet slots */
  size_t nSet;          /* a power of two, more than twice the crates */
  size_t nCrate;        /* crate occurrences (first pass) */
  size_t nBytes;        /* their total length (first pass) */
  const char *zFirst;   /* the crate written first, not in z; or NULL */
  size_t nFirst;        /* its length */
};

static int sym_count_crate(void *pArg, size_t iStart, size_t nLen){
  SymJson *p = (SymJson*)pArg;
  (void)iStart;
  p->nCrate++;
  p->nBytes += nLen;
  return 0;
}

/* Add the crate to the set; returns 1 when it was new. */
static int sym_set_add(SymJson *p, size_t iStart, size_t nLen){
  size_t mask = p->nSet-1, k = (size_t)string_hash(p->z+iStart, nLen) & mask;
  while( p->aSet[k].nLen ){
    SymSpan *s = &p->aSet[k];
    if( s->nLen==nLen && memcmp(p->z+s->iStart, p->z+iStart, nLen)==0 ) return 0;
    k = (k+1) & mask;
  }
  p->aSet[k].iStart = iStart;
  p->aSet[k].nLen = nLen;
  return 1;
}

/* Append z[0..n) as a JSON string; invalid UTF-8 becomes U+FFFD.  The
** buffer was sized for 6 output bytes per input byte. */
static void sym_json_string(SymJson *p, const char *z, size_t n){
  static const char zHex[] = "0123456789abcdef";
  size_t i = 0;
  char *o = p->zOut + p->nOut;
  *o++ = '"';
  while( i<n ){
    unsigned char c = (unsigned char)z[i];
    size_t m = utf8_char_len((const unsigned char*)z+i, n-i);
    if( c=='"' || c=='\\' ){
      *o++ = '\\'; *o++ = (char)c; i++;
    }else if( c<0x20 ){
      memcpy(o, "\\u00", 4); o += 4;
      *o++ = zHex[c>>4]; *o++ = zHex[c&15]; i++;
    }else if( m==0 ){
      memcpy(o, "\\ufffd", 6); o += 6; i++;
    }else{
      memcpy(o, z+i, m); o += m; i += m;
    }
  }
  *o++ = '"';
  p->nOut = (size_t)(o - p->zOut);
}

static int sym_write_crate(void *pArg, size_t iStart, size_t nLen){
  SymJson *p = (SymJson*)pArg;
  if( p->zFirst && p->nFirst==nLen && memcmp(p->zFirst, p->z+iStart, nLen)==0 ) return 0;
  if( !sym_set_add(p, iStart, nLen) ) return 0;
  if( p->nOut>1 ) p->zOut[p->nOut++] = ',';
  sym_json_string(p, p->z+iStart, nLen);
  return 0;
}

/* See symbol_path.h.  Two passes: count, then write with a hash set
** sized from the count, so the cost stays linear. */
char *symbol_crates_json_first(const char *z, size_t n, const char *zFirst,
                               size_t nFirst, size_t *pnOut){
  SymJson js;
  int bCxx = (z && n) ? sym_is_cxx(z, n) : 0;
  size_t nAlloc;
  memset(&js, 0, sizeof(js));
  js.z = z;
  if( zFirst && nFirst ){
    js.zFirst = zFirst;
    js.nFirst = nFirst;
  }
  if( z && n ) sym_each_crate(z, n, bCxx, sym_count_crate, &js);
  /* '[' ']' NUL, plus per crate two quotes, a comma and 6 bytes a byte;
  ** both counts are at most n; the first crate the same at most. */
  if( n > SIZE_MAX/16 || js.nFirst > SIZE_MAX/16 ) return 0;
  nAlloc = 3 + js.nCrate*3 + js.nBytes*6 + (js.zFirst ? 3 + js.nFirst*6 : 0);
  js.zOut = malloc(nAlloc);
  if( js.zOut==0 ) return 0;
  js.nSet = 16;
  while( js.nSet < js.nCrate*2 + 1 ) js.nSet *= 2;
  js.aSet = calloc(js.nSet, sizeof(SymSpan));
  if( js.aSet==0 ){ free(js.zOut); return 0; }
  js.zOut[js.nOut++] = '[';
  if( js.zFirst ) sym_json_string(&js, js.zFirst, js.nFirst);
  if( js.nCrate ) sym_each_crate(z, n, bCxx, sym_write_crate, &js);
  js.zOut[js.nOut++] = ']';
  js.zOut[js.nOut] = 0;
  free(js.aSet);
  if( pnOut ) *pnOut = js.nOut;
  return js.zOut;
}

char *symbol_crates_json(const char *z, size_t n, size_t *pnOut){
  return symbol_crates_json_first(z, n, 0, 0, pnOut);
}

/* ------------------------------------------------------------------------
** Generic arguments
**
** symbol_strip_generics: the demangled text with every generic argument
** list removed, so that the instances of one generic function share one
** name: `serde_json::value::to_value::<a::Post>` and `...::<a::Index>`
** both give `serde_json::value::to_value`, `<alloc::vec::Vec<u8>>::len`
** gives `<alloc::vec::Vec>::len`.  A `<` is a generic argument list when
** it follows a name (an identifier, `>` or `]`, or `::`, which goes with
** it), or an operator name and a space (c++filt's `operator< <int>`, the
** space goes too); any other `<` opens a qualified path and is kept.
** The text is read with the lexer above, in Rust or C++ mode as
** symbol_crate() reads it, with C++ operator names in both (clang
** prints `operator<<<T>` without parameters): so the `<` of an operator
** name (`operator<`, `operator<=>`, `operator<<`) opens nothing, the `>`
** of `operator>>`, `operator->` or a fn type's `->` closes nothing, and
** neither does a bracket in a Rust char or str const (`<'>'>`, `<"a<">`).
*/

/* Does the token at lexer p (already read into *pTok) start a generic
** argument list?  Consumes the tokens up to and including its '<'.
** bName: the last token written ends a name; bOperator: an operator name. */
static int sym_opens_generic(SymLexer *p, const SymToken *pTok, int bName, int bOperator){
  SymToken u;
  if( pTok->eType==TK_OPEN && pTok->c=='<' ) return bName;
  if( pTok->eType==TK_SEP || (pTok->eType==TK_SPACE && bOperator) ){
    sym_peek(p, &u);
    if( u.eType==TK_OPEN && u.c=='<' ){
      sym_next(p, &u);
      return 1;
    }
  }
  return 0;
}

/* Consume the rest of a generic argument list whose '<' was read.  Only
** '<' and '>' count: unbalanced input ends it at the end of the text. */
static void sym_skip_generic(SymLexer *p){
  SymToken t;
  size_t nDepth = 1;
  do{
    sym_next(p, &t);
    if( t.eType==TK_OPEN && t.c=='<' ) nDepth++;
    else if( t.eType==TK_CLOSE && t.c=='>' ) nDepth--;
  }while( nDepth>0 && t.eType!=TK_END );
}

size_t symbol_strip_generics(const char *z, size_t n, char *zOut){
  SymLexer lex;
  SymToken t;
  size_t nOut = 0;
  int bName = 0, bOperator = 0;
  if( z==0 || n==0 ) return 0;
  sym_lexer_init(&lex, z, n, sym_is_cxx(z, n));
  lex.i = 0;                    /* c++filt's phrases are kept, not skipped */
  lex.bOperators = 1;
  for(;;){
    sym_next(&lex, &t);
    if( t.eType==TK_END ) break;
    if( sym_opens_generic(&lex, &t, bName, bOperator) ){
      sym_skip_generic(&lex);
      continue;                 /* what precedes the list still ends a name */
    }
    memcpy(zOut + nOut, z + t.iStart, lex.i - t.iStart);
    nOut += lex.i - t.iStart;
    bName = t.eType==TK_IDENT || (t.eType==TK_CLOSE && (t.c=='>' || t.c==']'));
    bOperator = t.eType==TK_IDENT && sym_has_at(z, t.iStart + t.nLen, t.iStart, "operator")
             && t.nLen>8 && !sym_is_ident_byte((unsigned char)z[t.iStart+8]);
  }
  return nOut;
}
