/*
** itanium_expr.c: owns reading operators, expressions, special names and
** encodings of an Itanium C++ mangled name into the tree of
** itanium_tree.h, and itanium_parse(), which reads a whole name.  Like
** itanium_parse.c it follows cp-demangle (GCC 12) function by function.
*/
#include "itanium_tree.h"

#include <string.h>

/* The operators cp-demangle knows, with their operand counts. */
static const char azOp[] =
  "aN2aS2aa2ad1an2at1aw1az1cc2cl2cm2co1dV2dX3da1dc2de1di2dl1ds2dt2dv2dx2"
  "eO2eo2eq2fL3fR3fl2fr2ge2gs1gt2ix2lS2le2li1ls2lt2mI2mL2mi2ml2mm1na3ne2"
  "ng1nt1nw3nx1oR2oo2or2pL2pl2pm2pp1ps1pt2qu3rM2rS2rc2rm2rs2sP1sZ1sc2ss2"
  "st1sz1tr0tw1";
/* Operand count of operator c1c2, or -1 when it is none. */
static int is_op_args(char c1, char c2){
  size_t k;
  for(k=0; azOp[k]; k+=3){
    if( azOp[k]==c1 && azOp[k+1]==c2 ) return azOp[k+2]-'0';
  }
  return -1;
}

/* Bytes "operator" plus the longest operator text may print. */
#define IS_OP_BYTES 32
/* <operator-name>.  *pnArgs gets the operand count (1 for a cast). */
uint32_t itanium_operator_name(IsState *p, int *pnArgs, char *azCode){
  char c1 = is_peek(p), c2 = is_peek2(p);
  int nArgs;
  if( p->i + 2 > p->n ) return 0;
  p->i += 2;
  azCode[0] = c1; azCode[1] = c2;
  if( c1=='v' && is_digit(c2) ){
    *pnArgs = c2 - '0';
    return itanium_wrap(p, IT_OTHER, IS_OP_BYTES, itanium_source_name(p));
  }
  if( c1=='c' && c2=='v' ){
    int bWas = p->bConversion;
    uint32_t iType, iRes;
    p->bConversion = !p->bExpression;
    iType = itanium_type(p);
    iRes = iType ? itanium_node(p, IS_CONV, p->bConversion ? IT_CONV : IT_OTHER,
                           IS_OP_BYTES, iType, 0) : 0;
    p->bConversion = bWas;
    *pnArgs = 1;
    return iRes;
  }
  nArgs = is_op_args(c1, c2);
  if( nArgs<0 ) return 0;
  *pnArgs = nArgs;
  return itanium_node(p, IS_SEQ, IT_OTHER, IS_OP_BYTES, 0, 0);
}
/* <expression>* up to cEnd, as a list. */
static uint32_t is_exprlist(IsState *p, char cEnd){
  uint32_t iHead = 0, iTail = 0;
  if( is_peek(p)==cEnd ){
    p->i++;
    return itanium_node(p, IS_LIST, IT_OTHER, 0, 0, 0);
  }
  for(;;){
    uint32_t iCell = itanium_node(p, IS_LIST, IT_OTHER, 2, itanium_expression(p), 0);
    if( iCell==0 || p->aNode[iCell].iLeft==0 ) return 0;
    if( iTail ) p->aNode[iTail].iRight = iCell; else iHead = iCell;
    iTail = iCell;
    if( is_peek(p)==cEnd ){ p->i++; break; }
    if( is_peek(p)==0 ) return 0;
  }
  return iHead;
}
/* sr ... : an unresolved name. */
static uint32_t is_unresolved_name(IsState *p){
  uint32_t iType, iName;
  char c;
  p->i += 2;
  c = is_peek(p);
  if( p->eUnresolved && (is_digit(c) || is_lower(c) || c=='C' || c=='U' || c=='L') ){
    p->eUnresolved = -1;
    iType = itanium_prefix(p, 0);
    if( is_peek(p)=='E' ) p->i++;
  }else{
    iType = itanium_type(p);
  }
  iName = itanium_unqualified_name(p, iType);
  if( iName && is_peek(p)=='I' ) iName = itanium_template(p, iName, itanium_template_args(p));
  return iName;
}
/* L <type> <value> E | L _Z <encoding> E  (value printed as it is, and
** the type in parentheses). */
static uint32_t is_expr_primary(IsState *p){
  uint32_t id, iType;
  size_t iStart;
  if( !is_check(p, 'L') ) return 0;
  if( is_peek(p)=='_' || is_peek(p)=='Z' ){
    id = itanium_mangled_name(p, 0);
  }else{
    iType = itanium_type(p);
    if( iType==0 ) return 0;
    if( itanium_type_of(p, iType)==IT_NULLPTR && is_peek(p)=='E' ){
      p->i++;
      return iType;
    }
    if( is_peek(p)=='n' ) p->i++;
    iStart = p->i;
    while( is_peek(p)!='E' ){
      if( is_peek(p)==0 ) return 0;
      p->i++;
    }
    id = itanium_wrap(p, IT_OTHER, (p->i - iStart) + 8, iType);   /* "(T)-123ull", "false" */
  }
  if( !is_check(p, 'E') ) return 0;
  return id;
}
/* The operand(s) of an operator expression. */
static uint32_t is_operator_expr(IsState *p){
  int nArgs = 0;
  char azCode[2] = {0, 0};
  uint32_t iOp = itanium_operator_name(p, &nArgs, azCode), iA, iB, iC;
  int bFold = azCode[0]=='f' && strchr("lrLR", azCode[1]) && azCode[1];
  if( iOp==0 ) return 0;
  if( azCode[0]=='s' && azCode[1]=='t' ) return itanium_pair(p, IT_OTHER, 2, iOp, itanium_type(p));
  switch( nArgs ){
    case 0:
      return iOp;
    case 1:
      if( (azCode[0]=='p' || azCode[0]=='m') && azCode[1]==azCode[0] ) is_check(p, '_');
      if( p->aNode[iOp].eKind==IS_CONV && is_check(p, '_') ) iA = is_exprlist(p, 'E');
      else if( azCode[0]=='s' && azCode[1]=='P' ) iA = itanium_template_args_1(p);
      else iA = itanium_expression_1(p);
      return itanium_pair(p, IT_OTHER, 4, iOp, iA);
    case 2:
      if( strchr("sdcr", azCode[0]) && azCode[1]=='c' ) iA = itanium_type(p);
      else if( azCode[0]=='f' ){ int n2; char az2[2]; iA = itanium_operator_name(p, &n2, az2); }
      else if( azCode[0]=='d' && azCode[1]=='i' ) iA = itanium_unqualified_name(p, 0);
      else iA = itanium_expression_1(p);
      if( azCode[0]=='c' && azCode[1]=='l' ){
        iB = is_exprlist(p, 'E');
      }else if( (azCode[0]=='d' || azCode[0]=='p') && azCode[1]=='t' ){
        char c = is_peek(p), d = is_peek2(p);
        if( (c=='g' && d=='s') || (c=='s' && d=='r') ){
          iB = itanium_expression_1(p);
        }else{
          iB = itanium_unqualified_name(p, 0);
          if( iB && is_peek(p)=='I' ) iB = itanium_template(p, iB, itanium_template_args(p));
        }
      }else{
        iB = itanium_expression_1(p);
      }
      iA = itanium_pair(p, IT_OTHER, 4, iA, iB);
      iA = bFold ? (iA ? itanium_node(p, IS_FOLD, IT_OTHER, 8, iA, 0) : 0) : iA;
      return itanium_pair(p, IT_OTHER, 4, iOp, iA);
    case 3:
      if( (azCode[0]=='q' && azCode[1]=='u') || (azCode[0]=='d' && azCode[1]=='X') || bFold ){
        if( bFold ){
          int nArgs2;
          char azCode2[2];
          iA = itanium_operator_name(p, &nArgs2, azCode2);
        }else{
          iA = itanium_expression_1(p);
        }
        iB = iA ? itanium_expression_1(p) : 0;
        iC = iB ? itanium_expression_1(p) : 0;
      }else if( azCode[0]=='n' && (azCode[1]=='w' || azCode[1]=='a') ){
        iA = is_exprlist(p, '_');
        iB = iA ? itanium_type(p) : 0;
        if( iB && is_peek(p)=='E' ){
          p->i++;
          iC = itanium_node(p, IS_SEQ, IT_OTHER, 0, 0, 0);
        }else if( iB && is_peek(p)=='p' && is_peek2(p)=='i' ){
          p->i += 2;
          iC = is_exprlist(p, 'E');
        }else if( iB && is_peek(p)=='i' && is_peek2(p)=='l' ){
          iC = itanium_expression_1(p);
        }else{
          iC = 0;
        }
      }else{
        return 0;
      }
      iA = itanium_pair(p, IT_OTHER, 8, iA, itanium_pair(p, IT_OTHER, 8, iB, iC));
      iA = bFold ? (iA ? itanium_node(p, IS_FOLD, IT_OTHER, 8, iA, 0) : 0) : iA;
      return itanium_pair(p, IT_OTHER, 4, iOp, iA);
    default:
      return 0;
  }
}
uint32_t itanium_expression_1(IsState *p){
  char c = is_peek(p), d = is_peek2(p);
  uint32_t id = 0;
  if( !itanium_enter(p) ) return 0;
  if( c=='L' ){
    id = is_expr_primary(p);
  }else if( c=='T' ){
    id = itanium_template_param(p);
  }else if( c=='s' && d=='r' ){
    id = is_unresolved_name(p);
  }else if( c=='s' && d=='p' ){
    p->i += 2;
    id = itanium_expression_1(p);
    id = id ? itanium_node(p, IS_PACKEXP, IT_OTHER, 5, id, 0) : 0;
  }else if( c=='f' && d=='p' ){
    p->i += 2;
    if( is_peek(p)=='T' ) p->i++;
    else if( itanium_compact_number(p)<0 ) IS_LEAVE(p, 0);
    id = itanium_node(p, IS_SEQ, IT_OTHER, 20, 0, 0);        /* "{parm#N}", "this" */
  }else if( is_digit(c) || (c=='o' && d=='n') ){
    if( c=='o' ) p->i += 2;
    id = itanium_unqualified_name(p, 0);
    if( id && is_peek(p)=='I' ) id = itanium_template(p, id, itanium_template_args(p));
  }else if( (c=='i' || c=='t') && d=='l' ){
    uint32_t iType = 0;
    p->i += 2;
    if( c=='t' ){
      iType = itanium_type(p);
      if( iType==0 ) IS_LEAVE(p, 0);
    }
    if( p->i + 2 > p->n ) IS_LEAVE(p, 0);
    id = itanium_node(p, IS_SEQ, IT_OTHER, 4, iType, is_exprlist(p, 'E'));
    if( id && p->aNode[id].iRight==0 ) id = 0;
  }else if( c=='u' ){
    uint32_t iName;
    p->i++;
    iName = itanium_source_name(p);
    id = iName ? itanium_pair(p, IT_OTHER, 4, iName, itanium_template_args_1(p)) : 0;
  }else{
    id = is_operator_expr(p);
  }
  IS_LEAVE(p, id);
}
uint32_t itanium_expression(IsState *p){
  int bWas = p->bExpression;
  uint32_t id;
  p->bExpression = 1;
  id = itanium_expression_1(p);
  p->bExpression = bWas;
  return id;
}
/* h <number> _ | v <number> _ <number> _ */
static int is_call_offset(IsState *p, char c){
  if( c==0 ){ c = is_peek(p); p->i++; }
  if( c=='h' ){
    itanium_number(p);
  }else if( c=='v' ){
    itanium_number(p);
    if( !is_check(p, '_') ) return 0;
    itanium_number(p);
  }else{
    return 0;
  }
  return is_check(p, '_');
}

/* Special names print a fixed text (at most this long) before their part. */
#define IS_SPECIAL_BYTES 40
static uint32_t is_special_name(IsState *p){
  char c;
  if( is_check(p, 'T') ){
    c = is_peek(p);
    p->i++;
    switch( c ){
      case 'V': case 'T': case 'I': case 'S': case 'F': case 'J':
        return itanium_wrap(p, IT_OTHER, IS_SPECIAL_BYTES, itanium_type(p));
      case 'h': case 'v':
        if( !is_call_offset(p, c) ) return 0;
        return itanium_wrap(p, IT_OTHER, IS_SPECIAL_BYTES, itanium_encoding(p, 0));
      case 'c':
        if( !is_call_offset(p, 0) || !is_call_offset(p, 0) ) return 0;
        return itanium_wrap(p, IT_OTHER, IS_SPECIAL_BYTES, itanium_encoding(p, 0));
      case 'C': {
        uint32_t iDerived = itanium_type(p), iBase;
        if( iDerived==0 || itanium_number(p)<0 || !is_check(p, '_') ) return 0;
        iBase = itanium_type(p);
        return itanium_pair(p, IT_OTHER, IS_SPECIAL_BYTES, iBase, iDerived);
      }
      case 'H': case 'W':
        return itanium_wrap(p, IT_OTHER, IS_SPECIAL_BYTES, itanium_name(p, 0));
      case 'A': {
        uint32_t iArg;
        char d = is_peek(p);
        if( d=='X' ){ p->i++; iArg = itanium_expression(p); if( !is_check(p, 'E') ) iArg = 0; }
        else if( d=='L' ) iArg = itanium_expression_1(p);
        else if( d=='I' || d=='J' ) iArg = itanium_template_args(p);
        else iArg = itanium_type(p);
        return itanium_wrap(p, IT_OTHER, IS_SPECIAL_BYTES, iArg);
      }
      default:
        return 0;
    }
  }
  if( is_check(p, 'G') ){
    c = is_peek(p);
    p->i++;
    switch( c ){
      case 'V':
        return itanium_wrap(p, IT_OTHER, IS_SPECIAL_BYTES, itanium_name(p, 0));
      case 'R': {
        uint32_t iName = itanium_name(p, 0);
        size_t iStart = p->i;
        if( iName==0 ) return 0;
        itanium_number(p);
        return itanium_wrap(p, IT_OTHER, IS_SPECIAL_BYTES + 12 + (p->i - iStart), iName);
      }
      case 'A':
        return itanium_wrap(p, IT_OTHER, IS_SPECIAL_BYTES, itanium_encoding(p, 0));
      case 'T':
        if( is_peek(p)==0 ) return 0;
        p->i++;
        return itanium_wrap(p, IT_OTHER, IS_SPECIAL_BYTES, itanium_encoding(p, 0));
      default:
        return 0;      /* Gr (Java resources) and modules: not read */
    }
  }
  return 0;
}
/* Is id (a function's name) a ctor, dtor or conversion operator? */
static int is_ctor_dtor_conv(IsState *p, uint32_t id){
  while( id ){
    int t = p->aNode[id].eType;
    if( t==IT_QUAL || t==IT_LOCAL ){ id = p->aNode[id].iRight; continue; }
    return t==IT_CTOR || t==IT_DTOR || t==IT_CONV;
  }
  return 0;
}
/* cp-demangle's has_return_type(). */
static int is_has_return_type(IsState *p, uint32_t id){
  while( id ){
    int t = p->aNode[id].eType;
    if( t==IT_LOCAL ){ id = p->aNode[id].iRight; continue; }
    if( t==IT_FNQUAL ){ id = p->aNode[id].iLeft; continue; }
    if( t==IT_TEMPLATE ) return !is_ctor_dtor_conv(p, p->aNode[id].iLeft);
    return 0;
  }
  return 0;
}
/* The TEMPLATE a function name id applies to its signature (the
** printer's typed_name), or 0. */
static uint32_t is_typed_template(IsState *p, uint32_t id){
  while( id && p->aNode[id].eType==IT_FNQUAL ) id = p->aNode[id].iLeft;
  if( id && p->aNode[id].eType==IT_LOCAL ){
    id = p->aNode[id].iRight;
    if( id && p->aNode[id].eType==IT_DEFARG ) id = p->aNode[id].iLeft;
    while( id && p->aNode[id].eType==IT_FNQUAL ) id = p->aNode[id].iLeft;
  }
  return (id && p->aNode[id].eType==IT_TEMPLATE) ? id : 0;
}
uint32_t itanium_encoding(IsState *p, int bTop){
  char c = is_peek(p);
  uint32_t id;
  if( !itanium_enter(p) ) return 0;
  if( c=='G' || c=='T' ) IS_LEAVE(p, is_special_name(p));
  id = itanium_name(p, 0);
  (void)bTop;
  if( id && is_peek(p)!=0 && is_peek(p)!='E' ){
    uint32_t iTemplate = is_typed_template(p, id);
    uint32_t iType = itanium_bare_function_type(p, is_has_return_type(p, id));
    id = itanium_pair(p, IT_OTHER, 2, id, iType);
    if( id && iTemplate ){
      uint32_t iCtx = itanium_add_context(p, p->aNode[iTemplate].iRight);
      if( iCtx==0 ) IS_LEAVE(p, 0);
      p->aNode[id].eKind = IS_TYPED;
      p->aNode[id].nParam = iCtx;
    }
  }
  IS_LEAVE(p, id);
}
/* _Z <encoding> [.clone-suffix]* ; bTop: the whole input. */
uint32_t itanium_mangled_name(IsState *p, int bTop){
  uint32_t id;
  if( !is_check(p, '_') && bTop ) return 0;
  if( !is_check(p, 'Z') ) return 0;
  id = itanium_encoding(p, bTop);
  while( id && bTop && is_peek(p)=='.'
      && (is_lower(is_peek2(p)) || is_peek2(p)=='_' || is_digit(is_peek2(p))) ){
    size_t iStart = p->i;
    p->i += 2;
    while( is_lower(is_peek(p)) || is_digit(is_peek(p)) || is_peek(p)=='_' ) p->i++;
    while( is_peek(p)=='.' && is_digit(is_peek2(p)) ){
      p->i += 2;
      while( is_digit(is_peek(p)) ) p->i++;
    }
    id = itanium_wrap(p, IT_OTHER, 10 + (p->i - iStart), id);   /* " [clone .x]" */
  }
  return id;
}


/* Parse the whole name z[0..n) once; returns the root or 0. */
uint32_t itanium_parse(IsState *p){
  p->i = 0;
  p->nNode = 1;
  p->nSub = 0;
  p->nList = 0;
  p->nCtx = 0;
  p->nMaxList = 0;
  p->nMaxPack = 0;
  p->nMaxName = 0;
  p->bConversion = 0;
  p->bExpression = 0;
  p->nRetry = 0;
  p->nDepth = 0;
  p->nTemplate = 0;
  p->nRefParam = 0;
  if( p->n>=2 && p->z[0]=='_' && p->z[1]=='Z' ){
    uint32_t id = itanium_mangled_name(p, 1);
    return (id && p->i==p->n) ? id : 0;
  }
  if( p->n>=11 && memcmp(p->z, "_GLOBAL_", 8)==0 && strchr("._$", p->z[8])
   && (p->z[9]=='I' || p->z[9]=='D') && p->z[10]=='_' ){
    /* "global constructors keyed to " and the rest, demangled if it can be */
    uint32_t id;
    p->i = 11;
    if( p->n>=13 && p->z[11]=='_' && p->z[12]=='Z' ){
      p->i = 13;
      id = itanium_encoding(p, 0);
    }else{
      id = itanium_node(p, IS_SEQ, IT_OTHER, p->n - 11, 0, 0);
      p->i = p->n;
    }
    id = itanium_wrap(p, IT_OTHER, 32, id);
    return (id && p->i==p->n) ? id : 0;
  }
  return 0;
}
