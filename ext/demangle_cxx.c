/*
** demangle_cxx.c: owns C++ (Itanium ABI) demangling for timetrace.
**
** cxx_demangle_symbol() turns one mangled symbol into the text GNU c++filt
** 2.40 (binutils, libiberty) prints for it; cxx_demangle_text() does it to
** every symbol in a text, cut into words the way c++filt reads its
** standard input (see the end of this file).  The demangling itself is done by
** libstdc++'s __cxa_demangle, which is libiberty's cp-demangle.c as shipped
** with GCC 12.  Calling it bare does not give c++filt's output; this file
** closes the gaps that show on real symbols (the clang traces, nm of LLVM,
** clang, boost, ICU and libstdc++; see tests/unit/test_demangle_cxx.c):
**
**   - What is a symbol.  __cxa_demangle also demangles bare TYPES ("i" gives
**     "int", "PK11SDR_Decrypt" something odd); c++filt only demangles names
**     starting "_Z" and the "_GLOBAL_[._$][ID]_" constructor/destructor
**     names, so only those are passed on.  "__Z..." (a Mach-O style extra
**     underscore) is left alone, as c++filt does on x86-64 Linux.
**   - A leading '.' or '$' is skipped before demangling, as c++filt does;
**     the '.' is printed back in front of the result, the '$' is not.
**   - Verbose standard substitutions.  c++filt runs with DMGL_VERBOSE, so
**     "Ss", "Si", "So" and "Sd" print as "std::basic_string<char,
**     std::char_traits<char>, std::allocator<char> >" and so on, where
**     __cxa_demangle prints "std::string", "std::istream", "std::ostream",
**     "std::iostream".  The short forms are expanded in the output (only
**     when the matching code occurs in the input: a real class can not have
**     those names in namespace std).
**   - Unresolved names with template arguments used as operands
**     ("sr3stdE7declvalIT_E" in decltype (std::declval<T>())).  libiberty
**     of binutils 2.40 groups them as template(std::declval)<T> and so puts
**     them in parentheses where an operand is not a plain name:
**     "decltype ((std::declval<int>)())"; GCC 12's groups them as
**     std::(declval<T>) and prints no parentheses.  When every qualifier is
**     a plain identifier ("sr" <source-name>+ "E" <source-name>), the
**     qualified name is rewritten into one identifier ("12std::declval"),
**     which GCC 12 groups and prints like 2.40 and which adds the same
**     substitution candidates (none).  The rewrite is kept only if the two
**     results differ in parentheses alone.
**   - GCC 12 loops forever on some invalid unresolved names (see
**     cxx_may_hang()); such input is refused before the call.
**   - Limits: input above CXX_DEMANGLE_MAX_INPUT bytes is not demangled
**     (c++filt does not demangle it either); output above
**     CXX_DEMANGLE_MAX_OUTPUT is dropped.
**   - Work bounded by the input (see cxx_is_bounded()): __cxa_demangle
**     only sees a name whose printed size itanium_size.c bounds by
**     CXX_DEMANGLE_BOUND_PER_BYTE per input byte, or a name with no back
**     reference at all.  A few hundred bytes of hostile input can make
**     libiberty print exponentially long output (nested substitutions
**     that each repeat the previous one twice: 574 bytes took 15 s and
**     635 MB) or re-parse exponentially (cv T_ I...); __cxa_demangle has
**     no limit of its own and c++filt runs as long.  Such names come back
**     not demangled, within microseconds; so do names whose printing would
**     put more than 64 KB on the stack (a 989-byte name needed 1 MB and
**     crashed a thread with a 256 KB stack).  None of 349,000 real symbols
**     is refused (their bound is at most 190 per byte).
**
** Differences left, all checked in tests/unit/test_demangle_cxx.c.  None
** shows on the 665 corpus symbols; on 164,000 real symbols (nm of LLVM,
** clang, boost, ICU, libstdc++ and test programs) 19 are refused by the
** loop guard, which c++filt demangles.  c++filt 2.40 is newer than GCC 12's
** demangler: it reads C++23 extended floats (DF16_ ...; DF16b and DF<N>x,
** which GCC 12 reads as old fixed-point types and prints wrongly, are
** refused: itanium_parse.c), C++20 module
** names (W...) and parenthesizes unresolved names qualified by a type
** ("srN...E", "srT_") as operands; GCC 12 on the other hand accepts some
** invalid names that libiberty 2.40 rejects (an out-of-range substitution
** inside a nested name is dropped), so garbage input may come back
** demangled where c++filt prints it unchanged.  c++filt also demangles
** Rust symbols (it tries Rust first): callers route those to
** demangle_rust.c first.  And on purpose: names refused by the bound
** above, which c++filt demangles if given the time and memory.
*/
#include "demangle_cxx.h"
#include "text_buf.h"
#include "itanium_size.h"
#include "symbol_bytes.h"

#include <stdlib.h>
#include <string.h>

/* libstdc++'s demangler (declared here so no C++ header is needed).
** Returns a malloc()ed string; *status 0 ok, -1 out of memory, -2 not a
** valid name, -3 bad argument. */
char *__cxa_demangle(const char *mangled, char *buf, size_t *len, int *status);

/* A short standard substitution and the text c++filt prints for it. */
typedef struct CxxVerboseSub CxxVerboseSub;
struct CxxVerboseSub {
  char cCode;              /* the letter after 'S' in the mangled name */
  const char *zShort;      /* what __cxa_demangle prints */
  const char *zFull;       /* what c++filt (DMGL_VERBOSE) prints */
};

static const CxxVerboseSub aVerboseSub[] = {
  { 's', "std::string",
    "std::basic_string<char, std::char_traits<char>, std::allocator<char> >" },
  { 'i', "std::istream", "std::basic_istream<char, std::char_traits<char> >" },
  { 'o', "std::ostream", "std::basic_ostream<char, std::char_traits<char> >" },
  { 'd', "std::iostream", "std::basic_iostream<char, std::char_traits<char> >" },
};

static int cxx_is_ident_char(char c){
  return (c>='a' && c<='z') || (c>='A' && c<='Z') || (c>='0' && c<='9')
      || c=='_' || c=='$';
}

static int cxx_is_digit(char c){ return c>='0' && c<='9'; }

/* The names c++filt hands to its C++ demangler: "_Z..." and the GNU
** global constructor/destructor names "_GLOBAL_" [._$] [ID] "_". */
static int cxx_is_mangled(const char *z, size_t n){
  if( n>=2 && z[0]=='_' && z[1]=='Z' ) return 1;
  return n>=11 && memcmp(z, "_GLOBAL_", 8)==0
      && (z[8]=='.' || z[8]=='_' || z[8]=='$')
      && (z[9]=='I' || z[9]=='D') && z[10]=='_';
}

/* Is the word z[0..n) one that cxx_demangle_symbol() hands to the
** demangler: a name above, after one '.' or '$', of at most
** CXX_DEMANGLE_MAX_INPUT bytes?  Every other word costs nothing. */
static int cxx_is_candidate(const char *z, size_t n){
  if( n>0 && (z[0]=='.' || z[0]=='$') ){ z++; n--; }
  return n<=CXX_DEMANGLE_MAX_INPUT && cxx_is_mangled(z, n);
}

/* Read a <source-name> length at z[*pi], leaving *pi after the digits.
** Returns the length, or 0 when there is none or it runs past nEnd. */
static size_t cxx_read_len(const char *z, size_t nEnd, size_t *pi){
  size_t i = *pi, len = 0;
  if( i>=nEnd || !cxx_is_digit(z[i]) || z[i]=='0' ) return 0;
  while( i<nEnd && cxx_is_digit(z[i]) ){
    len = len*10 + (size_t)(z[i]-'0');
    if( len>nEnd ) return 0;
    i++;
  }
  if( len > nEnd-i ) return 0;
  *pi = i;
  return len;
}

/* An identifier libiberty prints as "(anonymous namespace)": joined with
** others it would lose that meaning, so such names are not rewritten. */
static int cxx_is_anon_prefix(const char *z, size_t n){
  return n>=8 && memcmp(z, "_GLOBAL_", 8)==0;
}

/*
** Parse  "sr" (<len> <id>)+ "E" <len> <id>  at z[i..].
** With zOut NULL only measure: return the input bytes it covers (0 when
** z[i..] is not that form) and set *pnJoined to the length of the joined
** identifier "id1::id2::id".  With zOut, also write that identifier there.
*/
static size_t cxx_parse_unresolved(const char *z, size_t n, size_t i,
                                   char *zOut, size_t *pnJoined){
  size_t j = i+2, nJoined = 0, nPart = 0, len;
  int bLast = 0;
  while( !bLast ){
    if( j<n && z[j]=='E' ){
      if( nPart==0 ) return 0;
      j++;
      bLast = 1;
    }
    len = cxx_read_len(z, n, &j);
    if( len==0 || cxx_is_anon_prefix(z+j, len) ) return 0;
    if( nPart ){
      if( zOut ){ zOut[nJoined] = ':'; zOut[nJoined+1] = ':'; }
      nJoined += 2;
    }
    if( zOut ) memcpy(zOut+nJoined, z+j, len);
    nJoined += len;
    nPart++;
    j += len;
  }
  *pnJoined = nJoined;
  return j-i;
}

/*
** If z[i..] is a joinable unresolved name (cxx_parse_unresolved), write
** <len> "id1::id2::id" at zOut and return the number of input bytes it
** replaces (*pnOut the bytes written); else return 0.  The output is at
** most half as long again as the input it replaces (each part costs at
** least two input bytes and at most two more output bytes).
*/
static size_t cxx_join_unresolved(const char *z, size_t n, size_t i,
                                  char *zOut, size_t *pnOut){
  size_t nJoined = 0, nIn, v, nNum = 0, k;
  char zNum[24];
  nIn = cxx_parse_unresolved(z, n, i, 0, &nJoined);
  if( nIn==0 ) return 0;
  v = nJoined;
  do{ zNum[nNum++] = (char)('0' + v%10); v /= 10; }while( v );
  for(k=0; k<nNum; k++) zOut[k] = zNum[nNum-1-k];
  cxx_parse_unresolved(z, n, i, zOut+nNum, &nJoined);
  *pnOut = nNum + nJoined;
  return nIn;
}

/*
** Copy the NUL-terminated symbol z (length n) into a new malloc()ed string
** with every joinable unresolved name joined (see cxx_join_unresolved).
** Returns NULL when nothing was joined or on OOM (*pbOom set); the caller
** frees the result.
*/
static char *cxx_rewrite_unresolved(const char *z, size_t n, int *pbOom){
  char *zNew;
  size_t i = 0, o = 0;
  int nJoin = 0;
  *pbOom = 0;
  zNew = malloc(n + n/2 + 32);
  if( zNew==0 ){ *pbOom = 1; return 0; }
  while( i<n ){
    size_t nOut = 0, nIn = 0;
    if( z[i]=='s' && i+1<n && z[i+1]=='r' ){
      nIn = cxx_join_unresolved(z, n, i, zNew+o, &nOut);
    }
    if( nIn ){
      i += nIn; o += nOut; nJoin++;
    }else{
      zNew[o++] = z[i++];
    }
  }
  zNew[o] = 0;
  if( nJoin==0 ){ free(zNew); return 0; }
  return zNew;
}

/*
** GCC 12's demangler loops forever on some invalid input (binutils 2.40
** rewrote the code): in an unresolved name "sr" followed by a digit, a
** lower-case letter, 'C', 'U' or 'L', it reads qualifiers in a loop that
** only stops at 'E', at the end or at a character it does not know; on a
** 'C', 'D' or 'U' that does not start a constructor, destructor, lambda or
** unnamed type it reads nothing and tries again, forever.  The functions
** below refuse such input before __cxa_demangle sees it.  They cannot know
** where the demangler will be, so they are conservative: an "sr" whose
** qualifiers are plain identifiers with simple template arguments (the
** form compilers emit) is safe; any other "sr" makes every later 'C', 'D'
** or 'U' a possible trap.  That refuses some valid names too: 19 of
** 164,000 real symbols (an "sr" qualifier with class-type template
** arguments, then an identifier with "Co" or "DX" in it later on).
*/

/* Could the demangler's qualifier loop stall on z[i] (see above)? */
static int cxx_is_trap(const char *z, size_t n, size_t i){
  char c = z[i], d = i+1<n ? z[i+1] : 0;
  if( c=='C' ) return d==0 || strchr("I12345", d)==0;
  if( c=='D' ) return d==0 || strchr("Tt01245", d)==0;
  if( c=='U' ) return d!='l' && d!='t';
  return 0;
}

/* Template arguments of a qualifier that parse the same way whatever the
** demangler's state: cv-qualified or pointer/reference builtins and
** template parameters.  z[*pj] is just after the 'I'; on success *pj is
** after the closing 'E'. */
static int cxx_skip_simple_args(const char *z, size_t n, size_t *pj){
  size_t j = *pj;
  while( j<n && z[j]!='E' ){
    while( j<n && strchr("PROKVr", z[j]) ) j++;
    if( j>=n ) return 0;
    if( z[j]=='T' ){
      j++;
      while( j<n && cxx_is_digit(z[j]) ) j++;
      if( j>=n || z[j]!='_' ) return 0;
      j++;
    }else if( z[j]>='a' && z[j]<='z' && strchr("kpqru", z[j])==0 ){
      j++;
    }else{
      return 0;
    }
  }
  if( j>=n ) return 0;
  *pj = j+1;
  return 1;
}

/* Is the unresolved name whose qualifiers start at z[j] the safe form:
** (<len> <id> [B <len> <id>]* [<simple template args>])+ 'E'? */
static int cxx_qualifiers_are_safe(const char *z, size_t n, size_t j){
  while( j<n && z[j]!='E' ){
    size_t len = cxx_read_len(z, n, &j);
    if( len==0 ) return 0;
    j += len;
    while( j<n && z[j]=='B' ){
      j++;
      len = cxx_read_len(z, n, &j);
      if( len==0 ) return 0;
      j += len;
    }
    if( j<n && z[j]=='I' ){
      j++;
      if( !cxx_skip_simple_args(z, n, &j) ) return 0;
    }
  }
  return j<n;
}

/* True when __cxa_demangle might never return on z[0..n).  Inputs are
** at most CXX_DEMANGLE_MAX_INPUT bytes, so the per-"sr" walk is cheap. */
static int cxx_may_hang(const char *z, size_t n){
  size_t i, iLastTrap = 0, k;
  int bTrap = 0;
  for(k=0; k<n; k++){
    if( cxx_is_trap(z, n, k) ){ iLastTrap = k; bTrap = 1; }
  }
  if( !bTrap ) return 0;
  for(i=0; i+2<n && i+2<=iLastTrap; i++){
    char c;
    if( z[i]!='s' || z[i+1]!='r' ) continue;
    c = z[i+2];
    if( !(cxx_is_digit(c) || (c>='a' && c<='z') || c=='C' || c=='U' || c=='L') ){
      continue;
    }
    if( !cxx_qualifiers_are_safe(z, n, i+2) ) return 1;
  }
  return 0;
}

/* True when a and b are the same text once '(' and ')' are dropped. */
static int cxx_same_but_parens(const char *a, const char *b){
  for(;;){
    while( *a=='(' || *a==')' ) a++;
    while( *b=='(' || *b==')' ) b++;
    if( *a!=*b ) return 0;
    if( *a==0 ) return 1;
    a++; b++;
  }
}

/*
** May __cxa_demangle see the NUL-terminated z (length n)?  Only when its
** work is known to stay proportional to n: the pre-pass of itanium_size.c
** bounds what it prints and the nodes it visits; at most
** CXX_DEMANGLE_BOUND_PER_BYTE per input byte are allowed; a name the pre-pass
** does not read is let through only when it has no back reference (S_,
** S<n>_, T_, T<n>_), so nothing in it can print twice.  Returns 1 yes,
** 0 no, -1 on OOM.
*/
static int cxx_is_bounded(const char *z, size_t n){
  uint64_t nBound = 0, nCap = (uint64_t)n * CXX_DEMANGLE_BOUND_PER_BYTE;
  int rc = itanium_size_bound(z, n, &nBound);
  switch( rc ){
    case ITANIUM_SIZE_OK:       return nBound <= nCap;
    case ITANIUM_SIZE_UNPARSED: return !itanium_has_reference(z, n);
    case ITANIUM_SIZE_NOMEM:    return -1;
    default:                    return 0;
  }
}

/* Run __cxa_demangle on the NUL-terminated z when cxx_is_bounded() allows.
** Returns its malloc()ed result (caller frees), or NULL with *pbOom set on
** out-of-memory, or NULL when z does not demangle or is refused. */
static char *cxx_call_demangler(const char *z, int *pbOom){
  int status = 0, bOk = cxx_is_bounded(z, strlen(z));
  char *zRes;
  *pbOom = bOk<0;
  if( bOk<=0 ) return 0;
  zRes = __cxa_demangle(z, 0, 0, &status);
  if( status==-1 ){ *pbOom = 1; free(zRes); return 0; }
  if( status!=0 ){ free(zRes); return 0; }
  return zRes;
}

/*
** Demangle z with unresolved names joined where that is safe.  Returns a
** malloc()ed string the caller frees, or NULL (see *pbOom).
*/
static char *cxx_demangle_joined(const char *z, size_t n, int *pbOom){
  char *zPlain, *zJoined, *zJoinedOut;
  *pbOom = 0;
  if( strstr(z, "sr")==0 ) return cxx_call_demangler(z, pbOom);
  if( cxx_may_hang(z, n) ) return 0;
  zPlain = cxx_call_demangler(z, pbOom);
  if( zPlain==0 ) return 0;
  zJoined = cxx_rewrite_unresolved(z, n, pbOom);
  if( zJoined==0 ){
    if( *pbOom ){ free(zPlain); return 0; }
    return zPlain;
  }
  zJoinedOut = cxx_call_demangler(zJoined, pbOom);
  free(zJoined);
  if( *pbOom ){ free(zPlain); return 0; }
  if( zJoinedOut && cxx_same_but_parens(zPlain, zJoinedOut) ){
    free(zPlain);
    return zJoinedOut;
  }
  free(zJoinedOut);
  return zPlain;
}

/* Does zIn[0..nIn) contain 'S' followed by c? */
static int cxx_has_code(const char *zIn, size_t nIn, char c){
  size_t i;
  for(i=0; i+1<nIn; i++){
    if( zIn[i]=='S' && zIn[i+1]==c ) return 1;
  }
  return 0;
}

/* Is zOut[i..] the whole token zTok (not part of a longer name)? */
static int cxx_token_at(const char *zOut, size_t i, const char *zTok, size_t nTok){
  if( memcmp(zOut+i, zTok, nTok)!=0 ) return 0;
  if( i>0 && (cxx_is_ident_char(zOut[i-1]) || zOut[i-1]==':') ) return 0;
  return !cxx_is_ident_char(zOut[i+nTok]);
}

/*
** Expand the short standard substitutions of zOut (see the file header).
** Takes ownership of zOut; returns the (possibly new) malloc()ed string, or
** NULL on OOM (zOut freed).
*/
static char *cxx_expand_verbose(const char *zIn, size_t nIn, char *zOut){
  size_t s;
  for(s=0; s<sizeof(aVerboseSub)/sizeof(aVerboseSub[0]); s++){
    const CxxVerboseSub *p = &aVerboseSub[s];
    size_t nShort = strlen(p->zShort), nFull = strlen(p->zFull);
    size_t nOld = strlen(zOut), nHit = 0, i, o;
    char *zNew;
    if( !cxx_has_code(zIn, nIn, p->cCode) ) continue;
    for(i=0; i+nShort<=nOld; i++){
      if( cxx_token_at(zOut, i, p->zShort, nShort) ) nHit++;
    }
    if( nHit==0 ) continue;
    /* Each hit grows by nFull-nShort, plus one space before a '>'. */
    zNew = malloc(nOld + nHit*(nFull - nShort + 1) + 1);
    if( zNew==0 ){ free(zOut); return 0; }
    for(i=o=0; i<nOld; ){
      if( i+nShort<=nOld && cxx_token_at(zOut, i, p->zShort, nShort) ){
        memcpy(zNew+o, p->zFull, nFull); o += nFull;
        i += nShort;
        /* c++filt never prints ">>" when closing template arguments. */
        if( zOut[i]=='>' ) zNew[o++] = ' ';
      }else{
        zNew[o++] = zOut[i++];
      }
    }
    zNew[o] = 0;
    free(zOut);
    zOut = zNew;
  }
  return zOut;
}

/* Prepend '.' to the malloc()ed zOut; takes ownership, NULL on OOM. */
static char *cxx_prepend_dot(char *zOut){
  size_t n = strlen(zOut);
  char *zNew = malloc(n+2);
  if( zNew ){
    zNew[0] = '.';
    memcpy(zNew+1, zOut, n+1);
  }
  free(zOut);
  return zNew;
}

/*
** See demangle_cxx.h.  The output is malloc()ed and owned by the caller.
** Cost: one __cxa_demangle call, two when the input has a joinable
** unresolved name; a few linear passes over the output.
*/
int cxx_demangle_symbol(const char *z, size_t n, char **pzOut, size_t *pnOut){
  size_t nSkip = 0;
  int bDot = 0, bOom = 0;
  char *zSym, *zRes;

  *pzOut = 0;
  *pnOut = 0;
  if( z==0 ) return 0;
  if( n>0 && (z[0]=='.' || z[0]=='$') ){
    nSkip = 1;
    bDot = z[0]=='.';
  }
  if( !cxx_is_candidate(z, n) ) return 0;
  z += nSkip;
  n -= nSkip;
  if( memchr(z, 0, n) ) return 0;        /* c++filt would never see this */

  zSym = malloc(n+1);
  if( zSym==0 ) return -1;
  memcpy(zSym, z, n);
  zSym[n] = 0;
  zRes = cxx_demangle_joined(zSym, n, &bOom);
  if( zRes ){
    zRes = cxx_expand_verbose(zSym, n, zRes);
    bOom = zRes==0;
  }
  free(zSym);
  if( zRes && bDot ){
    zRes = cxx_prepend_dot(zRes);
    bOom = zRes==0;
  }
  if( bOom ) return -1;
  if( zRes==0 ) return 0;
  if( strlen(zRes)>CXX_DEMANGLE_MAX_OUTPUT ){
    free(zRes);
    return 0;
  }
  *pzOut = zRes;
  *pnOut = strlen(zRes);
  return 0;
}

/* ------------------------------------------------------------------------
** Symbols in text.  c++filt (binutils 2.40, cxxfilt.c) reads its standard
** input byte by byte: a run of ASCII letters, digits, '_', '$' and '.' is a
** word (at most CXX_FILT_MAX_WORD bytes), which it demangles as it would an
** argument (demangle_it(): cxx_demangle_symbol() here) or prints as it is;
** every other byte is printed as it is.  So "_Z5helloPKc@plt" is the word
** "_Z5helloPKc" and "@plt", "_Z1fv.cold" one word (a clone suffix), and
** "x_Z1fv" one word that is no symbol.
**
** One difference, on purpose: c++filt takes a NUL byte into the word (its
** test is strchr("_$.", c), true for NUL) and then handles the word as a C
** string, so the NUL and the rest of that word vanish from its output
** ("_Z1fv\0_Z1gv x" gives "f() x").  Here a NUL ends a word and is copied,
** like any other byte that is not part of a word: no input is dropped.
*/

/*
** See demangle_cxx.h.  The output is malloc()ed and owned by the caller.
** Cost: one pass over the text; cxx_demangle_symbol() on every word, which
** returns at once unless the word starts (after one '.' or '$') with "_Z"
** or "_GLOBAL_"; nothing is allocated until a word demangles.  Those
** words (candidates) are demangled until the first one that takes their
** bytes, counted from the start of the text, past nCandidate; each costs
** at most CXX_DEMANGLE_BOUND_PER_BYTE per byte (cxx_is_bounded()).
*/
int cxx_demangle_text_bounded(const char *z, size_t n, size_t nCandidate,
                              char **pzOut, size_t *pnOut){
  TextBuf buf = TEXT_BUF_INIT;
  size_t i = 0, iCopied = 0, nSeen = 0;
  int bOver = 0;                /* a candidate passed nCandidate */
  *pzOut = 0;
  *pnOut = 0;
  if( z==0 ) return 0;
  while( i<n ){
    size_t j = i;
    char *zSym = 0;
    size_t nSym = 0;
    if( !symbol_byte(z[i]) ){ i++; continue; }
    while( j<n && symbol_byte(z[j]) && j-i<CXX_FILT_MAX_WORD ) j++;
    if( !bOver && cxx_is_candidate(z + i, j - i) ){
      if( j - i > nCandidate - nSeen ) bOver = 1;
      else nSeen += j - i;
    }
    if( buf.n<=CXX_DEMANGLE_MAX_TEXT_OUT && !bOver ){
      if( cxx_demangle_symbol(z + i, j - i, &zSym, &nSym) ){ buf.bOom = 1; break; }
    }
    if( zSym ){
      text_buf_append(&buf, z + iCopied, i - iCopied);
      text_buf_append(&buf, zSym, nSym);
      free(zSym);
      iCopied = j;
      if( buf.bOom ) break;
    }
    /* after a word cut at CXX_FILT_MAX_WORD, c++filt prints the next byte
    ** as it is, whatever it is */
    i = (j - i==CXX_FILT_MAX_WORD && j<n) ? j + 1 : j;
  }
  if( buf.bOom ){
    free(buf.z);
    return -1;
  }
  if( buf.z==0 ) return 0;      /* nothing demangled */
  text_buf_append(&buf, z + iCopied, n - iCopied);
  if( buf.bOom ){
    free(buf.z);
    return -1;
  }
  *pzOut = buf.z;
  *pnOut = buf.n;
  return 0;
}

int cxx_demangle_text(const char *z, size_t n, char **pzOut, size_t *pnOut){
  return cxx_demangle_text_bounded(z, n, n, pzOut, pnOut);
}
