/*
** itanium_size.c: owns the size bound of a demangled C++ symbol
** (itanium_size_bound(), see itanium_size.h), the guard that keeps
** __cxa_demangle's time and memory proportional to its input.
**
** How.  The name is parsed the way libiberty's cp-demangle (GCC 12) parses
** it, into a small tree of our own: the same productions, the same
** substitution candidates added at the same points (so S<n>_ finds the
** same entry), the same template-argument lists.  Each node knows how
** many bytes it prints itself (a name its length, "operator" and the
** operator, separators and parentheses, a generous constant for the
** fixed strings of special names); a reference is an edge to the node it
** refers to, so the tree is a DAG and the bound of a node is its own bytes
** plus the bounds of its children, computed once per node.
**
** Template parameters.  The printer looks T<n>_ up in the argument list
** of the innermost function template being printed (and, inside a
** conversion operator's type, of the enclosing template), then prints
** that argument with the parameter list popped.  Here T<n>_ is bounded by
** the largest argument n of ANY list it could be (every list of a function
** template's name; every template list at all inside a conversion
** type).  Such a bound may refer to itself (an argument that contains the
** parameter it is looked up from); the evaluation follows references
** depth first and gives up (ITANIUM_SIZE_UNBOUNDED) on any cycle: every
** step of a cycle prints something, so no finite bound exists for it.
** Pack expansions (Dp) print their pattern once per element of the pack
** they find, so they are bounded by the longest pack times the pattern
** with each pack parameter counted at its largest element (plus the walk
** that looks for the pack, and the pattern printed once when none is
** found).  A lambda's parameters print T<n>_ as "auto:N".  The template
** context (which function's list T<n>_ looks in) is part of the memo key:
** a function template's signature uses its own list; elsewhere any
** function's list may be the one.
**
** The parser follows cp-demangle where it matters for the bound; what it
** does not read it reports as ITANIUM_SIZE_UNPARSED (the caller then
** decides by itanium_has_reference()).  Two more things cost the real
** demangler time without output, and are refused here: a conversion
** operator's template-template parameter with arguments is parsed,
** dropped and parsed again (cv T_ I...), so nested ones take exponential
** time; and recursion deeper than IS_MAX_DEPTH.  And one costs memory:
** the printer's stack array of (templates x references to template
** parameters), limited by IS_MAX_SCOPES.
*/

#include "itanium_tree.h"

#include <stdlib.h>
#include <string.h>

/* Evaluation: the bound of a node in a mode and template context,
** memoized, cycles refused.  A context is 0 (any function's list) or the
** number of one function's list (what the printer's innermost template
** is while it prints that function's signature). */

static uint64_t is_eval(IsState *p, uint32_t id, int eMode, uint32_t iCtx);

/* Argument k of list iList, or 0. */
static uint32_t is_list_item(IsState *p, uint32_t iList, uint32_t k){
  while( iList && p->aNode[iList].eKind==IS_LIST && p->aNode[iList].iLeft ){
    if( k==0 ) return p->aNode[iList].iLeft;
    k--;
    iList = p->aNode[iList].iRight;
  }
  return 0;
}

/* Bound of argument nParam of list iList as T<nParam>_ prints it: the
** argument, or in a pack expansion one element of a pack; printed with
** the list popped, so in any context. */
static uint64_t is_eval_arg(IsState *p, uint32_t iList, uint32_t nParam, int eMode){
  uint32_t iArg = is_list_item(p, iList, nParam);
  uint64_t nMax = 0;
  if( iArg==0 ) return 0;
  if( eMode!=IS_MODE_PACK || p->aNode[iArg].eKind!=IS_LIST ){
    return is_eval(p, iArg, IS_MODE_NORMAL, 0);
  }
  for(; iArg && p->aNode[iArg].iLeft; iArg = p->aNode[iArg].iRight){
    uint64_t v = is_eval(p, p->aNode[iArg].iLeft, IS_MODE_NORMAL, 0);
    if( v>nMax ) nMax = v;
  }
  return nMax;
}
/* T<n>_: the lookup walks at most n list cells, then prints the argument.
** In a conversion type the list is that of any template being printed;
** else that of the context, or of any function when it is not known. */
static uint64_t is_eval_tparam(IsState *p, uint32_t id, int eMode, uint32_t iCtx){
  uint32_t nParam = p->aNode[id].nParam, k;
  uint64_t nMax = 0, v;
  if( eMode==IS_MODE_CONV ){
    for(k=0; k<p->nList; k++){
      v = is_eval_arg(p, p->aList[k], nParam, IS_MODE_NORMAL);
      if( v>nMax ) nMax = v;
    }
  }else if( iCtx ){
    nMax = is_eval_arg(p, p->aCtxList[iCtx-1], nParam, eMode);
  }else{
    for(k=0; k<p->nCtx; k++){
      v = is_eval_arg(p, p->aCtxList[k], nParam, eMode);
      if( v>nMax ) nMax = v;
    }
  }
  return is_add(nMax, (nParam < p->nMaxList ? nParam : p->nMaxList) + 2);
}
static uint64_t is_eval_node(IsState *p, uint32_t id, int eMode, uint32_t iCtx){
  IsNode *pNode = &p->aNode[id];
  int eLeft = eMode, eRight = eMode;
  uint32_t iRightCtx = iCtx;
  uint64_t v;
  switch( pNode->eKind ){
    case IS_TPARAM:
      if( eMode==IS_MODE_LAMBDA ) return pNode->nOwn + 16;    /* "auto:N" */
      return is_eval_tparam(p, id, eMode, iCtx);
    case IS_PACKEXP: {
      /* the search for a pack walks the pattern (no more than its bound);
      ** a pack found: the pattern once per element, each parameter at its
      ** largest element; none found: once, as it is */
      int ePattern = eMode>=IS_MODE_CONV ? eMode : IS_MODE_PACK;
      uint64_t nPattern = is_eval(p, pNode->iLeft, ePattern, iCtx);
      uint64_t nPlain = is_eval(p, pNode->iLeft, eMode, iCtx);
      v = is_mul((uint64_t)p->nMaxPack, is_add(nPattern, 2));
      if( nPlain > v ) v = nPlain;
      return is_add(is_add(v, nPattern), pNode->nOwn);
    }
    case IS_FOLD:
      if( eMode==IS_MODE_PACK ) eLeft = eRight = IS_MODE_NORMAL;
      break;
    case IS_CONV:
      if( eMode!=IS_MODE_LAMBDA ) eLeft = eRight = IS_MODE_CONV;
      break;
    case IS_TYPED:
      /* the name prints in the outer context, the signature in its own */
      iRightCtx = pNode->nParam;
      if( eMode==IS_MODE_CONV ) eRight = IS_MODE_NORMAL;
      break;
    case IS_LAMBDA:
      eLeft = eRight = IS_MODE_LAMBDA;
      break;
  }
  v = pNode->nOwn;
  if( pNode->iLeft ) v = is_add(v, is_eval(p, pNode->iLeft, eLeft, iCtx));
  if( pNode->iRight ) v = is_add(v, is_eval(p, pNode->iRight, eRight, iRightCtx));
  return v;
}
static uint64_t is_eval(IsState *p, uint32_t id, int eMode, uint32_t iCtx){
  size_t k = ((size_t)id * IS_NMODE + (size_t)eMode) * (p->nCtx + 1) + iCtx;
  uint64_t v;
  if( p->eErr ) return ITANIUM_SIZE_MAX;
  if( p->aMark[k]==2 ) return p->aMemo[k];
  if( p->aMark[k]==1 || p->nEvalDepth >= IS_MAX_DEPTH ){
    p->eErr = ITANIUM_SIZE_UNBOUNDED;       /* a cycle, or too deep */
    return ITANIUM_SIZE_MAX;
  }
  p->aMark[k] = 1;
  p->nEvalDepth++;
  v = is_eval_node(p, id, eMode, iCtx);
  p->nEvalDepth--;
  p->aMark[k] = 2;
  p->aMemo[k] = v;
  return v;
}

/* ------------------------------------------------------------------ */
static void is_free(IsState *p){
  free(p->aNode);
  free(p->aSub);
  free(p->aList);
  free(p->aMemo);
  free(p->aMark);
}
/* See itanium_size.h. */
int itanium_size_bound(const char *z, size_t n, uint64_t *pnBound){
  IsState s;
  uint32_t iRoot;
  int rc;
  memset(&s, 0, sizeof(s));
  *pnBound = ITANIUM_SIZE_MAX;
  if( z==0 || n > 0x3fffffff ) return ITANIUM_SIZE_UNPARSED;
  s.z = z;
  s.n = n;
  s.eUnresolved = 1;
  iRoot = itanium_parse(&s);
  if( iRoot==0 && s.eErr==0 && s.eUnresolved==-1 ){
    /* cp-demangle reads "sr" names the old way when the new way failed */
    s.eUnresolved = 0;
    iRoot = itanium_parse(&s);
  }
  if( s.eErr==0 && iRoot && (uint64_t)s.nTemplate * s.nRefParam > IS_MAX_SCOPES ){
    s.eErr = ITANIUM_SIZE_UNBOUNDED;
  }
  if( s.eErr ){
    rc = s.eErr;
  }else if( iRoot==0 ){
    rc = ITANIUM_SIZE_UNPARSED;
  }else{
    size_t nSlot = (size_t)s.nNode * IS_NMODE * (s.nCtx + 1);
    s.aMemo = malloc(nSlot * sizeof(uint64_t));
    s.aMark = calloc(nSlot, 1);
    if( s.aMemo==0 || s.aMark==0 ){
      rc = ITANIUM_SIZE_NOMEM;
    }else{
      uint64_t v = is_eval(&s, iRoot, IS_MODE_NORMAL, 0);
      rc = s.eErr ? s.eErr : ITANIUM_SIZE_OK;
      if( rc==ITANIUM_SIZE_OK ) *pnBound = is_add(v, 1);   /* a leading '.' */
    }
  }
  is_free(&s);
  return rc;
}
/* See itanium_size.h. */
int itanium_has_reference(const char *z, size_t n){
  size_t i;
  for(i=0; i+1<n; i++){
    char c = z[i+1];
    if( z[i]=='S' && (c=='_' || is_digit(c) || is_upper(c)) ) return 1;
    if( z[i]=='T' && (c=='_' || is_digit(c)) ) return 1;
  }
  return 0;
}
