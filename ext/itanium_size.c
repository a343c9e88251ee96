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
** they find, so they are bounded by (longest list + 1) times the pattern
** with each pack parameter counted at its largest element.
**
** The parser follows cp-demangle where it matters for the bound; what it
** does not read it reports as ITANIUM_SIZE_UNPARSED (the caller then
** decides by itanium_has_reference()).  Two more things cost the real
** demangler time without output, and are refused here: a conversion
** operator's template-template parameter with arguments is parsed,
** dropped and parsed again (cv T_ I...), so nested ones take exponential
** time; and recursion deeper than IS_MAX_DEPTH.
*/
#include "itanium_size.h"

#include <stdlib.h>
#include <string.h>

/* Deepest recursion of the parser and of the evaluation. */
#define IS_MAX_DEPTH 2048

/* Most function templates (contexts of T<n>_) one name may hold. */
#define IS_MAX_CONTEXT 8

/* Bytes of separators (", ", "::", " ", parentheses) any node may add. */
#define IS_PAD 2

/* How a node's bound is computed from its children. */
enum {
  IS_SEQ,       /* own bytes + left + right */
  IS_LIST,      /* the same; a cons cell of an argument list or pack */
  IS_TPARAM,    /* T<n>_: looked up, see is_eval_tparam() */
  IS_PACKEXP,   /* Dp / sp: left printed once per pack element */
  IS_FOLD,      /* fold expression: children print whole packs */
  IS_CONV,      /* conversion type: left looks T<n>_ up in any list */
  IS_TYPED,     /* function template: name, then signature in its context */
  IS_LAMBDA     /* lambda: left (parameters) prints T<n>_ as "auto:N" */
};

/* What the parser needs to know about a node (cp-demangle's types). */
enum {
  IT_OTHER, IT_TEMPLATE, IT_QUAL, IT_LOCAL, IT_CTOR, IT_DTOR, IT_CONV,
  IT_FNQUAL, IT_SUBSTD, IT_NULLPTR, IT_LAMBDA, IT_UNNAMED, IT_DEFARG,
  IT_BUILTIN
};

/* Evaluation modes: how a T<n>_ met in that mode is bounded. */
enum { IS_MODE_NORMAL, IS_MODE_PACK, IS_MODE_CONV, IS_MODE_LAMBDA, IS_NMODE };

typedef struct IsNode IsNode;
struct IsNode {
  unsigned char eKind;    /* IS_SEQ ... */
  unsigned char eType;    /* IT_OTHER ... */
  uint32_t iLeft;         /* child node ids, 0 for none */
  uint32_t iRight;
  uint32_t nParam;        /* IS_TPARAM: n of T<n>_ */
  uint64_t nOwn;          /* bytes the node prints itself */
};

typedef struct IsState IsState;
struct IsState {
  const char *z;          /* the name */
  size_t n;               /* its length */
  size_t i;               /* read position */
  IsNode *aNode;          /* nodes; aNode[0] unused (id 0 is "none") */
  uint32_t nNode, nNodeAlloc;
  uint32_t *aSub;         /* substitution candidates, oldest first */
  uint32_t nSub, nSubAlloc;
  uint32_t *aList;        /* heads of template argument lists */
  uint32_t nList, nListAlloc;
  uint32_t aCtxList[IS_MAX_CONTEXT];  /* lists of function templates' names */
  uint32_t nCtx;
  uint32_t nMaxList;      /* longest argument list or pack */
  uint32_t nMaxPack;      /* longest pack (a list inside a list) */
  size_t nMaxName;        /* longest name a ctor/dtor may print */
  int bConversion;        /* cp-demangle's is_conversion */
  int bExpression;        /* cp-demangle's is_expression */
  int eUnresolved;        /* cp-demangle's unresolved_name_state */
  int nRetry;             /* cv T_ I re-parses open */
  int nDepth;             /* parser recursion */
  int eErr;               /* ITANIUM_SIZE_* of a fatal condition, or 0 */
  /* evaluation */
  uint64_t *aMemo;        /* per node and mode */
  unsigned char *aMark;   /* 0 new, 1 on the stack, 2 done */
  int nEvalDepth;
};

/* ------------------------------------------------------------------ */
/* Saturating arithmetic: bounds never wrap. */

static uint64_t is_add(uint64_t a, uint64_t b){
  uint64_t s = a + b;
  return (s < a || s > ITANIUM_SIZE_MAX) ? ITANIUM_SIZE_MAX : s;
}

static uint64_t is_mul(uint64_t a, uint64_t b){
  if( a==0 || b==0 ) return 0;
  if( a > ITANIUM_SIZE_MAX / b ) return ITANIUM_SIZE_MAX;
  return a * b;
}

/* ------------------------------------------------------------------ */
/* Input and nodes. */

static char is_peek(IsState *p){ return p->i < p->n ? p->z[p->i] : 0; }
static char is_peek2(IsState *p){ return p->i + 1 < p->n ? p->z[p->i+1] : 0; }
static int is_digit(char c){ return c>='0' && c<='9'; }
static int is_lower(char c){ return c>='a' && c<='z'; }
static int is_upper(char c){ return c>='A' && c<='Z'; }

static int is_check(IsState *p, char c){
  if( is_peek(p)!=c ) return 0;
  p->i++;
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

/* A new node, or 0 on OOM.  Ids start at 1 (is_parse() sets nNode). */
static uint32_t is_node(IsState *p, int eKind, int eType, uint64_t nOwn,
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
static uint32_t is_pair(IsState *p, int eType, uint64_t nOwn, uint32_t iLeft, uint32_t iRight){
  if( iLeft==0 || iRight==0 ) return 0;
  return is_node(p, IS_SEQ, eType, nOwn, iLeft, iRight);
}

/* A node over one child: 0 when it is missing. */
static uint32_t is_wrap(IsState *p, int eType, uint64_t nOwn, uint32_t iChild){
  if( iChild==0 ) return 0;
  return is_node(p, IS_SEQ, eType, nOwn, iChild, 0);
}

static int is_type_of(IsState *p, uint32_t id){ return id ? p->aNode[id].eType : -1; }

static int is_add_sub(IsState *p, uint32_t id){
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
static uint32_t is_add_context(IsState *p, uint32_t iList){
  uint32_t k;
  for(k=0; k<p->nCtx; k++){
    if( p->aCtxList[k]==iList ) return k+1;
  }
  if( p->nCtx>=IS_MAX_CONTEXT ){ p->eErr = ITANIUM_SIZE_UNBOUNDED; return 0; }
  p->aCtxList[p->nCtx++] = iList;
  return p->nCtx;
}

static uint32_t is_template(IsState *p, uint32_t iName, uint32_t iArgs){
  if( iName==0 || iArgs==0 ) return 0;
  if( !is_add_list(p, iArgs) ) return 0;
  return is_node(p, IS_SEQ, IT_TEMPLATE, 2, iName, iArgs);
}

/* Recursion guard around every parse function that can nest. */
static int is_enter(IsState *p){
  if( p->eErr ) return 0;
  if( ++p->nDepth > IS_MAX_DEPTH ){ p->eErr = ITANIUM_SIZE_UNBOUNDED; return 0; }
  return 1;
}
#define IS_LEAVE(p, x) do{ uint32_t r_ = (x); (p)->nDepth--; return r_; }while(0)

/* ------------------------------------------------------------------ */
/* The grammar (names follow cp-demangle's d_* functions). */

static uint32_t is_type(IsState *p);
static uint32_t is_encoding(IsState *p, int bTop);
static uint32_t is_name(IsState *p, int bSubstable);
static uint32_t is_expression(IsState *p);
static uint32_t is_expression_1(IsState *p);
static uint32_t is_template_args(IsState *p);
static uint32_t is_template_args_1(IsState *p);
static uint32_t is_unqualified_name(IsState *p, uint32_t iScope);
static uint32_t is_prefix(IsState *p, int bSubst);
static uint32_t is_mangled_name(IsState *p, int bTop);
static uint32_t is_parmlist(IsState *p);
static uint32_t is_template_param(IsState *p);

/* [n] <decimal>: returns the value (clamped), -1 on overflow. */
static long is_number(IsState *p){
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
static long is_compact_number(IsState *p){
  long v;
  if( is_peek(p)=='_' ) v = 0;
  else if( is_peek(p)=='n' ) return -1;
  else{
    v = is_number(p);
    if( v<0 || v==0x7fffffffL ) return -1;
    v++;
  }
  if( !is_check(p, '_') ) return -1;
  return v;
}

static uint32_t is_source_name(IsState *p){
  long len = is_number(p);
  if( len<=0 || (size_t)len > p->n - p->i ) return 0;
  p->i += (size_t)len;
  if( (size_t)len > p->nMaxName ) p->nMaxName = (size_t)len;
  /* "_GLOBAL__N..." prints as "(anonymous namespace)" */
  if( len>=8 && len<21 && memcmp(p->z + p->i - len, "_GLOBAL_", 8)==0 ) len = 21;
  return is_node(p, IS_SEQ, IT_OTHER, (uint64_t)len, 0, 0);
}

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
static uint32_t is_operator_name(IsState *p, int *pnArgs, char *azCode){
  char c1 = is_peek(p), c2 = is_peek2(p);
  int nArgs;
  if( p->i + 2 > p->n ) return 0;
  p->i += 2;
  azCode[0] = c1; azCode[1] = c2;
  if( c1=='v' && is_digit(c2) ){
    *pnArgs = c2 - '0';
    return is_wrap(p, IT_OTHER, IS_OP_BYTES, is_source_name(p));
  }
  if( c1=='c' && c2=='v' ){
    int bWas = p->bConversion;
    uint32_t iType, iRes;
    p->bConversion = !p->bExpression;
    iType = is_type(p);
    iRes = iType ? is_node(p, IS_CONV, p->bConversion ? IT_CONV : IT_OTHER,
                           IS_OP_BYTES, iType, 0) : 0;
    p->bConversion = bWas;
    *pnArgs = 1;
    return iRes;
  }
  nArgs = is_op_args(c1, c2);
  if( nArgs<0 ) return 0;
  *pnArgs = nArgs;
  return is_node(p, IS_SEQ, IT_OTHER, IS_OP_BYTES, 0, 0);
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
    if( bInherit && is_type(p)==0 ) return 0;
    return is_node(p, IS_SEQ, IT_CTOR, nName, 0, 0);
  }
  if( is_peek(p)=='D' ){
    if( !strchr("01245", is_peek2(p)) || is_peek2(p)==0 ) return 0;
    p->i += 2;
    return is_node(p, IS_SEQ, IT_DTOR, nName + 1, 0, 0);
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
  v = is_number(p);
  if( v<0 ) return 0;
  if( nUnder>1 && v>=10 ) return is_check(p, '_');
  return 1;
}

/* Ul <parmlist> E [<number>] _ : prints "{lambda(" params ")#" num "}". */
static uint32_t is_lambda(IsState *p){
  uint32_t iParms;
  long v;
  p->i += 2;
  iParms = is_parmlist(p);
  if( iParms==0 || !is_check(p, 'E') ) return 0;
  v = is_compact_number(p);
  if( v<0 ) return 0;
  return is_node(p, IS_LAMBDA, IT_LAMBDA, 32, iParms, 0);
}

/* Ut [<number>] _ : "{unnamed type#N}", a substitution candidate. */
static uint32_t is_unnamed_type(IsState *p){
  uint32_t id;
  p->i += 2;
  if( is_compact_number(p)<0 ) return 0;
  id = is_node(p, IS_SEQ, IT_UNNAMED, 32, 0, 0);
  if( !is_add_sub(p, id) ) return 0;
  return id;
}

/* B <source-name> ... : "[abi:tag]" each; the last name is kept. */
static uint32_t is_abi_tags(IsState *p, uint32_t id){
  while( id && is_peek(p)=='B' ){
    p->i++;
    id = is_pair(p, IT_OTHER, 6, id, is_source_name(p));
  }
  return id;
}

/* DC <source-name>+ E : "[a, b]". */
static uint32_t is_structured_binding(IsState *p){
  uint32_t id = 0;
  p->i += 2;
  do{
    uint32_t iName = is_source_name(p);
    if( iName==0 ) return 0;
    id = id ? is_pair(p, IT_OTHER, 2, id, iName) : is_wrap(p, IT_OTHER, 2, iName);
  }while( id && is_peek(p)!='E' && is_peek(p)!=0 );
  if( !is_check(p, 'E') ) return 0;
  return id;
}

static uint32_t is_unqualified_name(IsState *p, uint32_t iScope){
  char c = is_peek(p);
  uint32_t id = 0;
  if( !is_enter(p) ) return 0;
  if( is_digit(c) ){
    id = is_source_name(p);
  }else if( is_lower(c) ){
    int nArgs, bWas = p->bExpression;
    char azCode[2];
    if( c=='o' && is_peek2(p)=='n' ){ p->i += 2; p->bExpression = 0; }
    id = is_operator_name(p, &nArgs, azCode);
    p->bExpression = bWas;
    if( id && azCode[0]=='l' && azCode[1]=='i' ){
      id = is_pair(p, IT_OTHER, 0, id, is_source_name(p));
    }
  }else if( c=='D' && is_peek2(p)=='C' ){
    id = is_structured_binding(p);
  }else if( c=='C' || c=='D' ){
    id = is_ctor_dtor_name(p);
  }else if( c=='L' ){
    p->i++;
    id = is_source_name(p);
    if( id && !is_discriminator(p) ) id = 0;
  }else if( c=='U' ){
    if( is_peek2(p)=='l' ) id = is_lambda(p);
    else if( is_peek2(p)=='t' ) id = is_unnamed_type(p);
  }
  if( id && is_peek(p)=='B' ) id = is_abi_tags(p, id);
  if( id && iScope ) id = is_pair(p, IT_QUAL, 2, iScope, id);
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
    id = is_node(p, IS_SEQ, IT_SUBSTD, (uint64_t)nBytes, 0, 0);
    if( id && is_peek(p)=='B' ){
      id = is_abi_tags(p, id);
      if( !is_add_sub(p, id) ) return 0;
    }
    return id;
  }
}

/* <prefix> as GCC 12 reads it: components until 'E', each but the last
** (and but substitutions) a substitution candidate when bSubst. */
static uint32_t is_prefix(IsState *p, int bSubst){
  uint32_t iRet = 0;
  if( !is_enter(p) ) return 0;
  for(;;){
    char c = is_peek(p);
    uint32_t iComp = 0;
    int bTemplate = 0;
    if( c==0 ) IS_LEAVE(p, 0);
    if( c=='D' && (is_peek2(p)=='T' || is_peek2(p)=='t') ){
      iComp = is_type(p);
    }else if( is_digit(c) || is_lower(c) || c=='C' || c=='D' || c=='U' || c=='L' ){
      iComp = is_unqualified_name(p, 0);
    }else if( c=='S' ){
      iComp = is_substitution(p);
    }else if( c=='I' ){
      if( iRet==0 ) IS_LEAVE(p, 0);
      bTemplate = 1;
      iComp = is_template_args(p);
    }else if( c=='T' ){
      iComp = is_template_param(p);
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
    else if( bTemplate ) iRet = is_template(p, iRet, iComp);
    else iRet = is_pair(p, IT_QUAL, 2, iRet, iComp);
    if( iRet==0 ) IS_LEAVE(p, 0);
    if( c!='S' && is_peek(p)!='E' && bSubst && !is_add_sub(p, iRet) ) IS_LEAVE(p, 0);
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
        iExtra = is_expression(p);
        if( iExtra==0 || !is_check(p, 'E') ) return -1;
      }else if( c=='w' ){
        iExtra = is_parmlist(p);
        if( iExtra==0 || !is_check(p, 'E') ) return -1;
      }
    }
    /* " transaction_safe" is the longest, " noexcept(" ")" with an expression */
    id = is_node(p, IS_SEQ, IT_FNQUAL, 20, 0, iExtra);
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
    iRef = is_node(p, IS_SEQ, IT_FNQUAL, 3, 0, 0);
    if( iRef==0 ) return 0;
  }
  iPrefix = is_prefix(p, 1);
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
  iFunc = is_encoding(p, 0);
  if( iFunc==0 || !is_check(p, 'E') ) return 0;
  if( is_peek(p)=='s' ){
    p->i++;
    if( !is_discriminator(p) ) return 0;
    iName = is_node(p, IS_SEQ, IT_OTHER, 14, 0, 0);   /* "string literal" */
  }else{
    long nDefault = -1;
    if( is_peek(p)=='d' ){
      p->i++;
      nDefault = is_compact_number(p);
      if( nDefault<0 ) return 0;
    }
    iName = is_name(p, 0);
    if( iName && is_type_of(p, iName)!=IT_LAMBDA && is_type_of(p, iName)!=IT_UNNAMED
     && !is_discriminator(p) ){
      return 0;
    }
    if( iName && nDefault>=0 ){
      iName = is_wrap(p, IT_DEFARG, 32, iName);     /* "{default arg#N}::" */
    }
  }
  return is_pair(p, IT_LOCAL, 2, iFunc, iName);
}

static uint32_t is_name(IsState *p, int bSubstable){
  char c = is_peek(p);
  uint32_t id = 0;
  int bSubst = 0;
  if( !is_enter(p) ) return 0;
  if( c=='N' ){
    id = is_nested_name(p);
  }else if( c=='Z' ){
    id = is_local_name(p);
  }else if( c=='U' ){
    id = is_unqualified_name(p, 0);
  }else{
    if( c=='S' ){
      if( is_peek2(p)=='t' ){
        p->i += 2;
        id = is_node(p, IS_SEQ, IT_OTHER, 3, 0, 0);   /* "std" */
        if( id==0 ) IS_LEAVE(p, 0);
        if( is_peek(p)=='S' ) IS_LEAVE(p, 0);
      }else{
        int bStd = !is_digit(is_peek2(p)) && !is_upper(is_peek2(p)) && is_peek2(p)!='_';
        id = is_substitution(p);
        if( id==0 ) IS_LEAVE(p, 0);
        /* GCC 12 adds a standard abbreviation with ABI tags once more */
        bSubst = !bStd || is_type_of(p, id)==IT_SUBSTD;
      }
    }
    if( !bSubst ) id = is_unqualified_name(p, id);
    if( id && is_peek(p)=='I' ){
      if( !bSubst && !is_add_sub(p, id) ) IS_LEAVE(p, 0);
      id = is_template(p, id, is_template_args(p));
      bSubst = 0;
    }
  }
  if( id && bSubstable && !bSubst && !is_add_sub(p, id) ) IS_LEAVE(p, 0);
  IS_LEAVE(p, id);
}

/* <parmlist> ::= <type>+ as a list; 0 when empty or invalid. */
static uint32_t is_parmlist(IsState *p){
  uint32_t iHead = 0, iTail = 0;
  for(;;){
    char c = is_peek(p);
    uint32_t iType, iCell;
    if( c==0 || c=='E' || c=='.' ) break;
    if( (c=='R' || c=='O') && is_peek2(p)=='E' ) break;
    iType = is_type(p);
    if( iType==0 ) return 0;
    iCell = is_node(p, IS_LIST, IT_OTHER, 2, iType, 0);
    if( iCell==0 ) return 0;
    if( iTail ) p->aNode[iTail].iRight = iCell; else iHead = iCell;
    iTail = iCell;
  }
  return iHead;
}

static uint32_t is_bare_function_type(IsState *p, int bHasReturn){
  uint32_t iRet = 0, iParms;
  if( is_peek(p)=='J' ){ p->i++; bHasReturn = 1; }
  if( bHasReturn ){
    iRet = is_type(p);
    if( iRet==0 ) return 0;
  }
  iParms = is_parmlist(p);
  if( iParms==0 ) return 0;
  return is_node(p, IS_SEQ, IT_OTHER, 2, iRet, iParms);
}

/* F [Y] <bare-function-type> [<ref-qualifier>] E */
static uint32_t is_function_type(IsState *p){
  uint32_t id;
  if( !is_enter(p) ) return 0;
  if( !is_check(p, 'F') ) IS_LEAVE(p, 0);
  if( is_peek(p)=='Y' ) p->i++;
  id = is_bare_function_type(p, 1);
  if( id && (is_peek(p)=='R' || is_peek(p)=='O') ){
    p->i++;
    id = is_wrap(p, IT_FNQUAL, 3, id);
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
    iDim = is_node(p, IS_SEQ, IT_OTHER, p->i - iStart, 0, 0);
    if( iDim==0 ) return 0;
  }else{
    iDim = is_expression(p);
    if( iDim==0 ) return 0;
  }
  if( !is_check(p, '_') ) return 0;
  iType = is_type(p);
  if( iType==0 ) return 0;
  return is_node(p, IS_SEQ, IT_OTHER, 4, iDim, iType);
}

static uint32_t is_vector_type(IsState *p){
  uint32_t iDim;
  if( is_peek(p)=='_' ){
    p->i++;
    iDim = is_expression(p);
  }else{
    size_t iStart = p->i;
    if( is_number(p)<0 ) return 0;
    iDim = is_node(p, IS_SEQ, IT_OTHER, (p->i - iStart) + 12, 0, 0);
  }
  if( iDim==0 || !is_check(p, '_') ) return 0;
  return is_pair(p, IT_OTHER, 16, iDim, is_type(p));   /* " __vector(" N ")" */
}

/* T_ / T <n> _ as a node. */
static uint32_t is_template_param(IsState *p){
  long v;
  uint32_t id;
  if( !is_check(p, 'T') ) return 0;
  v = is_compact_number(p);
  if( v<0 ) return 0;
  id = is_node(p, IS_TPARAM, IT_OTHER, 0, 0, 0);
  if( id ) p->aNode[id].nParam = (uint32_t)v;
  return id;
}

/* cplus_demangle_type's T case: a template-template parameter may take
** arguments; inside a conversion type cp-demangle parses them, and parses
** them again when they turn out not to belong to it. */
static uint32_t is_type_tparam(IsState *p){
  uint32_t id = is_template_param(p);
  if( id==0 || is_peek(p)!='I' ) return id;
  if( !p->bConversion ){
    if( !is_add_sub(p, id) ) return 0;
    return is_template(p, id, is_template_args(p));
  }else{
    size_t iSaved = p->i;
    uint32_t nSubSaved = p->nSub, iArgs;
    if( p->nRetry ){ p->eErr = ITANIUM_SIZE_UNBOUNDED; return 0; }
    p->nRetry++;
    iArgs = is_template_args(p);
    p->nRetry--;
    if( iArgs && is_peek(p)=='I' ){
      if( !is_add_sub(p, id) ) return 0;
      return is_template(p, id, iArgs);
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
      id = is_wrap(p, IT_OTHER, 12, is_expression(p));     /* "decltype (" ")" */
      if( id && !is_check(p, 'E') ) id = 0;
      *pbSubst = 1;
      break;
    case 'p':
      id = is_type(p);
      id = id ? is_node(p, IS_PACKEXP, IT_OTHER, 5, id, 0) : 0;
      *pbSubst = 1;
      break;
    case 'a': case 'c': case 'f': case 'd': case 'e': case 'h': case 'u':
    case 's': case 'i':
      id = is_node(p, IS_SEQ, IT_BUILTIN, 17, 0, 0);        /* "decltype(nullptr)" */
      break;
    case 'n':
      id = is_node(p, IS_SEQ, IT_NULLPTR, 17, 0, 0);
      break;
    case 'F': {
      size_t iStart = p->i;
      long v = is_number(p);
      if( is_peek(p)=='b' ){
        if( v!=16 ) return 0;
      }else if( is_peek(p)!='x' && is_peek(p)!='_' ){
        return 0;
      }
      p->i++;
      id = is_node(p, IS_SEQ, IT_BUILTIN, 16 + (p->i - iStart), 0, 0);
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

static uint32_t is_type(IsState *p){
  char c;
  uint32_t id = 0;
  int bSubst = 1;
  if( !is_enter(p) ) return 0;
  if( is_next_qual(p) ){
    uint32_t iOuter, iInner, iBase;
    if( is_cv_qualifiers(p, &iOuter, &iInner) ) IS_LEAVE(p, 0);
    iBase = is_peek(p)=='F' ? is_function_type(p) : is_type(p);
    if( iBase==0 ) IS_LEAVE(p, 0);
    p->aNode[iInner].iLeft = iBase;
    if( !is_add_sub(p, iOuter) ) IS_LEAVE(p, 0);
    IS_LEAVE(p, iOuter);
  }
  c = is_peek(p);
  if( is_builtin_bytes(c)>0 ){
    p->i++;
    IS_LEAVE(p, is_node(p, IS_SEQ, IT_BUILTIN, (uint64_t)is_builtin_bytes(c), 0, 0));
  }
  switch( c ){
    case 'u':
      p->i++;
      id = is_wrap(p, IT_OTHER, 0, is_source_name(p));
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
      iClass = is_type(p);
      id = iClass ? is_pair(p, IT_OTHER, 8, iClass, is_type(p)) : 0;   /* "::*", " (" ")" */
      break;
    }
    case 'T':
      id = is_type_tparam(p);
      break;
    case 'O': case 'P': case 'R':
      p->i++;
      id = is_wrap(p, IT_OTHER, 2, is_type(p));
      break;
    case 'C': case 'G':
      p->i++;
      id = is_wrap(p, IT_OTHER, 11, is_type(p));      /* " _Imaginary" */
      break;
    case 'U': {
      uint32_t iName;
      p->i++;
      iName = is_source_name(p);
      if( iName && is_peek(p)=='I' ) iName = is_template(p, iName, is_template_args(p));
      id = iName ? is_pair(p, IT_OTHER, 2, is_type(p), iName) : 0;
      break;
    }
    case 'D':
      id = is_type_d(p, &bSubst);
      break;
    default:
      IS_LEAVE(p, is_name(p, 1));     /* <class-enum-type>, adds itself */
  }
  if( id && bSubst && !is_add_sub(p, id) ) IS_LEAVE(p, 0);
  IS_LEAVE(p, id);
}

/* <template-arg>* E after the I or J, as a list (a pack when nested). */
static uint32_t is_template_args_1(IsState *p){
  uint32_t iHead = 0, iTail = 0, nArg = 0;
  if( is_peek(p)=='E' ){
    p->i++;
    return is_node(p, IS_LIST, IT_OTHER, 0, 0, 0);
  }
  if( !is_enter(p) ) return 0;
  for(;;){
    uint32_t iArg = 0, iCell;
    char c = is_peek(p);
    if( c=='X' ){
      p->i++;
      iArg = is_expression(p);
      if( !is_check(p, 'E') ) iArg = 0;
    }else if( c=='L' ){
      iArg = is_expression_1(p);
    }else if( c=='I' || c=='J' ){
      uint32_t nPack = 0, iAt;
      iArg = is_template_args(p);
      for(iAt=iArg; iAt && p->aNode[iAt].iLeft; iAt=p->aNode[iAt].iRight) nPack++;
      if( nPack > p->nMaxPack ) p->nMaxPack = nPack;
    }else{
      iArg = is_type(p);
    }
    if( iArg==0 ) IS_LEAVE(p, 0);
    iCell = is_node(p, IS_LIST, IT_OTHER, 2, iArg, 0);
    if( iCell==0 ) IS_LEAVE(p, 0);
    if( iTail ) p->aNode[iTail].iRight = iCell; else iHead = iCell;
    iTail = iCell;
    nArg++;
    if( is_peek(p)=='E' ){ p->i++; break; }
  }
  if( nArg > p->nMaxList ) p->nMaxList = nArg;
  IS_LEAVE(p, iHead);
}

static uint32_t is_template_args(IsState *p){
  if( is_peek(p)!='I' && is_peek(p)!='J' ) return 0;
  p->i++;
  return is_template_args_1(p);
}

/* <expression>* up to cEnd, as a list. */
static uint32_t is_exprlist(IsState *p, char cEnd){
  uint32_t iHead = 0, iTail = 0;
  if( is_peek(p)==cEnd ){
    p->i++;
    return is_node(p, IS_LIST, IT_OTHER, 0, 0, 0);
  }
  for(;;){
    uint32_t iCell = is_node(p, IS_LIST, IT_OTHER, 2, is_expression(p), 0);
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
    iType = is_prefix(p, 0);
    if( is_peek(p)=='E' ) p->i++;
  }else{
    iType = is_type(p);
  }
  iName = is_unqualified_name(p, iType);
  if( iName && is_peek(p)=='I' ) iName = is_template(p, iName, is_template_args(p));
  return iName;
}

/* L <type> <value> E | L _Z <encoding> E  (value printed as it is, and
** the type in parentheses). */
static uint32_t is_expr_primary(IsState *p){
  uint32_t id, iType;
  size_t iStart;
  if( !is_check(p, 'L') ) return 0;
  if( is_peek(p)=='_' || is_peek(p)=='Z' ){
    id = is_mangled_name(p, 0);
  }else{
    iType = is_type(p);
    if( iType==0 ) return 0;
    if( is_type_of(p, iType)==IT_NULLPTR && is_peek(p)=='E' ){
      p->i++;
      return iType;
    }
    if( is_peek(p)=='n' ) p->i++;
    iStart = p->i;
    while( is_peek(p)!='E' ){
      if( is_peek(p)==0 ) return 0;
      p->i++;
    }
    id = is_wrap(p, IT_OTHER, (p->i - iStart) + 8, iType);   /* "(T)-123ull", "false" */
  }
  if( !is_check(p, 'E') ) return 0;
  return id;
}

/* The operand(s) of an operator expression. */
static uint32_t is_operator_expr(IsState *p){
  int nArgs = 0;
  char azCode[2] = {0, 0};
  uint32_t iOp = is_operator_name(p, &nArgs, azCode), iA, iB, iC;
  int bFold = azCode[0]=='f' && strchr("lrLR", azCode[1]) && azCode[1];
  if( iOp==0 ) return 0;
  if( azCode[0]=='s' && azCode[1]=='t' ) return is_pair(p, IT_OTHER, 2, iOp, is_type(p));
  switch( nArgs ){
    case 0:
      return iOp;
    case 1:
      if( (azCode[0]=='p' || azCode[0]=='m') && azCode[1]==azCode[0] ) is_check(p, '_');
      if( p->aNode[iOp].eKind==IS_CONV && is_check(p, '_') ) iA = is_exprlist(p, 'E');
      else if( azCode[0]=='s' && azCode[1]=='P' ) iA = is_template_args_1(p);
      else iA = is_expression_1(p);
      return is_pair(p, IT_OTHER, 4, iOp, iA);
    case 2:
      if( strchr("sdcr", azCode[0]) && azCode[1]=='c' ) iA = is_type(p);
      else if( azCode[0]=='f' ){ int n2; char az2[2]; iA = is_operator_name(p, &n2, az2); }
      else if( azCode[0]=='d' && azCode[1]=='i' ) iA = is_unqualified_name(p, 0);
      else iA = is_expression_1(p);
      if( azCode[0]=='c' && azCode[1]=='l' ){
        iB = is_exprlist(p, 'E');
      }else if( (azCode[0]=='d' || azCode[0]=='p') && azCode[1]=='t' ){
        char c = is_peek(p), d = is_peek2(p);
        if( (c=='g' && d=='s') || (c=='s' && d=='r') ){
          iB = is_expression_1(p);
        }else{
          iB = is_unqualified_name(p, 0);
          if( iB && is_peek(p)=='I' ) iB = is_template(p, iB, is_template_args(p));
        }
      }else{
        iB = is_expression_1(p);
      }
      iA = is_pair(p, IT_OTHER, 4, iA, iB);
      iA = bFold ? (iA ? is_node(p, IS_FOLD, IT_OTHER, 8, iA, 0) : 0) : iA;
      return is_pair(p, IT_OTHER, 4, iOp, iA);
    case 3:
      if( (azCode[0]=='q' && azCode[1]=='u') || (azCode[0]=='d' && azCode[1]=='X') || bFold ){
        if( bFold ){
          int nArgs2;
          char azCode2[2];
          iA = is_operator_name(p, &nArgs2, azCode2);
        }else{
          iA = is_expression_1(p);
        }
        iB = iA ? is_expression_1(p) : 0;
        iC = iB ? is_expression_1(p) : 0;
      }else if( azCode[0]=='n' && (azCode[1]=='w' || azCode[1]=='a') ){
        iA = is_exprlist(p, '_');
        iB = iA ? is_type(p) : 0;
        if( iB && is_peek(p)=='E' ){
          p->i++;
          iC = is_node(p, IS_SEQ, IT_OTHER, 0, 0, 0);
        }else if( iB && is_peek(p)=='p' && is_peek2(p)=='i' ){
          p->i += 2;
          iC = is_exprlist(p, 'E');
        }else if( iB && is_peek(p)=='i' && is_peek2(p)=='l' ){
          iC = is_expression_1(p);
        }else{
          iC = 0;
        }
      }else{
        return 0;
      }
      iA = is_pair(p, IT_OTHER, 8, iA, is_pair(p, IT_OTHER, 8, iB, iC));
      iA = bFold ? (iA ? is_node(p, IS_FOLD, IT_OTHER, 8, iA, 0) : 0) : iA;
      return is_pair(p, IT_OTHER, 4, iOp, iA);
    default:
      return 0;
  }
}

static uint32_t is_expression_1(IsState *p){
  char c = is_peek(p), d = is_peek2(p);
  uint32_t id = 0;
  if( !is_enter(p) ) return 0;
  if( c=='L' ){
    id = is_expr_primary(p);
  }else if( c=='T' ){
    id = is_template_param(p);
  }else if( c=='s' && d=='r' ){
    id = is_unresolved_name(p);
  }else if( c=='s' && d=='p' ){
    p->i += 2;
    id = is_expression_1(p);
    id = id ? is_node(p, IS_PACKEXP, IT_OTHER, 5, id, 0) : 0;
  }else if( c=='f' && d=='p' ){
    p->i += 2;
    if( is_peek(p)=='T' ) p->i++;
    else if( is_compact_number(p)<0 ) IS_LEAVE(p, 0);
    id = is_node(p, IS_SEQ, IT_OTHER, 20, 0, 0);        /* "{parm#N}", "this" */
  }else if( is_digit(c) || (c=='o' && d=='n') ){
    if( c=='o' ) p->i += 2;
    id = is_unqualified_name(p, 0);
    if( id && is_peek(p)=='I' ) id = is_template(p, id, is_template_args(p));
  }else if( (c=='i' || c=='t') && d=='l' ){
    uint32_t iType = 0;
    p->i += 2;
    if( c=='t' ){
      iType = is_type(p);
      if( iType==0 ) IS_LEAVE(p, 0);
    }
    if( p->i + 2 > p->n ) IS_LEAVE(p, 0);
    id = is_node(p, IS_SEQ, IT_OTHER, 4, iType, is_exprlist(p, 'E'));
    if( id && p->aNode[id].iRight==0 ) id = 0;
  }else if( c=='u' ){
    uint32_t iName;
    p->i++;
    iName = is_source_name(p);
    id = iName ? is_pair(p, IT_OTHER, 4, iName, is_template_args_1(p)) : 0;
  }else{
    id = is_operator_expr(p);
  }
  IS_LEAVE(p, id);
}

static uint32_t is_expression(IsState *p){
  int bWas = p->bExpression;
  uint32_t id;
  p->bExpression = 1;
  id = is_expression_1(p);
  p->bExpression = bWas;
  return id;
}

/* h <number> _ | v <number> _ <number> _ */
static int is_call_offset(IsState *p, char c){
  if( c==0 ){ c = is_peek(p); p->i++; }
  if( c=='h' ){
    is_number(p);
  }else if( c=='v' ){
    is_number(p);
    if( !is_check(p, '_') ) return 0;
    is_number(p);
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
        return is_wrap(p, IT_OTHER, IS_SPECIAL_BYTES, is_type(p));
      case 'h': case 'v':
        if( !is_call_offset(p, c) ) return 0;
        return is_wrap(p, IT_OTHER, IS_SPECIAL_BYTES, is_encoding(p, 0));
      case 'c':
        if( !is_call_offset(p, 0) || !is_call_offset(p, 0) ) return 0;
        return is_wrap(p, IT_OTHER, IS_SPECIAL_BYTES, is_encoding(p, 0));
      case 'C': {
        uint32_t iDerived = is_type(p), iBase;
        if( iDerived==0 || is_number(p)<0 || !is_check(p, '_') ) return 0;
        iBase = is_type(p);
        return is_pair(p, IT_OTHER, IS_SPECIAL_BYTES, iBase, iDerived);
      }
      case 'H': case 'W':
        return is_wrap(p, IT_OTHER, IS_SPECIAL_BYTES, is_name(p, 0));
      case 'A': {
        uint32_t iArg;
        char d = is_peek(p);
        if( d=='X' ){ p->i++; iArg = is_expression(p); if( !is_check(p, 'E') ) iArg = 0; }
        else if( d=='L' ) iArg = is_expression_1(p);
        else if( d=='I' || d=='J' ) iArg = is_template_args(p);
        else iArg = is_type(p);
        return is_wrap(p, IT_OTHER, IS_SPECIAL_BYTES, iArg);
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
        return is_wrap(p, IT_OTHER, IS_SPECIAL_BYTES, is_name(p, 0));
      case 'R': {
        uint32_t iName = is_name(p, 0);
        size_t iStart = p->i;
        if( iName==0 ) return 0;
        is_number(p);
        return is_wrap(p, IT_OTHER, IS_SPECIAL_BYTES + 12 + (p->i - iStart), iName);
      }
      case 'A':
        return is_wrap(p, IT_OTHER, IS_SPECIAL_BYTES, is_encoding(p, 0));
      case 'T':
        if( is_peek(p)==0 ) return 0;
        p->i++;
        return is_wrap(p, IT_OTHER, IS_SPECIAL_BYTES, is_encoding(p, 0));
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

static uint32_t is_encoding(IsState *p, int bTop){
  char c = is_peek(p);
  uint32_t id;
  if( !is_enter(p) ) return 0;
  if( c=='G' || c=='T' ) IS_LEAVE(p, is_special_name(p));
  id = is_name(p, 0);
  (void)bTop;
  if( id && is_peek(p)!=0 && is_peek(p)!='E' ){
    uint32_t iTemplate = is_typed_template(p, id);
    uint32_t iType = is_bare_function_type(p, is_has_return_type(p, id));
    id = is_pair(p, IT_OTHER, 2, id, iType);
    if( id && iTemplate ){
      uint32_t iCtx = is_add_context(p, p->aNode[iTemplate].iRight);
      if( iCtx==0 ) IS_LEAVE(p, 0);
      p->aNode[id].eKind = IS_TYPED;
      p->aNode[id].nParam = iCtx;
    }
  }
  IS_LEAVE(p, id);
}

/* _Z <encoding> [.clone-suffix]* ; bTop: the whole input. */
static uint32_t is_mangled_name(IsState *p, int bTop){
  uint32_t id;
  if( !is_check(p, '_') && bTop ) return 0;
  if( !is_check(p, 'Z') ) return 0;
  id = is_encoding(p, bTop);
  while( id && bTop && is_peek(p)=='.'
      && (is_lower(is_peek2(p)) || is_peek2(p)=='_' || is_digit(is_peek2(p))) ){
    size_t iStart = p->i;
    p->i += 2;
    while( is_lower(is_peek(p)) || is_digit(is_peek(p)) || is_peek(p)=='_' ) p->i++;
    while( is_peek(p)=='.' && is_digit(is_peek2(p)) ){
      p->i += 2;
      while( is_digit(is_peek(p)) ) p->i++;
    }
    id = is_wrap(p, IT_OTHER, 10 + (p->i - iStart), id);   /* " [clone .x]" */
  }
  return id;
}

/* ------------------------------------------------------------------ */
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

/* Parse the whole name z[0..n) once; returns the root or 0. */
static uint32_t is_parse(IsState *p){
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
  if( p->n>=2 && p->z[0]=='_' && p->z[1]=='Z' ){
    uint32_t id = is_mangled_name(p, 1);
    return (id && p->i==p->n) ? id : 0;
  }
  if( p->n>=11 && memcmp(p->z, "_GLOBAL_", 8)==0 && strchr("._$", p->z[8])
   && (p->z[9]=='I' || p->z[9]=='D') && p->z[10]=='_' ){
    /* "global constructors keyed to " and the rest, demangled if it can be */
    uint32_t id;
    p->i = 11;
    if( p->n>=13 && p->z[11]=='_' && p->z[12]=='Z' ){
      p->i = 13;
      id = is_encoding(p, 0);
    }else{
      id = is_node(p, IS_SEQ, IT_OTHER, p->n - 11, 0, 0);
      p->i = p->n;
    }
    id = is_wrap(p, IT_OTHER, 32, id);
    return (id && p->i==p->n) ? id : 0;
  }
  return 0;
}

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
  iRoot = is_parse(&s);
  if( iRoot==0 && s.eErr==0 && s.eUnresolved==-1 ){
    /* cp-demangle reads "sr" names the old way when the new way failed */
    s.eUnresolved = 0;
    iRoot = is_parse(&s);
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
