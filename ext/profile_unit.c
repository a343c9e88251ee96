/*
** profile_unit.c: the unit of a self-profile file (profile_unit.h).
*/
#include "profile_unit.h"
#include "trace_source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An argument of the command line: the n bytes at z. */
typedef struct CmdArg { const char *z; size_t n; } CmdArg;

/* The argument after position *pz in the command (split at spaces), or
** n = 0 at the end; moves *pz past it. */
static CmdArg cmd_next(const char **pz){
  CmdArg a;
  const char *z = *pz;
  while( *z==' ' ) z++;
  a.z = z;
  while( *z && *z!=' ' ) z++;
  a.n = (size_t)(z - a.z);
  *pz = z;
  return a;
}

static int arg_is(CmdArg a, const char *zLit){
  return a.n==strlen(zLit) && memcmp(a.z, zLit, a.n)==0;
}

/* Does a start with zPrefix?  Then the rest is in *pRest. */
static int arg_has_prefix(CmdArg a, const char *zPrefix, CmdArg *pRest){
  size_t n = strlen(zPrefix);
  if( a.n<n || memcmp(a.z, zPrefix, n)!=0 ) return 0;
  pRest->z = a.z + n;
  pRest->n = a.n - n;
  return 1;
}

/* The value of "-C extra-filename=V" or "-Cextra-filename=V" in a, after
** the option letter (the argument that follows "-C", or a itself). */
static int codegen_extra(CmdArg a, CmdArg *pOut){
  return arg_has_prefix(a, "extra-filename=", pOut);
}

/* Crate name, out-dir and extra filename from zCmd (n = 0 when absent). */
static void cmd_scan(const char *zCmd, CmdArg *pCrate, CmdArg *pOut, CmdArg *pExtra){
  const char *z = zCmd;
  CmdArg a, v;
  memset(pCrate, 0, sizeof(*pCrate));
  memset(pOut, 0, sizeof(*pOut));
  memset(pExtra, 0, sizeof(*pExtra));
  while( (a = cmd_next(&z)).n ){
    if( arg_is(a, "--crate-name") ) *pCrate = cmd_next(&z);
    else if( arg_has_prefix(a, "--crate-name=", &v) ) *pCrate = v;
    else if( arg_is(a, "--out-dir") ) *pOut = cmd_next(&z);
    else if( arg_has_prefix(a, "--out-dir=", &v) ) *pOut = v;
    else if( arg_is(a, "-C") ){
      a = cmd_next(&z);
      if( codegen_extra(a, &v) ) *pExtra = v;
    }else if( arg_has_prefix(a, "-C", &v) && codegen_extra(v, &v) ){
      *pExtra = v;
    }
  }
}

static int ends_with(const char *z, size_t n, const char *zSuffix){
  size_t m = strlen(zSuffix);
  return n>=m && memcmp(z + n - m, zSuffix, m)==0;
}

/* The unit from the file name: "<crate>-<pid>.mm_profdata[.gz]" -> crate. */
static char *unit_of_name(const char *zPath){
  const char *zBase = strrchr(zPath, '/');
  size_t n, i;
  char *z;
  zBase = zBase ? zBase + 1 : zPath;
  n = strlen(zBase);
  if( ends_with(zBase, n, ".gz") ) n -= 3;
  if( ends_with(zBase, n, ".mm_profdata") ) n -= 12;
  for(i=n; i>0 && zBase[i-1]>='0' && zBase[i-1]<='9'; i--){}
  if( i>1 && i<n && zBase[i-1]=='-' ) n = i - 1;
  z = malloc(n + 1);
  if( z==0 ) return 0;
  memcpy(z, zBase, n);
  z[n] = 0;
  return z;
}

char *profile_unit(const char *zPath, const char *zCmd){
  CmdArg crate, out, extra;
  char *zOutput, *zUnit;
  size_t n;
  if( zCmd==0 ) return unit_of_name(zPath);
  cmd_scan(zCmd, &crate, &out, &extra);
  if( crate.n==0 || out.n==0 ) return unit_of_name(zPath);
  /* where rustc writes this compilation's LLVM trace, whose unit it is */
  n = out.n + 1 + crate.n + extra.n + sizeof(".llvm_timings.json");
  zOutput = malloc(n);
  if( zOutput==0 ) return 0;
  snprintf(zOutput, n, "%.*s/%.*s%.*s.llvm_timings.json", (int)out.n, out.z,
           (int)crate.n, crate.z, (int)extra.n, extra.z);
  zUnit = trace_source_unit(zOutput);
  free(zOutput);
  return zUnit;
}
