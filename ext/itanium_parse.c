/*
** itanium_parse.c: owns reading names, types and template arguments of an
** Itanium C++ mangled name into the tree of itanium_tree.h, and the node
** store; see itanium_size.c for what the tree is for.
**
** Each function follows the cp-demangle (GCC 12) function of the same name
** (d_name, d_prefix, cplus_demangle_type ...) in what it accepts and,
** above all, in when it adds a substitution candidate: S<n>_ must find the
** node cp-demangle finds.  GCC 12 details kept on purpose: d_prefix reads
** a component loop (not the later rewrite); a standard abbreviation with
** ABI tags is added twice in a type; lambdas are not candidates, unnamed
** types are.
*/
#include "itanium_tree.h"

#include <stdlib.h>
#include <string.h>

/* Recursion guard around every parse function that can nest: false (and
** the parse abandoned) beyond IS_MAX_DEPTH or after a fatal error. */
int itanium_enter(IsState *p){
  if( p->eErr ) return 0;
  if( ++p->nDepth > IS_MAX_DEPTH ){ p->eErr = ITANIUM_SIZE_UNBOUNDED; return 0; }
  return 1;
}

/* Grow the array *pa of *pnAlloc elements of size sz to hold one more. */
static int is_grow(IsState *p, void **pa, uint32_t *pnAlloc, uint32_t nUsed, size_t sz){
  void *aNew;
  uint32_t nNew;
  if( nUsed < *pnAlloc ) return 1;
  nNew = *pnAlloc ? *pnAlloc * 2 : 64;
  aNew = realloc(*pa, (size_t)nNew * sz);
  if( aNew==0 ){ p->eErr = ITANIUM_SIZE_NOMEM; return 0; }
  *pa = aNew;
  *pnAlloc = nNew;
  return 1;
}
/* A new node, or 0 on OOM.  Ids start at 1 (itanium_parse() sets nNode). */
uint32_t itanium_node(IsState *p, int eKind, int eType, uint64_t nOwn,
                        uint32_t iLeft, uint32_t iRight){
  IsNode *pNode;
  if( !is_grow(p, (void**)&p->aNode, &p->nNodeAlloc, p->nNode, sizeof(IsNode)) ){
    return 0;
  }
  pNode = &p->aNode[p->nNode];
  pNode->eKind = (unsigned char)eKind;
  pNode->eType = (unsigned char)eType;
  pNode->iLeft = iLeft;
  pNode->iRight = iRight;
  pNode->nParam = 0;
  pNode->nOwn = is_add(nOwn, IS_PAD);
  return p->nNode++;
}
/* A node that needs both children: 0 when one is missing. */
uint32_t itanium_pair(IsState *p, int eType, uint64_t nOwn, uint32_t iLeft, uint32_t iRight){
  if( iLeft==0 || iRight==0 ) return 0;
  return itanium_node(p, IS_SEQ, eType, nOwn, iLeft, iRight);
}
/* A node over one child: 0 when it is missing. */
uint32_t itanium_wrap(IsState *p, int eType, uint64_t nOwn, uint32_t iChild){
  if( iChild==0 ) return 0;
  return itanium_node(p, IS_SEQ, eType, nOwn, iChild, 0);
}
int itanium_type_of(IsState *p, uint32_t id){ return id ? p->aNode[id].eType : -1; }
int itanium_add_sub(IsState *p, uint32_t id){
  if( id==0 ) return 0;
  if( p->nSub >= p->n ) return 0;         /* cp-demangle's table holds n entries */
  if( !is_grow(p, (void**)&p->aSub, &p->nSubAlloc, p->nSub, sizeof(uint32_t)) ) return 0;
  p->aSub[p->nSub++] = id;
  return 1;
}
/* Record the argument list iList of a TEMPLATE node. */
static int is_add_list(IsState *p, uint32_t iList){
  if( p->nList >= p->nListAlloc ){
    uint32_t nNew = p->nListAlloc ? p->nListAlloc*2 : 16;
    uint32_t *aList = realloc(p->aList, nNew * sizeof(uint32_t));
    if( aList==0 ){ p->eErr = ITANIUM_SIZE_NOMEM; return 0; }
    p->aList = aList;
    p->nListAlloc = nNew;
  }
  p->aList[p->nList++] = iList;
  return 1;
}
/* Record iList as a function template's list; returns its context
** number (from 1), 0 when there are too many. */
uint32_t itanium_add_context(IsState *p, uint32_t iList){
  uint32_t k;
  for(k=0; k<p->nCtx; k++){
    if( p->aCtxList[k]==iList ) return k+1;
  }
  if( p->nCtx>=IS_MAX_CONTEXT ){ p->eErr = ITANIUM_SIZE_UNBOUNDED; return 0; }
  p->aCtxList[p->nCtx++] = iList;
  return p->nCtx;
}
uint32_t itanium_template(IsState *p, uint32_t iName, uint32_t iArgs){
  if( iName==0 || iArgs==0 ) return 0;
  if( !is_add_list(p, iArgs) ) return 0;
  p->nTemplate++;
  return itanium_node(p, IS_SEQ, IT_TEMPLATE, 2, iName, iArgs);
}
/* [n] <decimal>: returns the value (clamped), -1 on overflow. */
long itanium_number(IsState *p){
  int bNeg = 0;
  long v = 0;
  if( is_peek(p)=='n' ){ bNeg = 1; p->i++; }
  while( is_digit(is_peek(p)) ){
    if( v > (0x7fffffffL - (is_peek(p)-'0'))/10 ) return -1;
    v = v*10 + (is_peek(p)-'0');
    p->i++;
  }
  return bNeg ? -v : v;
}
/* <non-negative number> _ : returns n+1 or 0 for "_", -1 when invalid. */
long itanium_compact_number(IsState *p){
  long v;
  if( is_peek(p)=='_' ) v = 0;
  else if( is_peek(p)=='n' ) return -1;
  else{
    v = itanium_number(p);
    if( v<0 || v==0x7fffffffL ) return -1;
    v++;
  }
  if( !is_check(p, '_') ) return -1;
  return v;
}
uint32_t itanium_source_name(IsState *p){
  long len = itanium_number(p);
  if( len<=0 || (size_t)len > p->n - p->i ) return 0;
  p->i += (size_t)len;
  if( (size_t)len > p->nMaxName ) p->nMaxName = (size_t)len;
  /* "_GLOBAL__N..." prints as "(anonymous namespace)" */
  if( len>=8 && len<21 && memcmp(p->z + p->i - len, "_GLOBAL_", 8)==0 ) len = 21;
  return itanium_node(p, IS_SEQ, IT_OTHER, (uint64_t)len, 0, 0);
}
/* <ctor-dtor-name>: prints the last name read, at most nMaxName bytes
** (or a standard abbreviation's, at most 14). */
static uint32_t is_ctor_dtor_name(IsState *p){
  uint64_t nName = (p->nMaxName > 21 ? p->nMaxName : 21) + 2;
  if( is_peek(p)=='C' ){
    int bInherit = 0;
    if( is_peek2(p)=='I' ){ bInherit = 1; p->i++; }
    if( !strchr("12345", is_peek2(p)) || is_peek2(p)==0 ) return 0;
    p->i += 2;
    if( bInherit && itanium_type(p)==0 ) return 0;
    return itanium_node(p, IS_SEQ, IT_CTOR, nName, 0, 0);
  }
  if( is_peek(p)=='D' ){
    if( !strchr("01245", is_peek2(p)) || is_peek2(p)==0 ) return 0;
    p->i += 2;
    return itanium_node(p, IS_SEQ, IT_DTOR, nName + 1, 0, 0);
  }
  return 0;
}
/* _ <number> or __ <number> _ : an ignored discriminator. */
static int is_discriminator(IsState *p){
  int nUnder = 1;
  long v;
  if( is_peek(p)!='_' ) return 1;
  p->i++;
  if( is_peek(p)=='_' ){ nUnder++; p->i++; }
  v = itanium_number(p);
  if( v<0 ) return 0;
  if( nUnder>1 && v>=10 ) return is_check(p, '_');
  return 1;
}
/* Ul <parmlist> E [<number>] _ : prints "{lambda(" params ")#" num "}". */
static uint32_t is_lambda(IsState *p){
  uint32_t iParms;
  long v;
  p->i += 2;
  iParms = itanium_parmlist(p);
  if( iParms==0 || !is_check(p, 'E') ) return 0;
  v = itanium_compact_number(p);
  if( v<0 ) return 0;
  return itanium_node(p, IS_LAMBDA, IT_LAMBDA, 32, iParms, 0);
}
/* Ut [<number>] _ : "{unnamed type#N}", a substitution candidate. */
static uint32_t is_unnamed_type(IsState *p){
  uint32_t id;
  p->i += 2;
  if( itanium_compact_number(p)<0 ) return 0;
  id = itanium_node(p, IS_SEQ, IT_UNNAMED, 32, 0, 0);
  if( !itanium_add_sub(p, id) ) return 0;
  return id;
}
/* B <source-name> ... : "[abi:tag]" each; the last name is kept. */
static uint32_t is_abi_tags(IsState *p, uint32_t id){
  while( id && is_peek(p)=='B' ){
    p->i++;
    id = itanium_pair(p, IT_OTHER, 6, id, itanium_source_name(p));
  }
  return id;
}
/* DC <source-name>+ E : "[a, b]". */
static uint32_t is_structured_binding(IsState *p){
  uint32_t id = 0;
  p->i += 2;
  do{
    uint32_t iName = itanium_source_name(p);
    if( iName==0 ) return 0;
    id = id ? itanium_pair(p, IT_OTHER, 2, id, iName) : itanium_wrap(p, IT_OTHER, 2, iName);
  }while( id && is_peek(p)!='E' && is_peek(p)!=0 );
  if( !is_check(p, 'E') ) return 0;
  return id;
}
uint32_t itanium_unqualified_name(IsState *p, uint32_t iScope){
  char c = is_peek(p);
  uint32_t id = 0;
  if( !itanium_enter(p) ) return 0;
  if( is_digit(c) ){
    id = itanium_source_name(p);
  }else if( is_lower(c) ){
    int nArgs, bWas = p->bExpression;
    char azCode[2];
    if( c=='o' && is_peek2(p)=='n' ){ p->i += 2; p->bExpression = 0; }
    id = itanium_operator_name(p, &nArgs, azCode);
    p->bExpression = bWas;
    if( id && azCode[0]=='l' && azCode[1]=='i' ){
      id = itanium_pair(p, IT_OTHER, 0, id, itanium_source_name(p));
    }
  }else if( c=='D' && is_peek2(p)=='C' ){
    id = is_structured_binding(p);
  }else if( c=='C' || c=='D' ){
    id = is_ctor_dtor_name(p);
  }else if( c=='L' ){
    p->i++;
    id = itanium_source_name(p);
    if( id && !is_discriminator(p) ) id = 0;
  }else if( c=='U' ){
    if( is_peek2(p)=='l' ) id = is_lambda(p);
    else if( is_peek2(p)=='t' ) id = is_unnamed_type(p);
  }
  if( id && is_peek(p)=='B' ) id = is_abi_tags(p, id);
  if( id && iScope ) id = itanium_pair(p, IT_QUAL, 2, iScope, id);
  IS_LEAVE(p, id);
}
/* Verbose text of the standard abbreviations (c++filt's DMGL_VERBOSE). */
static int is_std_sub_bytes(char c){
  switch( c ){
    case 't': return 3;    /* std */
    case 'a': return 14;   /* std::allocator */
    case 'b': return 17;   /* std::basic_string */
    case 's': return 70;   /* std::basic_string<char, ...> */
    case 'i': return 49;   /* std::basic_istream<char, ...> */
    case 'o': return 49;
    case 'd': return 50;
    default: return -1;
  }
}
/* <substitution>: the referenced node, or a new standard one. */
static uint32_t is_substitution(IsState *p){
  char c;
  if( !is_check(p, 'S') ) return 0;
  c = is_peek(p);
  p->i++;
  if( c=='_' || is_digit(c) || is_upper(c) ){
    uint64_t v = 0;
    if( c!='_' ){
      do{
        if( is_digit(c) ) v = v*36 + (uint64_t)(c - '0');
        else if( is_upper(c) ) v = v*36 + (uint64_t)(c - 'A' + 10);
        else return 0;
        if( v > 0xffffffffu ) return 0;
        c = is_peek(p);
        if( c==0 ) return 0;
        p->i++;
      }while( c!='_' );
      v++;
    }
    if( v >= p->nSub ) return 0;
    return p->aSub[v];
  }else{
    int nBytes = is_std_sub_bytes(c);
    uint32_t id;
    if( nBytes<0 ) return 0;
    id = itanium_node(p, IS_SEQ, IT_SUBSTD, (uint64_t)nBytes, 0, 0);
    if( id && is_peek(p)=='B' ){
      id = is_abi_tags(p, id);
      if( !itanium_add_sub(p, id) ) return 0;
    }
    return id;
  }
}
/* <prefix> as GCC 12 reads it: components until 'E', each but the last
** (and but substitutions) a substitution candidate when bSubst. */
uint32_t itanium_prefix(IsState *p, int bSubst){
  uint32_t iRet = 0;
  if( !itanium_enter(p) ) return 0;
  for(;;){
    char c = is_peek(p);
    uint32_t iComp = 0;
    int bTemplate = 0;
    if( c==0 ) IS_LEAVE(p, 0);
    if( c=='D' && (is_peek2(p)=='T' || is_peek2(p)=='t') ){
      iComp = itanium_type(p);
    }else if( is_digit(c) || is_lower(c) || c=='C' || c=='D' || c=='U' || c=='L' ){
      iComp = itanium_unqualified_name(p, 0);
    }else if( c=='S' ){
      iComp = is_substitution(p);
    }else if( c=='I' ){
      if( iRet==0 ) IS_LEAVE(p, 0);
      bTemplate = 1;
      iComp = itanium_template_args(p);
    }else if( c=='T' ){
      iComp = itanium_template_param(p);
    }else if( c=='E' ){
      IS_LEAVE(p, iRet);
    }else if( c=='M' ){
      if( iRet==0 ) IS_LEAVE(p, 0);
      p->i++;
      continue;
    }else{
      IS_LEAVE(p, 0);
    }
    if( iComp==0 ) IS_LEAVE(p, 0);
    if( iRet==0 ) iRet = iComp;
    else if( bTemplate ) iRet = itanium_template(p, iRet, iComp);
    else iRet = itanium_pair(p, IT_QUAL, 2, iRet, iComp);
    if( iRet==0 ) IS_LEAVE(p, 0);
    if( c!='S' && is_peek(p)!='E' && bSubst && !itanium_add_sub(p, iRet) ) IS_LEAVE(p, 0);
  }
}
/* True for r, V, K and Dx/Do/DO/Dw at the read position. */
static int is_next_qual(IsState *p){
  char c = is_peek(p), d = is_peek2(p);
  if( c=='r' || c=='V' || c=='K' ) return 1;
  return c=='D' && (d=='x' || d=='o' || d=='O' || d=='w');
}
/* <CV-qualifiers>, each a node over the rest.  Returns the outermost
** qualifier node and sets *piInner to the innermost one, whose left child
** the caller fills; both 0 when there are none.  -1 on error. */
static int is_cv_qualifiers(IsState *p, uint32_t *piOuter, uint32_t *piInner){
  *piOuter = *piInner = 0;
  while( is_next_qual(p) ){
    char c = is_peek(p);
    uint32_t iExtra = 0, id;
    p->i++;
    if( c=='D' ){
      c = is_peek(p);
      p->i++;
      if( c=='O' ){
        iExtra = itanium_expression(p);
        if( iExtra==0 || !is_check(p, 'E') ) return -1;
      }else if( c=='w' ){
        iExtra = itanium_parmlist(p);
        if( iExtra==0 || !is_check(p, 'E') ) return -1;
      }
    }
    /* " transaction_safe" is the longest, " noexcept(" ")" with an expression */
    id = itanium_node(p, IS_SEQ, IT_FNQUAL, 20, 0, iExtra);
    if( id==0 ) return -1;
    if( *piInner ) p->aNode[*piInner].iLeft = id;
    else *piOuter = id;
    *piInner = id;
  }
  return 0;
}
/* <nested-name> ::= N [<CV-qualifiers>] [<ref-qualifier>] <prefix> E */
static uint32_t is_nested_name(IsState *p){
  uint32_t iOuter, iInner, iRef = 0, iPrefix;
  p->i++;
  if( is_cv_qualifiers(p, &iOuter, &iInner) ) return 0;
  if( is_peek(p)=='R' || is_peek(p)=='O' ){
    p->i++;
    iRef = itanium_node(p, IS_SEQ, IT_FNQUAL, 3, 0, 0);
    if( iRef==0 ) return 0;
  }
  iPrefix = itanium_prefix(p, 1);
  if( iPrefix==0 ) return 0;
  if( iInner ) p->aNode[iInner].iLeft = iPrefix;
  else iOuter = iPrefix;
  if( iRef ){ p->aNode[iRef].iLeft = iOuter; iOuter = iRef; }
  if( !is_check(p, 'E') ) return 0;
  return iOuter;
}
/* <local-name> ::= Z <encoding> E (<name> [<discriminator>] | s [<discr>] | d ...) */
static uint32_t is_local_name(IsState *p){
  uint32_t iFunc, iName;
  p->i++;
  iFunc = itanium_encoding(p, 0);
  if( iFunc==0 || !is_check(p, 'E') ) return 0;
  if( is_peek(p)=='s' ){
    p->i++;
    if( !is_discriminator(p) ) return 0;
    iName = itanium_node(p, IS_SEQ, IT_OTHER, 14, 0, 0);   /* "string literal" */
  }else{
    long nDefault = -1;
    if( is_peek(p)=='d' ){
      p->i++;
      nDefault = itanium_compact_number(p);
      if( nDefault<0 ) return 0;
    }
    iName = itanium_name(p, 0);
    if( iName && itanium_type_of(p, iName)!=IT_LAMBDA && itanium_type_of(p, iName)!=IT_UNNAMED
     && !is_discriminator(p) ){
      return 0;
    }
    if( iName && nDefault>=0 ){
      iName = itanium_wrap(p, IT_DEFARG, 32, iName);     /* "{default arg#N}::" */
    }
  }
  return itanium_pair(p, IT_LOCAL, 2, iFunc, iName);
}
uint32_t itanium_name(IsState *p, int bSubstable){
  char c = is_peek(p);
  uint32_t id = 0;
  int bSubst = 0;
  if( !itanium_enter(p) ) return 0;
  if( c=='N' ){
    id = is_nested_name(p);
  }else if( c=='Z' ){
    id = is_local_name(p);
  }else if( c=='U' ){
    id = itanium_unqualified_name(p, 0);
  }else{
    if( c=='S' ){
      if( is_peek2(p)=='t' ){
        p->i += 2;
        id = itanium_node(p, IS_SEQ, IT_OTHER, 3, 0, 0);   /* "std" */
        if( id==0 ) IS_LEAVE(p, 0);
        if( is_peek(p)=='S' ) IS_LEAVE(p, 0);
      }else{
        int bStd = !is_digit(is_peek2(p)) && !is_upper(is_peek2(p)) && is_peek2(p)!='_';
        id = is_substitution(p);
        if( id==0 ) IS_LEAVE(p, 0);
        /* GCC 12 adds a standard abbreviation with ABI tags once more */
        bSubst = !bStd || itanium_type_of(p, id)==IT_SUBSTD;
      }
    }
    if( !bSubst ) id = itanium_unqualified_name(p, id);
    if( id && is_peek(p)=='I' ){
      if( !bSubst && !itanium_add_sub(p, id) ) IS_LEAVE(p, 0);
      id = itanium_template(p, id, itanium_template_args(p));
      bSubst = 0;
    }
  }
  if( id && bSubstable && !bSubst && !itanium_add_sub(p, id) ) IS_LEAVE(p, 0);
  IS_LEAVE(p, id);
}
/* <parmlist> ::= <type>+ as a list; 0 when empty or invalid. */
uint32_t itanium_parmlist(IsState *p){
  uint32_t iHead = 0, iTail = 0;
  for(;;){
    char c = is_peek(p);
    uint32_t iType, iCell;
    if( c==0 || c=='E' || c=='.' ) break;
    if( (c=='R' || c=='O') && is_peek2(p)=='E' ) break;
    iType = itanium_type(p);
    if( iType==0 ) return 0;
    iCell = itanium_node(p, IS_LIST, IT_OTHER, 2, iType, 0);
    if( iCell==0 ) return 0;
    if( iTail ) p->aNode[iTail].iRight = iCell; else iHead = iCell;
    iTail = iCell;
  }
  return iHead;
}
uint32_t itanium_bare_function_type(IsState *p, int bHasReturn){
  uint32_t iRet = 0, iParms;
  if( is_peek(p)=='J' ){ p->i++; bHasReturn = 1; }
  if( bHasReturn ){
    iRet = itanium_type(p);
    if( iRet==0 ) return 0;
  }
  iParms = itanium_parmlist(p);
  if( iParms==0 ) return 0;
  return itanium_node(p, IS_SEQ, IT_OTHER, 2, iRet, iParms);
}
/* F [Y] <bare-function-type> [<ref-qualifier>] E */
static uint32_t is_function_type(IsState *p){
  uint32_t id;
  if( !itanium_enter(p) ) return 0;
  if( !is_check(p, 'F') ) IS_LEAVE(p, 0);
  if( is_peek(p)=='Y' ) p->i++;
  id = itanium_bare_function_type(p, 1);
  if( id && (is_peek(p)=='R' || is_peek(p)=='O') ){
    p->i++;
    id = itanium_wrap(p, IT_FNQUAL, 3, id);
  }
  if( !is_check(p, 'E') ) id = 0;
  IS_LEAVE(p, id);
}
/* A <dimension> _ <type> (array) or Dv ... (vector): dimension digits are
** printed as they are. */
static uint32_t is_array_type(IsState *p){
  uint32_t iDim = 0, iType;
  size_t iStart;
  p->i++;
  iStart = p->i;
  if( is_peek(p)=='_' ){
    iDim = 0;
  }else if( is_digit(is_peek(p)) ){
    while( is_digit(is_peek(p)) ) p->i++;
    iDim = itanium_node(p, IS_SEQ, IT_OTHER, p->i - iStart, 0, 0);
    if( iDim==0 ) return 0;
  }else{
    iDim = itanium_expression(p);
    if( iDim==0 ) return 0;
  }
  if( !is_check(p, '_') ) return 0;
  iType = itanium_type(p);
  if( iType==0 ) return 0;
  return itanium_node(p, IS_SEQ, IT_OTHER, 4, iDim, iType);
}
static uint32_t is_vector_type(IsState *p){
  uint32_t iDim;
  if( is_peek(p)=='_' ){
    p->i++;
    iDim = itanium_expression(p);
  }else{
    size_t iStart = p->i;
    if( itanium_number(p)<0 ) return 0;
    iDim = itanium_node(p, IS_SEQ, IT_OTHER, (p->i - iStart) + 12, 0, 0);
  }
  if( iDim==0 || !is_check(p, '_') ) return 0;
  return itanium_pair(p, IT_OTHER, 16, iDim, itanium_type(p));   /* " __vector(" N ")" */
}
/* T_ / T <n> _ as a node. */
uint32_t itanium_template_param(IsState *p){
  long v;
  uint32_t id;
  if( !is_check(p, 'T') ) return 0;
  v = itanium_compact_number(p);
  if( v<0 ) return 0;
  id = itanium_node(p, IS_TPARAM, IT_OTHER, 0, 0, 0);
  if( id ) p->aNode[id].nParam = (uint32_t)v;
  return id;
}
/* cplus_demangle_type's T case: a template-template parameter may take
** arguments; inside a conversion type cp-demangle parses them, and parses
** them again when they turn out not to belong to it. */
static uint32_t is_type_tparam(IsState *p){
  uint32_t id = itanium_template_param(p);
  if( id==0 || is_peek(p)!='I' ) return id;
  if( !p->bConversion ){
    if( !itanium_add_sub(p, id) ) return 0;
    return itanium_template(p, id, itanium_template_args(p));
  }else{
    size_t iSaved = p->i;
    uint32_t nSubSaved = p->nSub, iArgs;
    if( p->nRetry ){ p->eErr = ITANIUM_SIZE_UNBOUNDED; return 0; }
    p->nRetry++;
    iArgs = itanium_template_args(p);
    p->nRetry--;
    if( iArgs && is_peek(p)=='I' ){
      if( !itanium_add_sub(p, id) ) return 0;
      return itanium_template(p, id, iArgs);
    }
    if( p->eErr ) return 0;
    p->i = iSaved;
    p->nSub = nSubSaved;
    return id;
  }
}
/* Builtin type codes and the longest text each may print. */
static int is_builtin_bytes(char c){
  if( strchr("abcdefghijlmnostvwxyz", c)==0 || c==0 ) return -1;
  return 18;    /* "unsigned long long" is the longest */
}
/* D... types.  *pbSubst says whether the type is a candidate. */
static uint32_t is_type_d(IsState *p, int *pbSubst){
  char c;
  uint32_t id = 0;
  p->i++;
  c = is_peek(p);
  p->i++;
  *pbSubst = 0;
  switch( c ){
    case 'T': case 't':
      id = itanium_wrap(p, IT_OTHER, 12, itanium_expression(p));     /* "decltype (" ")" */
      if( id && !is_check(p, 'E') ) id = 0;
      *pbSubst = 1;
      break;
    case 'p':
      id = itanium_type(p);
      id = id ? itanium_node(p, IS_PACKEXP, IT_OTHER, 5, id, 0) : 0;
      *pbSubst = 1;
      break;
    case 'a': case 'c': case 'f': case 'd': case 'e': case 'h': case 'u':
    case 's': case 'i':
      id = itanium_node(p, IS_SEQ, IT_BUILTIN, 17, 0, 0);        /* "decltype(nullptr)" */
      break;
    case 'n':
      id = itanium_node(p, IS_SEQ, IT_NULLPTR, 17, 0, 0);
      break;
    case 'F': {
      /* DF<N>_ (_FloatN) only.  DF16b (std::bfloat16_t) and DF<N>x
      ** (_FloatNx) are refused: GCC 12's demangler reads them as the
      ** old fixed-point types ("bool _Accum", "long long _Accum") where
      ** c++filt 2.40 prints the new ones; unchanged beats a wrong name. */
      size_t iStart = p->i;
      (void)itanium_number(p);
      if( is_peek(p)=='b' || is_peek(p)=='x' ){
        p->eErr = ITANIUM_SIZE_REFUSED;
        return 0;
      }
      if( is_peek(p)!='_' ) return 0;
      p->i++;
      id = itanium_node(p, IS_SEQ, IT_BUILTIN, 16 + (p->i - iStart), 0, 0);
      break;
    }
    case 'v':
      id = is_vector_type(p);
      *pbSubst = 1;
      break;
    default:
      return 0;
  }
  return id;
}
uint32_t itanium_type(IsState *p){
  char c;
  uint32_t id = 0;
  int bSubst = 1;
  if( !itanium_enter(p) ) return 0;
  if( is_next_qual(p) ){
    uint32_t iOuter, iInner, iBase;
    if( is_cv_qualifiers(p, &iOuter, &iInner) ) IS_LEAVE(p, 0);
    iBase = is_peek(p)=='F' ? is_function_type(p) : itanium_type(p);
    if( iBase==0 ) IS_LEAVE(p, 0);
    p->aNode[iInner].iLeft = iBase;
    if( !itanium_add_sub(p, iOuter) ) IS_LEAVE(p, 0);
    IS_LEAVE(p, iOuter);
  }
  c = is_peek(p);
  if( is_builtin_bytes(c)>0 ){
    p->i++;
    IS_LEAVE(p, itanium_node(p, IS_SEQ, IT_BUILTIN, (uint64_t)is_builtin_bytes(c), 0, 0));
  }
  switch( c ){
    case 'u':
      p->i++;
      id = itanium_wrap(p, IT_OTHER, 0, itanium_source_name(p));
      break;
    case 'F':
      id = is_function_type(p);
      break;
    case 'A':
      id = is_array_type(p);
      break;
    case 'M': {
      uint32_t iClass;
      p->i++;
      iClass = itanium_type(p);
      id = iClass ? itanium_pair(p, IT_OTHER, 8, iClass, itanium_type(p)) : 0;   /* "::*", " (" ")" */
      break;
    }
    case 'T':
      id = is_type_tparam(p);
      break;
    case 'O': case 'P': case 'R':
      p->i++;
      id = itanium_wrap(p, IT_OTHER, 2, itanium_type(p));
      if( id && c!='P' && p->aNode[p->aNode[id].iLeft].eKind==IS_TPARAM ) p->nRefParam++;
      break;
    case 'C': case 'G':
      p->i++;
      id = itanium_wrap(p, IT_OTHER, 11, itanium_type(p));      /* " _Imaginary" */
      break;
    case 'U': {
      uint32_t iName;
      p->i++;
      iName = itanium_source_name(p);
      if( iName && is_peek(p)=='I' ) iName = itanium_template(p, iName, itanium_template_args(p));
      id = iName ? itanium_pair(p, IT_OTHER, 2, itanium_type(p), iName) : 0;
      break;
    }
    case 'D':
      id = is_type_d(p, &bSubst);
      break;
    default:
      IS_LEAVE(p, itanium_name(p, 1));     /* <class-enum-type>, adds itself */
  }
  if( id && bSubst && !itanium_add_sub(p, id) ) IS_LEAVE(p, 0);
  IS_LEAVE(p, id);
}
/* <template-arg>* E after the I or J, as a list (a pack when nested). */
uint32_t itanium_template_args_1(IsState *p){
  uint32_t iHead = 0, iTail = 0, nArg = 0;
  if( is_peek(p)=='E' ){
    p->i++;
    return itanium_node(p, IS_LIST, IT_OTHER, 0, 0, 0);
  }
  if( !itanium_enter(p) ) return 0;
  for(;;){
    uint32_t iArg = 0, iCell;
    char c = is_peek(p);
    if( c=='X' ){
      p->i++;
      iArg = itanium_expression(p);
      if( !is_check(p, 'E') ) iArg = 0;
    }else if( c=='L' ){
      iArg = itanium_expression_1(p);
    }else if( c=='I' || c=='J' ){
      uint32_t nPack = 0, iAt;
      iArg = itanium_template_args(p);
      for(iAt=iArg; iAt && p->aNode[iAt].iLeft; iAt=p->aNode[iAt].iRight) nPack++;
      if( nPack > p->nMaxPack ) p->nMaxPack = nPack;
    }else{
      iArg = itanium_type(p);
    }
    if( iArg==0 ) IS_LEAVE(p, 0);
    iCell = itanium_node(p, IS_LIST, IT_OTHER, 2, iArg, 0);
    if( iCell==0 ) IS_LEAVE(p, 0);
    if( iTail ) p->aNode[iTail].iRight = iCell; else iHead = iCell;
    iTail = iCell;
    nArg++;
    if( is_peek(p)=='E' ){ p->i++; break; }
  }
  if( nArg > p->nMaxList ) p->nMaxList = nArg;
  IS_LEAVE(p, iHead);
}
uint32_t itanium_template_args(IsState *p){
  if( is_peek(p)!='I' && is_peek(p)!='J' ) return 0;
  p->i++;
  return itanium_template_args_1(p);
}
