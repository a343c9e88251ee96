/*
** fuzz_symbol_path.c: libFuzzer target for ext/symbol_path.c.
**
** Build with `make fuzz` (clang -fsanitize=fuzzer,address,undefined), run
**     build/fuzz/fuzz_symbol_path -max_len=4096 -timeout=5 CORPUS_DIR
** Each input is one demangled symbol (any bytes, NUL included).  Checks
** beyond "no crash": a crate points inside the input and is not empty,
** NONSTD finds a crate whenever OUTER does, the JSON is an array (also
** with a first crate from elsewhere), strip_generics writes at most the
** input's length (into a buffer of exactly that size).
*/
#include "symbol_path.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData);

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData){
  const char *z = (const char*)aData;
  const char *zOuter = 0, *zNonstd = 0;
  size_t nOuter = 0, nNonstd = 0, nJson = 0;
  char *zJson, *zStrip;
  if( symbol_crate(z, nData, SYMBOL_CRATE_OUTER, &zOuter, &nOuter)!=0 ) abort();
  if( symbol_crate(z, nData, SYMBOL_CRATE_NONSTD, &zNonstd, &nNonstd)!=0 ) abort();
  if( zOuter && (nOuter==0 || zOuter<z || zOuter+nOuter>z+nData) ) abort();
  if( zNonstd && (nNonstd==0 || zNonstd<z || zNonstd+nNonstd>z+nData) ) abort();
  if( zOuter && !zNonstd ) abort();
  zJson = symbol_crates_json(z, nData, &nJson);
  if( zJson ){
    if( nJson<2 || zJson[0]!='[' || zJson[nJson-1]!=']' || strlen(zJson)!=nJson ) abort();
    free(zJson);
  }
  zJson = symbol_crates_json_first(z, nData, z, nData/8, &nJson);
  if( zJson ){
    if( nJson<2 || zJson[0]!='[' || zJson[nJson-1]!=']' || strlen(zJson)!=nJson ) abort();
    free(zJson);
  }
  zStrip = malloc(nData ? nData : 1);
  if( zStrip ){
    if( symbol_strip_generics(z, nData, zStrip)>nData ) abort();
    free(zStrip);
  }
  return 0;
}
