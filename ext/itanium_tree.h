/*
** itanium_tree.h: the parse tree of ext/itanium_size.c, shared by its
** three files (internal: include itanium_size.h to use the bound).
**
**   itanium_parse.c   names, types, template arguments; the node store
**   itanium_expr.c    operators, expressions, special names, encodings
**   itanium_size.c    the bound of the tree, and the public functions
**
** A name is parsed into IsNode records (ids from 1; 0 means "none", which
** every parse function returns when the input is not its production).  A
** node prints nOwn bytes and then its children; a back reference is an
** edge to the node it refers to, so the tree is a DAG.
*/
#ifndef TIMETRACE_ITANIUM_TREE_H
#define TIMETRACE_ITANIUM_TREE_H
#include "itanium_size.h"

#include <stdint.h>
#include <stddef.h>

/* Deepest recursion of the parser and of the evaluation. */
#define IS_MAX_DEPTH 2048

/* Most function templates (contexts of T<n>_) one name may hold. */
#define IS_MAX_CONTEXT 8

/* Most TEMPLATE nodes times references to template parameters (RT_, OT_)
** in one name.  cp-demangle's printer sizes an array on the stack by
** their product (16 bytes per entry, each counted up to twice): 1024 keeps
** it at 64 KB; real symbols stay below 90. */
#define IS_MAX_SCOPES 1024

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
  int bExpression;        /* cp-demangle's itanium_expression */
  int eUnresolved;        /* cp-demangle's unresolved_name_state */
  int nRetry;             /* cv T_ I re-parses open */
  int nDepth;             /* parser recursion */
  int eErr;               /* ITANIUM_SIZE_* of a fatal condition, or 0 */
  /* evaluation */
  uint64_t *aMemo;        /* per node and mode */
  unsigned char *aMark;   /* 0 new, 1 on the stack, 2 done */
  int nEvalDepth;
  uint32_t nTemplate;     /* TEMPLATE nodes */
  uint32_t nRefParam;     /* & or && nodes directly over a T<n>_ */
};

/* ------------------------------------------------------------------ */
/* Saturating arithmetic: bounds never wrap. */

static inline uint64_t is_add(uint64_t a, uint64_t b){
  uint64_t s = a + b;
  return (s < a || s > ITANIUM_SIZE_MAX) ? ITANIUM_SIZE_MAX : s;
}
static inline uint64_t is_mul(uint64_t a, uint64_t b){
  if( a==0 || b==0 ) return 0;
  if( a > ITANIUM_SIZE_MAX / b ) return ITANIUM_SIZE_MAX;
  return a * b;
}

static inline char is_peek(IsState *p){ return p->i < p->n ? p->z[p->i] : 0; }
static inline char is_peek2(IsState *p){ return p->i + 1 < p->n ? p->z[p->i+1] : 0; }
static inline int is_digit(char c){ return c>='0' && c<='9'; }
static inline int is_lower(char c){ return c>='a' && c<='z'; }
static inline int is_upper(char c){ return c>='A' && c<='Z'; }
static inline int is_check(IsState *p, char c){
  if( is_peek(p)!=c ) return 0;
  p->i++;
  return 1;
}

/* Leave a function entered with itanium_enter(), returning x. */
#define IS_LEAVE(p, x) do{ uint32_t r_ = (x); (p)->nDepth--; return r_; }while(0)

/* Node building and bookkeeping (itanium_parse.c). */
uint32_t itanium_node(IsState *p, int eKind, int eType, uint64_t nOwn,
                      uint32_t iLeft, uint32_t iRight);
uint32_t itanium_pair(IsState *p, int eType, uint64_t nOwn, uint32_t iLeft, uint32_t iRight);
uint32_t itanium_wrap(IsState *p, int eType, uint64_t nOwn, uint32_t iChild);
int itanium_type_of(IsState *p, uint32_t id);
int itanium_add_sub(IsState *p, uint32_t id);
uint32_t itanium_template(IsState *p, uint32_t iName, uint32_t iArgs);
uint32_t itanium_add_context(IsState *p, uint32_t iList);
int itanium_enter(IsState *p);

/* Names, types and template arguments (itanium_parse.c); each returns
** the node read, 0 when the input is not that production.  The names
** follow cp-demangle's d_* functions. */
long itanium_number(IsState *p);
long itanium_compact_number(IsState *p);
uint32_t itanium_source_name(IsState *p);
uint32_t itanium_unqualified_name(IsState *p, uint32_t iScope);
uint32_t itanium_prefix(IsState *p, int bSubst);
uint32_t itanium_name(IsState *p, int bSubstable);
uint32_t itanium_parmlist(IsState *p);
uint32_t itanium_bare_function_type(IsState *p, int bHasReturn);
uint32_t itanium_template_param(IsState *p);
uint32_t itanium_type(IsState *p);
uint32_t itanium_template_args(IsState *p);
uint32_t itanium_template_args_1(IsState *p);

/* Operators, expressions, special names, encodings (itanium_expr.c). */
uint32_t itanium_operator_name(IsState *p, int *pnArgs, char *azCode);
uint32_t itanium_expression(IsState *p);
uint32_t itanium_expression_1(IsState *p);
uint32_t itanium_encoding(IsState *p, int bTop);
uint32_t itanium_mangled_name(IsState *p, int bTop);
uint32_t itanium_parse(IsState *p);

#endif
