/*
** test_pass_detail.c: pass_detail_symbol (ext/pass_detail.c), the function
** a pass's detail names.  Each case is a detail and the symbol it names
** (NULL: none).  The forms are the ones LLVM 14 and 22 write in rustc's
** and clang's traces (tests/data/tiny-v0.json, clang-*.json); the
** tree oracle (tests/oracle/tree_rules.py) checks the same rule on every
** slice of the real traces.
*/
#include "pass_detail.h"
#include "unit.h"

static const char *named(const char *z){
  static char aBuf[256];
  size_t iStart, nLen;
  if( !pass_detail_symbol(z, strlen(z), &iStart, &nLen) ) return 0;
  snprintf(aBuf, sizeof(aBuf), "%.*s", (int)nLen, z + iStart);
  return aBuf;
}

int main(void){
  static const struct { const char *zDetail, *zWant; } aCase[] = {
    /* the three forms */
    {"_RINvCsUDA5GgzdIC_4tiny4bumpKln3_EB2_", "_RINvCsUDA5GgzdIC_4tiny4bumpKln3_EB2_"},
    {"(_RNvCsUDA5GgzdIC_4tiny4main)", "_RNvCsUDA5GgzdIC_4tiny4main"},
    {"loop %<unnamed loop> in function _RINvCsUDA5GgzdIC_4tiny7largestdEB2_", "_RINvCsUDA5GgzdIC_4tiny7largestdEB2_"},
    {"loop %bb3 in function _ZN4tiny4main17h0123456789abcdefE", "_ZN4tiny4main17h0123456789abcdefE"},
    /* the last " in function " counts: a loop may be named anything */
    {"loop %x in function y in function _RNv1a", "_RNv1a"},
    /* C++, Rust legacy, macOS's extra underscore, LLVM's suffixes */
    {"_ZN8nlohmann6detail5lexerE", "_ZN8nlohmann6detail5lexerE"},
    {"__ZN3foo3barEv", "__ZN3foo3barEv"},
    {"__RNvC1a1b", "__RNvC1a1b"},
    {"_ZN3foo3barEv.llvm.12345", "_ZN3foo3barEv.llvm.12345"},
    {"_ZN4core3ptr13drop_in_place$LT$u8$GT$E", "_ZN4core3ptr13drop_in_place$LT$u8$GT$E"},
    /* nothing that names one function */
    {"[module]", 0},
    {"(_RNvC1a1f, _RNvC1a1g)", 0},
    {"X86 DAG->DAG Instruction Selection", 0},
    {"/usr/include/c++/12/bits/stl_vector.h", 0},
    {"std::vector<bool>", 0},
    {"main", 0},
    {"", 0},
    {"_R", 0}, {"_Z", 0}, {"__R", 0}, {"___ZN1a", 0}, {"_X1a", 0},
    {"_RNv a", 0},
    {"()", 0},
    {"(_RNvC1a1f", 0},
    {"_RNvC1a1f)", 0},
    {"loop %bb3", 0},
    {"loop ", 0},
    {"loop %bb3 in function ", 0},
    {"loop %bb3 in function main", 0},
    {"((_RNvC1a1f))", 0},
  };
  size_t i;
  for(i=0; i<sizeof(aCase)/sizeof(aCase[0]); i++){
    CHECK_STR(named(aCase[i].zDetail), aCase[i].zWant);
  }
  return unit_report();
}
