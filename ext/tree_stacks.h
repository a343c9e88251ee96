/*
** tree_stacks.h: the call tree's stacks, interned: every distinct
** (enclosing stack, name) pair is one record, every slice has the number
** of its record, and the text "outer;...;name" of each record is built
** once, when first asked for.  Plain C, no SQLite; used by call_tree.c
** (call_tree_stack_text, call_tree_nested).
**
**   TreeStacks s; tree_stacks_init(&s);
**   for each thread, after tree_walk:   tree_stacks_thread(&s, &names, a, n, e)
**                                       (a[i].name becomes a[i].stack)
**   tree_stacks_finish(&s, names.n, nBudget)     (the nested flags)
**   tree_stacks_text(&s, &names, a[i].stack, &z, &n)
**   tree_stacks_nested(&s, a[i].stack)
**   tree_stacks_free(&s);
**
** Why: a trace of millions of slices has far fewer distinct stacks (the
** 1.4 GB bench trace: 5.75 M slices), and a stack column that builds a
** fresh string per row spends its time in malloc and copies.  A record
** also carries whether its name already occurs in its enclosing stack
** (measureme's "a nested instance of the same item is not counted
** twice"): the stack decides it, so it costs nothing per slice.
**
** Memory.  Nothing per slice: the stack's number takes the place of the
** name's in the slice's record (the name is the record's).  Per distinct
** stack, 24 bytes of record and 8 to 16 of hash table, plus its text
** once built (the 1.4 GB bench trace: 5.75 M slices, 650 stacks, 24 KB
** of records, 8 KB of hash table, 82 KB of text in 128 KB of blocks).  Texts share bytes where they can: a stack built right
** after its enclosing one extends it in place, and building a stack
** builds the enclosing ones not built yet as prefixes of its own text, so
** a chain of nested slices costs the length of its deepest stack.  Still,
** siblings under a long stack each copy it, so the bytes of texts kept
** are capped (nBudget, which call_tree.c derives from the names its
** slices hold, so from the input's size); past the cap a text is built in
** a scratch buffer that lives until the next call (tree_stacks_text
** returns 1).  A stack whose text is kept is built once and always comes
** back at the same address.
*/
#ifndef TIMETRACE_TREE_STACKS_H
#define TIMETRACE_TREE_STACKS_H
#include <stddef.h>
#include <stdint.h>
#include "string_table.h"
#include "tree_walk.h"

/* The parent of a stack of one name. */
#define TREE_STACK_NONE UINT32_MAX

/* One distinct stack: 24 bytes. */
typedef struct StackRec {
  uint32_t parent;       /* the stack without its last name, or TREE_STACK_NONE */
  uint32_t name;         /* its last name, in the tree's name table */
  uint64_t lenNested;    /* the text's length << 1, | 1 when nested */
  const char *z;         /* its text once built (not NUL-terminated), else NULL */
} StackRec;

typedef struct TextBlock TextBlock;

typedef struct TreeStacks {
  StackRec *a;           /* the stacks, each after its parent */
  size_t n, nAlloc;
  uint32_t *aHash;       /* open addressing: stack number + 1, 0 empty */
  size_t nHash;          /* a power of two, or 0 before the first stack */
  TextBlock *pBlock;     /* the texts kept: blocks, the newest first */
  size_t nText;          /* bytes of the blocks */
  size_t nBudget;        /* most bytes of blocks (tree_stacks_finish) */
  char *zScratch;        /* a text past the budget, until the next call */
  size_t nScratch;
  uint32_t *aChain;      /* tree_stacks_text, tree_stacks_thread: work list */
  size_t nChainAlloc;
  uint8_t *aDone;        /* tree_stacks_thread: a bit per slice, numbered */
  size_t nDoneAlloc;
  uint32_t *aPath;       /* tree_stacks_thread: the path, (rowid, stack) pairs */
  size_t nPathAlloc;     /* pairs */
} TreeStacks;

void tree_stacks_init(TreeStacks *p);

/* The number of the stack that is stack parent and then name iName (an
** async instant's: tree_instants.h), added when new; before
** tree_stacks_finish.  Returns -1 when out of memory. */
long tree_stacks_child(TreeStacks *p, const StringTable *pNames, uint32_t parent, uint32_t iName);

/* Give every slice of one thread (a[0..n) after tree_walk with order e:
** parents as rowids, each slice's name number in a[i].name) the number
** of its stack, in a[i].stack.  Returns 0, or 1 when out of memory (the
** slices' names are then partly stacks: the tree is unusable). */
int tree_stacks_thread(TreeStacks *p, const StringTable *pNames, SliceRec *a, size_t n, ThreadOrder e);

/* After the last thread: the nested flags of all stacks (nName: the
** names in the name table), and the cap on the bytes of texts kept.
** Returns 0, or 1 when out of memory. */
int tree_stacks_finish(TreeStacks *p, size_t nName, size_t nBudget);

/* The text of stack i ("outer;...;name", names as they are, ';' in a name
** included).  Returns 0 with the text in *pz (owned by p, valid until
** tree_stacks_free, the same address for the same stack every time),
** 1 with it in a buffer valid until the next call (past the budget), or
** -1 when out of memory. */
int tree_stacks_text(TreeStacks *p, const StringTable *pNames, uint32_t i, const char **pz, size_t *pn);

/* 1 when stack i's last name occurs in its enclosing stack, else 0. */
static inline int tree_stacks_nested(const TreeStacks *p, uint32_t i){
  return (int)(p->a[i].lenNested & 1);
}

/* Bytes held: records, hash table and texts. */
size_t tree_stacks_bytes(const TreeStacks *p);

void tree_stacks_free(TreeStacks *p);

#endif
