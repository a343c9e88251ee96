/*
** sql_functions.c: the SQL functions of timetrace.
**
**   .load build/timetrace
**   SELECT rust_demangle('_RNvCs5etrU9lJXb7_15web_http_server3run');  -- web_http_server::run
**   SELECT rust_demangle(detail, 1) FROM trace_events('t.json');     -- like rustfilt -h
**   SELECT demangle(detail) FROM trace_events('clang.json');          -- Rust, else C++
**   SELECT timetrace_version();
**
**   rust_demangle(TEXT)          the text rustfilt prints for it: every Rust
**                                symbol in the text demangled, hashes hidden
**   rust_demangle(TEXT, 0|1)     1: like rustfilt -h (hashes and crate
**                                disambiguators shown)
**   demangle(TEXT)               every Rust symbol in TEXT demangled as by
**                                rust_demangle(TEXT), then every C++
**                                (Itanium) symbol in the result as c++filt
**                                prints a line holding it ("call _Z1fv@plt"
**                                gives "call f()@plt"); anything else
**                                unchanged
**   crate_of(SYM [, MODE])       the crate of a Rust symbol (mangled or not)
**                                read from its path, or the outermost
**                                namespace of a C++ one; MODE 'nonstd': the
**                                first crate outside Rust's standard library.
**                                When the text names none and SYM is a v0
**                                symbol of an item in an inherent impl
**                                (`<[u8]>::ends_with`), the impl's crate
**   instantiating_crate(SYM)     the crate that instantiated a v0 symbol's
**                                generic item (the mangling's optional
**                                instantiating-crate suffix); NULL when the
**                                symbol has none, for legacy symbols and for
**                                anything that is not one whole v0 symbol
**   crates_of(SYM)               JSON array of every crate named in SYM, in
**                                order of first appearance; the impl crate
**                                that crate_of() takes from a v0 mangling
**                                first
**   strip_generics(SYM)          the demangled name without its generic
**                                arguments: the name all instances of a
**                                generic function share
**   regexp(PATTERN, TEXT)        1 if TEXT contains a match of PATTERN, a
**                                PCRE2 (Perl-style) regular expression in
**                                UTF-8 mode with bounded work (regexp.c),
**                                else 0; so `TEXT REGEXP PATTERN` works in
**                                every client
**   flamegraph(STACK, WEIGHT [, TITLE [, MINWIDTH]])
**                                aggregate: an SVG flame graph of the folded
**                                stacks (frames joined with ';') weighted by
**                                WEIGHT, e.g. flamegraph(stack, self_dur),
**                                explorable in a browser (click to zoom,
**                                search); a weight of 0 adds nothing, one
**                                that is not a number, negative or infinite
**                                (or an infinite total) is an error.  Frames
**                                narrower than MINWIDTH pixels (NULL: 0.1;
**                                0: none) are merged into one block per
**                                parent (flamegraph.h says how).  The SVG
**                                is held to SQLITE_LIMIT_LENGTH as it is
**                                written: past it, an error (SQLITE_TOOBIG)
**                                before the rest is built
**   flamegraph_diff(STACK, BEFORE, AFTER [, TITLE [, MINWIDTH]])
**                                aggregate: a differential flame graph: widths
**                                from AFTER, each frame red where its self
**                                weight grew from BEFORE, blue where it
**                                shrank; a NULL BEFORE or AFTER is 0, the
**                                weights' rules are flamegraph()'s
**   chrome_trace(PID, TID, PH, NAME, CAT, TS, DUR, ARGS [, ID [, EXTRA]])
**                                aggregate: the rows as a Chrome trace
**                                (JSON Object Format) a viewer opens, each
**                                column back where trace_events read it
**                                (chrome_trace.c); NULL columns left out;
**                                ARGS and EXTRA must be JSON object text
**   duration_text(NS [, DECIMALS])  nanoseconds as Rust's Duration prints
**                                them ("66.93ms"; duration_text.c): DECIMALS
**                                0 to 9 (default 2), or 'exact' for every
**                                digit that is not a trailing zero; a real
**                                NS is rounded to the nearest nanosecond
**   timetrace_version()          the extension's version
**
** NULL gives NULL, in any argument of a scalar function (a NULL MODE or
** show_hash too; an invalid one is an error even when SYM is NULL).  The
** aggregate flamegraph() skips rows whose STACK or WEIGHT is NULL
** (flamegraph_diff() those whose STACK is NULL or both weights are), and a
** NULL TITLE or MINWIDTH means the default one.  A value that is not text is
** demangled as its text.  The demanglers are plain C (demangle_rust*.c,
** demangle_cxx.c); this file only moves values between them and SQLite.
** Every function here is pure: SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
** safe in views and triggers.
*/
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chrome_trace.h"
#include "demangle_cxx.h"
#include "demangle_text.h"
#include "duration_text.h"
#include "flamegraph.h"
#include "symbol_path.h"
#include "demangle_rust.h"
#include "regexp.h"
#include "sql_functions.h"
#include "text_buf.h"

#ifndef TIMETRACE_VERSION
# define TIMETRACE_VERSION "unknown"
#endif

#define PURE (SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS)

/* duration_text(NS [, DECIMALS]) */
static void durationTextFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  char z[DURATION_TEXT_MAX];
  int nDecimals = 2;
  double r;
  sqlite3_int64 ns;
  if( argc>1 ){
    sqlite3_value *p = argv[1];
    if( sqlite3_value_type(p)==SQLITE_NULL ) return;
    if( sqlite3_value_type(p)==SQLITE_TEXT && sqlite3_stricmp((const char*)sqlite3_value_text(p), "exact")==0 ){
      nDecimals = -1;
    }else if( sqlite3_value_numeric_type(p)==SQLITE_INTEGER && sqlite3_value_int64(p)>=0
           && sqlite3_value_int64(p)<=9 ){
      nDecimals = sqlite3_value_int(p);
    }else{
      sqlite3_result_error(ctx, "duration_text: DECIMALS must be 0 to 9 or 'exact'", -1);
      return;
    }
  }
  switch( sqlite3_value_numeric_type(argv[0]) ){
    case SQLITE_NULL: return;
    case SQLITE_INTEGER: ns = sqlite3_value_int64(argv[0]); break;
    case SQLITE_FLOAT:
      r = sqlite3_value_double(argv[0]);
      /* -2^63 <= r < 2^63: what an int64 holds */
      if( !(r>=-9223372036854775808.0 && r<9223372036854775808.0) ){
        sqlite3_result_error(ctx, "duration_text: NS out of range", -1);
        return;
      }
      ns = (sqlite3_int64)llround(r);
      break;
    default:
      sqlite3_result_error(ctx, "duration_text: NS must be a number of nanoseconds", -1);
      return;
  }
  sqlite3_result_text(ctx, z, (int)duration_text(ns, nDecimals, z), SQLITE_TRANSIENT);
}

static void versionFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  (void)argc; (void)argv;
  sqlite3_result_text(ctx, TIMETRACE_VERSION, -1, SQLITE_STATIC);
}

/* Make zErr (from sqlite3_mprintf, NULL when that ran out of memory) the
** error of ctx, and free it. */
static void result_error_msg(sqlite3_context *ctx, char *zErr){
  if( zErr==0 ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  sqlite3_result_error(ctx, zErr, -1);
  sqlite3_free(zErr);
}

/* Characters of an argument (a mode, a minwidth) an error message shows
** (text_shown: escaped, cut with "..."). */
#define ERR_ARG_CHARS 40

/* Hand a malloc()ed result to SQLite, or the input unchanged when z is NULL. */
static void result_demangled(sqlite3_context *ctx, sqlite3_value *pIn, char *z, size_t n){
  if( z ){
    sqlite3_result_text64(ctx, z, (sqlite3_uint64)n, free, SQLITE_UTF8);
  }else{
    sqlite3_result_value(ctx, pIn);
  }
}

/* The bShowHash argument of rust_demangle(sym, show_hash): 0 or 1.
** Returns 0, or 1 after reporting an error.  NULL is the caller's to
** check (it gives NULL, like every NULL argument). */
static int show_hash_arg(sqlite3_context *ctx, int argc, sqlite3_value **argv, int *pbShow){
  *pbShow = 0;
  if( argc<2 ) return 0;
  if( sqlite3_value_type(argv[1])==SQLITE_INTEGER ){
    sqlite3_int64 v = sqlite3_value_int64(argv[1]);
    if( v==0 || v==1 ){
      *pbShow = (int)v;
      return 0;
    }
  }
  sqlite3_result_error(ctx, "rust_demangle: the second argument must be 0 (like rustfilt) "
                            "or 1 (like rustfilt -h: hashes shown)", -1);
  return 1;
}

/* rust_demangle(TEXT [, show_hash]) */
static void rustDemangleFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  const char *z;
  char *zOut = 0;
  size_t nOut = 0;
  int bShow;
  if( argc>1 && sqlite3_value_type(argv[1])==SQLITE_NULL ) return;
  if( show_hash_arg(ctx, argc, argv, &bShow) ) return;
  if( sqlite3_value_type(argv[0])==SQLITE_NULL ) return;
  z = (const char*)sqlite3_value_text(argv[0]);
  if( z==0 ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if( rust_demangle_text(z, (size_t)sqlite3_value_bytes(argv[0]), bShow, &zOut, &nOut) ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  result_demangled(ctx, argv[0], zOut, nOut);
}

/* demangle(TEXT): Rust first, then C++. */
static void demangleFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  const char *z;
  char *zOut = 0;
  size_t nOut = 0;
  (void)argc;
  if( sqlite3_value_type(argv[0])==SQLITE_NULL ) return;
  z = (const char*)sqlite3_value_text(argv[0]);
  if( z==0 ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if( demangle_text(z, (size_t)sqlite3_value_bytes(argv[0]), &zOut, &nOut) ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  result_demangled(ctx, argv[0], zOut, nOut);
}

/* The demangled form of argument pVal, as demangle() gives it: *pz points
** to the text (*pn bytes); *pzFree is what the caller must free() (NULL
** when *pz is the value's own text).  Returns 0, or 1 when out of memory. */
static int demangled_arg(sqlite3_value *pVal, const char **pz, size_t *pn, char **pzFree){
  char *zOut = 0;
  size_t nOut = 0;
  *pzFree = 0;
  *pz = (const char*)sqlite3_value_text(pVal);
  if( *pz==0 ) return 1;
  *pn = (size_t)sqlite3_value_bytes(pVal);
  if( demangle_text(*pz, *pn, &zOut, &nOut) ) return 1;
  if( zOut ){
    *pz = zOut;
    *pn = nOut;
    *pzFree = zOut;
  }
  return 0;
}

/* Return as ctx's result what xCrate (a rust_symbol_*_crate function) finds
** in the whole value pVal, or NULL. */
static void rust_crate_result(sqlite3_context *ctx, sqlite3_value *pVal,
                              int (*xCrate)(const char*, size_t, char**, size_t*)){
  const char *z = (const char*)sqlite3_value_text(pVal);
  char *zCrate = 0;
  size_t nCrate = 0;
  if( z==0 || xCrate(z, (size_t)sqlite3_value_bytes(pVal), &zCrate, &nCrate) ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if( zCrate ) sqlite3_result_text64(ctx, zCrate, (sqlite3_uint64)nCrate, free, SQLITE_UTF8);
}

/* crate_of(SYM [, MODE]) */
static void crateOfFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  int eMode = SYMBOL_CRATE_OUTER;
  const char *z, *zCrate = 0;
  size_t n, nCrate = 0;
  char *zFree;
  if( argc>1 ){
    const char *zMode;
    if( sqlite3_value_type(argv[1])==SQLITE_NULL ) return;
    zMode = (const char*)sqlite3_value_text(argv[1]);
    if( zMode && sqlite3_stricmp(zMode, "nonstd")==0 ){
      eMode = SYMBOL_CRATE_NONSTD;
    }else if( zMode==0 ){
      sqlite3_result_error_nomem(ctx);
      return;
    }else if( sqlite3_stricmp(zMode, "outer")!=0 ){
      char aShown[TEXT_SHOWN_SIZE(ERR_ARG_CHARS)];
      text_shown(zMode, (size_t)sqlite3_value_bytes(argv[1]), ERR_ARG_CHARS, aShown, sizeof(aShown));
      result_error_msg(ctx, sqlite3_mprintf("crate_of: unknown mode '%s': the modes are 'outer' "
                                            "(the default: the outermost path) and 'nonstd' (the first "
                                            "crate outside std, core, alloc, proc_macro and test)",
                                            aShown));
      return;
    }
  }
  if( sqlite3_value_type(argv[0])==SQLITE_NULL ) return;
  if( demangled_arg(argv[0], &z, &n, &zFree) ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  symbol_crate(z, n, eMode, &zCrate, &nCrate);
  if( zCrate ){
    sqlite3_result_text64(ctx, zCrate, (sqlite3_uint64)nCrate, SQLITE_TRANSIENT, SQLITE_UTF8);
  }else{
    /* `<[u8]>::ends_with` names no crate, but its v0 mangling names the
    ** crate of the impl (core). */
    rust_crate_result(ctx, argv[0], rust_symbol_impl_crate);
  }
  free(zFree);
}

/* instantiating_crate(SYM) */
static void instantiatingCrateFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  (void)argc;
  if( sqlite3_value_type(argv[0])==SQLITE_NULL ) return;
  rust_crate_result(ctx, argv[0], rust_symbol_instantiating_crate);
}

/* crates_of(SYM).  When the text names no crate for crate_of() and the
** v0 mangling names the impl's (`<[u8]>::ends_with`: core), that crate
** comes first, so that crate_of(SYM) is always one of crates_of(SYM). */
static void cratesOfFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  const char *z, *zCrate = 0;
  size_t n, nJson = 0, nCrate = 0, nImpl = 0;
  char *zFree, *zJson, *zImpl = 0;
  (void)argc;
  if( sqlite3_value_type(argv[0])==SQLITE_NULL ) return;
  if( demangled_arg(argv[0], &z, &n, &zFree) ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  symbol_crate(z, n, SYMBOL_CRATE_OUTER, &zCrate, &nCrate);
  if( zCrate==0 && rust_symbol_impl_crate((const char*)sqlite3_value_text(argv[0]),
                                          (size_t)sqlite3_value_bytes(argv[0]), &zImpl, &nImpl) ){
    free(zFree);
    sqlite3_result_error_nomem(ctx);
    return;
  }
  zJson = symbol_crates_json_first(z, n, zImpl, nImpl, &nJson);
  free(zImpl);
  free(zFree);
  if( zJson==0 ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  sqlite3_result_text64(ctx, zJson, (sqlite3_uint64)nJson, free, SQLITE_UTF8);
}

/* strip_generics(SYM) */
static void stripGenericsFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  const char *z;
  size_t n, nOut;
  char *zFree, *zOut;
  (void)argc;
  if( sqlite3_value_type(argv[0])==SQLITE_NULL ) return;
  if( demangled_arg(argv[0], &z, &n, &zFree) ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  zOut = sqlite3_malloc64((sqlite3_uint64)n + 1);
  if( zOut==0 ){
    free(zFree);
    sqlite3_result_error_nomem(ctx);
    return;
  }
  nOut = symbol_strip_generics(z, n, zOut);
  free(zFree);
  sqlite3_result_text64(ctx, zOut, (sqlite3_uint64)nOut, sqlite3_free, SQLITE_UTF8);
}

/* regexp.c's memory comes from SQLite, so its limits and accounting apply. */
static void *regexp_sqlite_malloc(size_t n, void *pArg){
  (void)pArg;
  return sqlite3_malloc64((sqlite3_uint64)n);
}
static void regexp_sqlite_free(void *p, void *pArg){
  (void)pArg;
  sqlite3_free(p);
}
static const RegexpAlloc regexpAlloc = { regexp_sqlite_malloc, regexp_sqlite_free, 0 };

/* Characters of a pattern an error message shows (text_shown: bytes that
** are not UTF-8 as \xHH, a longer pattern cut with "..."). */
#define REGEXP_ERR_PATTERN 80

/* Report error rc of regexp.c for the pattern z[0..n); zWhy is the
** reason (the compiler's message for REGEXP_INVALID). */
static void regexp_error(sqlite3_context *ctx, int rc, const char *z, size_t n, const char *zWhy){
  char aShown[TEXT_SHOWN_SIZE(REGEXP_ERR_PATTERN)];
  if( rc==REGEXP_NOMEM ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  result_error_msg(ctx, sqlite3_mprintf("regexp: %s '%s': %s",
                                        rc==REGEXP_INVALID ? "invalid pattern" : "pattern",
                                        text_shown(z, n, REGEXP_ERR_PATTERN, aShown, sizeof(aShown)), zWhy));
}

static void regexp_free_aux(void *p){
  regexp_free((Regexp*)p);
}

/* regexp(PATTERN, TEXT): 1 when TEXT contains a match of PATTERN (regexp.c:
** PCRE2 syntax, UTF-8, bounded work), else 0.  The pattern is compiled once
** per statement: it is cached as auxdata of argument 0. */
static void regexpFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  Regexp *pRe;
  const char *zPattern, *zText;
  int rc;
  (void)argc;
  if( sqlite3_value_type(argv[0])==SQLITE_NULL || sqlite3_value_type(argv[1])==SQLITE_NULL ) return;
  zPattern = (const char*)sqlite3_value_text(argv[0]);
  if( zPattern==0 ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  pRe = sqlite3_get_auxdata(ctx, 0);
  if( pRe==0 ){
    char zErr[REGEXP_ERR_MAX];
    rc = regexp_compile(zPattern, (size_t)sqlite3_value_bytes(argv[0]), &regexpAlloc, &pRe, zErr);
    if( rc!=REGEXP_OK ){
      regexp_error(ctx, rc, zPattern, (size_t)sqlite3_value_bytes(argv[0]), zErr);
      return;
    }
  }
  zText = (const char*)sqlite3_value_text(argv[1]);
  if( zText==0 ){
    sqlite3_result_error_nomem(ctx);
    if( pRe!=sqlite3_get_auxdata(ctx, 0) ) regexp_free(pRe);
    return;
  }
  rc = regexp_match(pRe, zText, (size_t)sqlite3_value_bytes(argv[1]));
  if( rc==REGEXP_MATCH || rc==REGEXP_NOMATCH ){
    sqlite3_result_int(ctx, rc==REGEXP_MATCH);
  }else{
    regexp_error(ctx, rc, zPattern, (size_t)sqlite3_value_bytes(argv[0]), regexp_errmsg(pRe, rc));
  }
  /* set last: SQLite may free pRe at once if it cannot keep it */
  if( pRe!=sqlite3_get_auxdata(ctx, 0) ) sqlite3_set_auxdata(ctx, 0, pRe, regexp_free_aux);
}

/* The longest text the statement's connection may return. */
static size_t length_limit(sqlite3_context *ctx){
  return (size_t)sqlite3_limit(sqlite3_context_db_handle(ctx), SQLITE_LIMIT_LENGTH, -1);
}

/* flamegraph() and flamegraph_diff(): the graph lives in the aggregate
** context; the function's user data (a FlameKind) tells which. */
typedef struct FlameKind {
  const char *zName;     /* for error messages */
  int bDiff;             /* flamegraph_diff(STACK, BEFORE, AFTER, ...) */
} FlameKind;
static const FlameKind flameKindPlain = { "flamegraph", 0 };
static const FlameKind flameKindDiff = { "flamegraph_diff", 1 };

typedef struct FlameAgg {
  FlameGraph *pGraph;    /* NULL until the first row */
  char *zTitle;          /* TITLE of the first row that gave one (sqlite3_malloc), */
  size_t nTitle;         /* ... its bytes (a NUL among them too) */
  double minWidth;       /* MINWIDTH of the first row that gave one, else the default */
  int bMinWidth;         /* minWidth was given */
  int bFailed;           /* an error was reported: ignore further rows */
} FlameAgg;

/* Characters of a stack an error message shows (text_shown: escaped, a
** longer stack cut with "..."). */
#define FLAMEGRAPH_ERR_STACK 80

/* Report the error rc of flamegraph_add*() or flamegraph_render(); z[0..n)
** is the stack and w the weight of the row (z may be "" after render);
** zWhich names the weight in a diff ("before " or "after "), else "". */
static void flamegraph_error(sqlite3_context *ctx, int rc, const char *z, size_t n, double w,
                             const char *zWhich){
  const char *zFunc = ((const FlameKind*)sqlite3_user_data(ctx))->zName;
  char *zErr = 0;
  char aShown[TEXT_SHOWN_SIZE(FLAMEGRAPH_ERR_STACK)];
  text_shown(z, n, FLAMEGRAPH_ERR_STACK, aShown, sizeof(aShown));
  switch( rc ){
    case FLAMEGRAPH_NOMEM:
      sqlite3_result_error_nomem(ctx);
      return;
    case FLAMEGRAPH_TOOBIG:
      zErr = sqlite3_mprintf("%s: more distinct stacks than one graph can draw", zFunc);
      break;
    case FLAMEGRAPH_NEGATIVE:
      zErr = sqlite3_mprintf("%s: stack '%s' has the negative %sweight %g: "
                             "weights must be zero or more", zFunc, aShown, zWhich, w);
      break;
    case FLAMEGRAPH_INFINITE:
      zErr = sqlite3_mprintf("%s: stack '%s' has the %sweight %g: "
                             "weights must be finite numbers", zFunc, aShown, zWhich, w);
      break;
    case FLAMEGRAPH_MINWIDTH_BAD:
      zErr = sqlite3_mprintf("%s: minwidth %g is not a width: give 0 or more pixels", zFunc, w);
      break;
    case FLAMEGRAPH_TOOLONG:
      result_error_msg(ctx, sqlite3_mprintf("%s: the SVG would be longer than %lld bytes, SQLite's "
                                            "limit (SQLITE_LIMIT_LENGTH): draw fewer frames (a larger "
                                            "minwidth, fewer rows or shorter stacks)",
                                            zFunc, (long long)length_limit(ctx)));
      sqlite3_result_error_code(ctx, SQLITE_TOOBIG);
      return;
    default:
      zErr = sqlite3_mprintf("%s: the total weight is not finite (the weights add "
                             "up to more than 1.8e308): scale them down", zFunc);
      break;
  }
  result_error_msg(ctx, zErr);
}

/* Is v a number (an integer, a real, or text that reads as one)?  Text
** that is not would read as 0 and vanish from the graph. */
static int is_number(sqlite3_value *v){
  int t = sqlite3_value_numeric_type(v);
  return t==SQLITE_INTEGER || t==SQLITE_FLOAT;
}

/* Take TITLE and MINWIDTH (arguments iArg and iArg+1, when given) from the
** first row that gives each.  Returns 0, or 1 after reporting an error. */
static int flamegraph_options(sqlite3_context *ctx, FlameAgg *p, int argc, sqlite3_value **argv, int iArg){
  if( argc>iArg && p->zTitle==0 && sqlite3_value_type(argv[iArg])!=SQLITE_NULL ){
    const unsigned char *z = sqlite3_value_text(argv[iArg]);
    size_t n = (size_t)sqlite3_value_bytes(argv[iArg]);
    if( z==0 || (p->zTitle = sqlite3_malloc64(n + 1))==0 ){ sqlite3_result_error_nomem(ctx); return 1; }
    memcpy(p->zTitle, z, n);
    p->zTitle[n] = 0;
    p->nTitle = n;
  }
  if( argc>iArg+1 && !p->bMinWidth && sqlite3_value_type(argv[iArg+1])!=SQLITE_NULL ){
    sqlite3_value *v = argv[iArg+1];
    const char *zFunc = ((const FlameKind*)sqlite3_user_data(ctx))->zName;
    double w = sqlite3_value_double(v);
    if( !is_number(v) || !(w>=0) || isinf(w) ){
      char aShown[TEXT_SHOWN_SIZE(ERR_ARG_CHARS)];
      const char *zW = (const char*)sqlite3_value_text(v);
      if( zW==0 ){ sqlite3_result_error_nomem(ctx); return 1; }
      text_shown(zW, (size_t)sqlite3_value_bytes(v), ERR_ARG_CHARS, aShown, sizeof(aShown));
      result_error_msg(ctx, sqlite3_mprintf("%s: minwidth '%s' is not a width: give a number of "
                                            "pixels, 0 or more (0 draws every frame; NULL: %g)",
                                            zFunc, aShown, FLAMEGRAPH_MINWIDTH));
      return 1;
    }
    p->minWidth = w;
    p->bMinWidth = 1;
  }
  return 0;
}

/* The weight in argument v into *pw: NULL is 0 (*pbNull set).  Returns 0,
** or 1 after reporting that it is not a number. */
static int flamegraph_weight(sqlite3_context *ctx, sqlite3_value *v, const char *z, size_t n,
                             const char *zWhich, double *pw, int *pbNull){
  *pw = 0;
  *pbNull = sqlite3_value_type(v)==SQLITE_NULL;
  if( *pbNull ) return 0;
  if( !is_number(v) ){
    const char *zFunc = ((const FlameKind*)sqlite3_user_data(ctx))->zName;
    char aShown[TEXT_SHOWN_SIZE(FLAMEGRAPH_ERR_STACK)];
    text_shown(z, n, FLAMEGRAPH_ERR_STACK, aShown, sizeof(aShown));
    result_error_msg(ctx, sqlite3_mprintf("%s: stack '%s' has %s %sweight that is not a number: "
                                          "weights must be numbers", zFunc, aShown,
                                          *zWhich=='a' ? "an" : "a", zWhich));
    return 1;
  }
  *pw = sqlite3_value_double(v);
  return 0;
}

/* Add one row's weights: flamegraph(STACK, WEIGHT, ...) skips a NULL
** WEIGHT; flamegraph_diff(STACK, BEFORE, AFTER, ...) reads NULL as 0.
** Returns 0, or 1 after reporting an error. */
static int flamegraph_row(sqlite3_context *ctx, FlameAgg *p, int bDiff, sqlite3_value **argv,
                          const char *z, size_t n){
  double before = 0, after;
  int bNullB = 0, bNullA, rc;
  const char *zWhich = "";
  if( bDiff && flamegraph_weight(ctx, argv[1], z, n, "before ", &before, &bNullB) ) return 1;
  if( flamegraph_weight(ctx, argv[bDiff ? 2 : 1], z, n, bDiff ? "after " : "", &after, &bNullA) ) return 1;
  if( bNullA && (!bDiff || bNullB) ) return 0;
  if( bDiff ){
    if( flamegraph_weight_check(before)!=FLAMEGRAPH_OK ) zWhich = "before ";
    else if( flamegraph_weight_check(after)!=FLAMEGRAPH_OK ) zWhich = "after ";
  }
  rc = bDiff ? flamegraph_add_diff(p->pGraph, z, n, before, after) : flamegraph_add(p->pGraph, z, n, after);
  if( rc==FLAMEGRAPH_OK ) return 0;
  flamegraph_error(ctx, rc, z, n, *zWhich=='b' ? before : after, zWhich);
  return 1;
}

/* flamegraph(STACK, WEIGHT [, TITLE [, MINWIDTH]]) and
** flamegraph_diff(STACK, BEFORE, AFTER [, TITLE [, MINWIDTH]]) step: a row
** whose STACK is NULL adds nothing, nor does one whose weights are NULL
** or 0; a weight that is not a number, negative or infinite (or a total
** that overflows) is an error, and so is a MINWIDTH that is not 0 or more. */
static void flamegraphStep(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  FlameAgg *p = sqlite3_aggregate_context(ctx, sizeof(*p));
  int bDiff = ((const FlameKind*)sqlite3_user_data(ctx))->bDiff;
  const char *z;
  if( p==0 ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if( p->bFailed ) return;
  if( p->pGraph==0 ){
    p->pGraph = bDiff ? flamegraph_new_diff() : flamegraph_new();
    if( p->pGraph==0 ){
      p->bFailed = 1;
      sqlite3_result_error_nomem(ctx);
      return;
    }
  }
  if( flamegraph_options(ctx, p, argc, argv, bDiff ? 3 : 2) ){
    p->bFailed = 1;
    return;
  }
  if( sqlite3_value_type(argv[0])==SQLITE_NULL ) return;
  z = (const char*)sqlite3_value_text(argv[0]);
  if( z==0 ){
    p->bFailed = 1;
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if( flamegraph_row(ctx, p, bDiff, argv, z, (size_t)sqlite3_value_bytes(argv[0])) ) p->bFailed = 1;
}

static void flamegraphFinal(sqlite3_context *ctx){
  FlameAgg *p = sqlite3_aggregate_context(ctx, 0);
  char *z;
  size_t n;
  int rc;
  if( p==0 || p->pGraph==0 || p->bFailed ){
    if( p ){
      flamegraph_free(p->pGraph);
      sqlite3_free(p->zTitle);
    }
    return;      /* no rows: NULL */
  }
  rc = flamegraph_render(p->pGraph, p->zTitle, p->nTitle, p->bMinWidth ? p->minWidth : FLAMEGRAPH_MINWIDTH,
                         length_limit(ctx), &z, &n);
  if( rc!=FLAMEGRAPH_OK ){
    flamegraph_error(ctx, rc, "", 0, p->minWidth, "");
  }else{
    sqlite3_result_text64(ctx, z, (sqlite3_uint64)n, free, SQLITE_UTF8);
  }
  flamegraph_free(p->pGraph);
  sqlite3_free(p->zTitle);
}

/* chrome_trace() aggregate: the trace lives in the aggregate context. */
typedef struct ChromeAgg {
  ChromeTrace *pTrace;   /* NULL until the first row */
  int bFailed;           /* an error was reported: ignore further rows */
} ChromeAgg;

/* Report the error rc of chrome_trace.c (zWhy: its reason, CHROME_BADARG). */
static void chrome_trace_error(sqlite3_context *ctx, int rc, const char *zWhy){
  if( rc==CHROME_NOMEM ){
    sqlite3_result_error_nomem(ctx);
  }else if( rc==CHROME_TOOBIG ){
    result_error_msg(ctx, sqlite3_mprintf("chrome_trace: the trace would be longer than %lld bytes, "
                                          "SQLite's limit (SQLITE_LIMIT_LENGTH): select fewer rows",
                                          (long long)length_limit(ctx)));
    sqlite3_result_error_code(ctx, SQLITE_TOOBIG);
  }else{
    result_error_msg(ctx, sqlite3_mprintf("chrome_trace: %s", zWhy));
  }
}

/* chrome_trace(PID, TID, PH, NAME, CAT, TS, DUR, ARGS [, ID [, EXTRA]]) step. */
static void chromeTraceStep(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  ChromeAgg *p = sqlite3_aggregate_context(ctx, sizeof(*p));
  ChromeValue a[CHROME_NCOL];
  char zErr[300];
  int i, rc;
  if( p==0 || p->bFailed ){
    if( p==0 ) sqlite3_result_error_nomem(ctx);
    return;
  }
  if( p->pTrace==0 && (p->pTrace = chrome_trace_new(length_limit(ctx)))==0 ) rc = CHROME_NOMEM;
  else rc = CHROME_OK;
  memset(a, 0, sizeof(a));
  for(i=0; rc==CHROME_OK && i<argc; i++){
    switch( sqlite3_value_type(argv[i]) ){
      case SQLITE_INTEGER: a[i].eType = CHROME_INTEGER; a[i].i = sqlite3_value_int64(argv[i]); break;
      case SQLITE_FLOAT:   a[i].eType = CHROME_REAL; a[i].r = sqlite3_value_double(argv[i]); break;
      case SQLITE_BLOB:    a[i].eType = CHROME_BLOB; break;
      case SQLITE_TEXT:
        a[i].eType = CHROME_TEXT;
        a[i].z = (const char*)sqlite3_value_text(argv[i]);
        a[i].n = (size_t)sqlite3_value_bytes(argv[i]);
        if( a[i].z==0 ) rc = CHROME_NOMEM;
        break;
    }
  }
  if( rc==CHROME_OK ) rc = chrome_trace_add(p->pTrace, a, zErr, sizeof(zErr));
  if( rc!=CHROME_OK ){
    p->bFailed = 1;
    chrome_trace_error(ctx, rc, zErr);
  }
}

static void chromeTraceFinal(sqlite3_context *ctx){
  ChromeAgg *p = sqlite3_aggregate_context(ctx, 0);
  ChromeTrace *t = p ? p->pTrace : 0;
  char *z;
  size_t n;
  int rc;
  if( p==0 || !p->bFailed ){
    if( t==0 ) t = chrome_trace_new(length_limit(ctx));      /* no rows: an empty trace */
    rc = t ? chrome_trace_finish(t, &z, &n) : CHROME_NOMEM;
    if( rc==CHROME_OK ) sqlite3_result_text64(ctx, z, (sqlite3_uint64)n, free, SQLITE_UTF8);
    else chrome_trace_error(ctx, rc, "");
  }
  chrome_trace_free(t);
}

int sql_functions_register_version(sqlite3 *db){
  return sqlite3_create_function(db, "timetrace_version", 0, PURE, 0, versionFunc, 0, 0);
}

int sql_function_create(sqlite3 *db, const char *zName, int nArg, int eTextRep, void *pApp,
                        void (*xFunc)(sqlite3_context*, int, sqlite3_value**),
                        void (*xStep)(sqlite3_context*, int, sqlite3_value**),
                        void (*xFinal)(sqlite3_context*)){
  int rc = sqlite3_create_function(db, zName, nArg, eTextRep, pApp, xFunc, xStep, xFinal);
  return rc==SQLITE_BUSY ? SQLITE_OK : rc;      /* db's own is kept: see timetrace.c */
}

int sql_functions_register(sqlite3 *db){
  int i, rc = sql_function_create(db, "rust_demangle", 1, PURE, 0, rustDemangleFunc, 0, 0);
  if( rc==SQLITE_OK ) rc = sql_function_create(db, "rust_demangle", 2, PURE, 0, rustDemangleFunc, 0, 0);
  if( rc==SQLITE_OK ) rc = sql_function_create(db, "demangle", 1, PURE, 0, demangleFunc, 0, 0);
  if( rc==SQLITE_OK ) rc = sql_function_create(db, "crate_of", 1, PURE, 0, crateOfFunc, 0, 0);
  if( rc==SQLITE_OK ) rc = sql_function_create(db, "crate_of", 2, PURE, 0, crateOfFunc, 0, 0);
  if( rc==SQLITE_OK ) rc = sql_function_create(db, "crates_of", 1, PURE, 0, cratesOfFunc, 0, 0);
  if( rc==SQLITE_OK ) rc = sql_function_create(db, "instantiating_crate", 1, PURE, 0, instantiatingCrateFunc, 0, 0);
  if( rc==SQLITE_OK ) rc = sql_function_create(db, "strip_generics", 1, PURE, 0, stripGenericsFunc, 0, 0);
  if( rc==SQLITE_OK ) rc = sql_function_create(db, "regexp", 2, PURE, 0, regexpFunc, 0, 0);
  if( rc==SQLITE_OK ) rc = sql_function_create(db, "duration_text", 1, PURE, 0, durationTextFunc, 0, 0);
  if( rc==SQLITE_OK ) rc = sql_function_create(db, "duration_text", 2, PURE, 0, durationTextFunc, 0, 0);
  for(i=2; rc==SQLITE_OK && i<=4; i++){
    rc = sql_function_create(db, "flamegraph", i, PURE, (void*)&flameKindPlain, 0, flamegraphStep, flamegraphFinal);
  }
  for(i=3; rc==SQLITE_OK && i<=5; i++){
    rc = sql_function_create(db, "flamegraph_diff", i, PURE, (void*)&flameKindDiff, 0, flamegraphStep, flamegraphFinal);
  }
  for(i=8; rc==SQLITE_OK && i<=10; i++){
    rc = sql_function_create(db, "chrome_trace", i, PURE, 0, 0, chromeTraceStep, chromeTraceFinal);
  }
  return rc;
}
