/*
** pass_detail.h: the function an event's args.detail names, for the
** call tree's `function` column.  Plain C, no SQLite.
**
**   size_t iStart, nLen;
**   if( pass_detail_symbol(zDetail, nDetail, &iStart, &nLen) ) ... zDetail[iStart..iStart+nLen)
**
** LLVM's and clang's time traces name the function a pass works on in the
** pass's detail, mangled, in three forms (LLVM 14 to 22, rustc and clang):
**   _RNvCs..._4tiny4main            a function pass, OptFunction
**   (_RNvCs..._4tiny4main)          a CGSCC pass on an SCC of one function
**   loop %bb3 in function _RNv...   a loop pass (LLVM's loop name, then
**                                   the function)
** The symbol is a mangled name: `_R` (Rust v0), `_Z` (Itanium C++ and
** Rust legacy), each with an optional extra leading `_` (macOS), followed
** by symbol bytes only ([A-Za-z0-9_$.]).  Anything else names no single
** function: `[module]`, an SCC of several functions `(f, g)`, file names,
** type names (clang's frontend events), C functions' plain names.
*/
#ifndef TIMETRACE_PASS_DETAIL_H
#define TIMETRACE_PASS_DETAIL_H
#include <stddef.h>

/* 1 and the symbol's place in z[0..n) in *piStart, *pnLen when the detail
** names one function, else 0. */
int pass_detail_symbol(const char *z, size_t n, size_t *piStart, size_t *pnLen);

#endif
