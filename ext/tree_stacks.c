/*
** tree_stacks.c: the call tree's stacks interned, whether each is nested
** in a same-named one, and their texts.  Interface and memory:
** tree_stacks.h.
**
** How it works.  A thread's slices are numbered in one pass that visits
** every parent before its children: backwards for a thread in end order
** (LLVM writes a slice when it ends, so after its children), forwards
** otherwise.  The pass keeps the path from the top-level slice down to
** the last one as (rowid, stack) pairs, so a slice finds its parent's
** stack by popping back to it, with no search; a parent not on the path
** (containment order, where parents can come on either side) is found by
** its rowid in the thread's sorted array and numbered first, with its own
** unnumbered ancestors.  A stack is numbered after its enclosing stack,
** so the records form a tree in which every parent has a smaller number.
**
** The nested flags come once every thread is numbered, from a walk of
** that tree of records: the count of each name on the way down from the
** top says whether a stack's name occurs above it.  The records number
** far fewer than the slices, so this costs little, whatever the order the
** threads were written in.
**
** Texts are built when first asked for (a statement that reads no stack
** builds none), into blocks that never move, so every text stays where
** it was put; see tree_stacks.h for how they share bytes and the cap.
*/
#include "tree_stacks.h"
#include "big_array.h"

#include <stdlib.h>
#include <string.h>

/* Texts, appended; a text never spans two blocks. */
struct TextBlock {
  TextBlock *pNext;      /* the block filled before this one */
  size_t nAlloc, nUsed;  /* bytes of a[], of which used */
  char a[];
};

/* The smallest block (a longer text gets a block of its own size). */
#define TS_BLOCK ((size_t)64 << 10)

void tree_stacks_init(TreeStacks *p){
  memset(p, 0, sizeof(*p));
}

static uint64_t stack_len(const StackRec *r){
  return r->lenNested >> 1;
}

/* The hash of the pair (parent, name). */
static size_t pair_hash(uint32_t parent, uint32_t name){
  uint64_t h = (uint64_t)parent * 0x9E3779B97F4A7C15ull ^ (uint64_t)name * 0xC2B2AE3D27D4EB4Full;
  h ^= h >> 31;
  h *= 0xFF51AFD7ED558CCDull;
  return (size_t)(h ^ (h >> 29));
}

static size_t stack_hash_of(const void *pCtx, size_t i){
  const TreeStacks *p = (const TreeStacks*)pCtx;
  return pair_hash(p->a[i].parent, p->a[i].name);
}

/* The hash table at twice the size (1024 slots at first). */
static int stacks_rehash(TreeStacks *p){
  return hash_slots_grow(&p->aHash, &p->nHash, p->n, 1024, stack_hash_of, p);
}

/* The number of the stack that is stack parent (or none) and then name
** iName, added when new.  Returns -1 when out of memory. */
static long stack_intern(TreeStacks *p, const StringTable *pNames, uint32_t parent, uint32_t iName){
  size_t h = 0;
  uint64_t nLen;
  StackRec *r;
  if( p->nHash ){
    h = pair_hash(parent, iName) & (p->nHash-1);
    while( p->aHash[h] ){
      r = &p->a[p->aHash[h]-1];
      if( r->parent==parent && r->name==iName ) return (long)(p->aHash[h]-1);
      h = (h+1) & (p->nHash-1);
    }
  }
  /* numbers stay below TREE_STACK_NONE, and number + 1 fits the hash */
  if( p->n>=(size_t)TREE_STACK_NONE - 1 ) return -1;
  if( (p->n+1)*2 > p->nHash ){
    if( stacks_rehash(p) ) return -1;
    h = pair_hash(parent, iName) & (p->nHash-1);
    while( p->aHash[h] ) h = (h+1) & (p->nHash-1);
  }
  if( p->n==p->nAlloc ){
    size_t nNew = p->nAlloc ? p->nAlloc*2 : 256;
    void *aNew = p->a;
    if( nNew>SIZE_MAX/sizeof(StackRec) || big_resize(&aNew, p->nAlloc*sizeof(StackRec), nNew*sizeof(StackRec)) ){
      return -1;
    }
    p->a = aNew;
    p->nAlloc = nNew;
  }
  /* the text's length: no more than the bytes of the names in the input
  ** that make it, so no sum here can overflow */
  nLen = string_table_len(pNames, iName);
  if( parent!=TREE_STACK_NONE ) nLen += stack_len(&p->a[parent]) + 1;
  r = &p->a[p->n];
  r->parent = parent;
  r->name = iName;
  r->lenNested = nLen << 1;
  r->z = 0;
  p->aHash[h] = (uint32_t)(++p->n);
  return (long)(p->n-1);
}

/* Room for n more entries in p->aChain, which holds nChain.  Returns 1
** when out of memory. */
static int chain_room(TreeStacks *p, size_t nChain){
  size_t nNew;
  uint32_t *aNew;
  if( nChain<p->nChainAlloc ) return 0;
  nNew = p->nChainAlloc ? p->nChainAlloc*2 : 64;
  if( nNew>SIZE_MAX/sizeof(uint32_t) ) return 1;
  aNew = realloc(p->aChain, nNew*sizeof(uint32_t));
  if( aNew==0 ) return 1;
  p->aChain = aNew;
  p->nChainAlloc = nNew;
  return 0;
}

/* Slices whose stack is numbered: bit i of aDone for a[i]. */
#define DONE(aDone, i)     ((aDone)[(i)>>3] & (1u << ((i)&7)))
#define SET_DONE(aDone, i) ((aDone)[(i)>>3] |= (uint8_t)(1u << ((i)&7)))

/* Number the stack of a[i] if it is not yet, and its ancestors not yet
** numbered: up the parents to one that is (or the top), then down.
** Returns 1 when out of memory. */
static int slice_settle(TreeStacks *p, const StringTable *pNames, SliceRec *a, size_t n, uint8_t *aDone, size_t i){
  size_t nChain = 0, j = i;
  uint32_t parent = TREE_STACK_NONE;
  while( !DONE(aDone, j) ){
    if( chain_room(p, nChain) ) return 1;
    p->aChain[nChain++] = (uint32_t)j;
    if( a[j].u.out.parent==0 ) break;
    j = slice_rec_index(a, n, a[j].u.out.parent);
  }
  if( DONE(aDone, j) ) parent = a[j].stack;
  while( nChain>0 ){
    size_t k = p->aChain[--nChain];
    long s = stack_intern(p, pNames, parent, a[k].name);
    if( s<0 ) return 1;
    a[k].stack = parent = (uint32_t)s;
    SET_DONE(aDone, k);
  }
  return 0;
}

/* Room in p->aPath for n pairs.  Returns 1 when out of memory. */
static int path_room(TreeStacks *p, size_t n){
  size_t nNew = p->nPathAlloc ? p->nPathAlloc : 64;
  uint32_t *aNew;
  if( n<=p->nPathAlloc ) return 0;
  while( nNew<n ) nNew *= 2;
  if( nNew>SIZE_MAX/(2*sizeof(uint32_t)) ) return 1;
  aNew = realloc(p->aPath, nNew*2*sizeof(uint32_t));
  if( aNew==0 ) return 1;
  p->aPath = aNew;
  p->nPathAlloc = nNew;
  return 0;
}

/* Put slice a[i]'s (rowid, stack) at the end of the path, which has
** room (path_room). */
#define PATH_PUSH(p, nPath, rowid_, stack_) \
  do{ (p)->aPath[2*(nPath)] = (rowid_); (p)->aPath[2*(nPath)+1] = (stack_); (nPath)++; }while(0)

int tree_stacks_thread(TreeStacks *p, const StringTable *pNames, SliceRec *a, size_t n, ThreadOrder e){
  size_t nPath = 0, k, nDone = n/8 + 1;
  int bBack = e==ORDER_END;
  uint8_t *aDone;
  /* the work arrays serve every thread: a million threads of one slice
  ** each cost no allocation each */
  if( nDone>p->nDoneAlloc ){
    uint8_t *aNew = realloc(p->aDone, nDone);
    if( aNew==0 ) return 1;
    p->aDone = aNew;
    p->nDoneAlloc = nDone;
  }
  aDone = p->aDone;
  memset(aDone, 0, nDone);
  for(k=0; k<n; k++){
    size_t i = bBack ? n-1-k : k;
    uint32_t parent = a[i].u.out.parent;
    if( parent==0 ){
      nPath = 0;
    }else{
      while( nPath>0 && p->aPath[2*(nPath-1)]!=parent ) nPath--;
    }
    if( path_room(p, nPath + 2) ) return 1;
    if( !DONE(aDone, i) ){
      if( parent!=0 && nPath>0 ){
        long s = stack_intern(p, pNames, p->aPath[2*(nPath-1)+1], a[i].name);
        if( s<0 ) return 1;
        a[i].stack = (uint32_t)s;
        SET_DONE(aDone, i);
      }else{
        if( parent!=0 ){
          /* the parent is not on the path: found by its rowid, and put
          ** on the path, where its next children find it */
          size_t j = slice_rec_index(a, n, parent);
          if( slice_settle(p, pNames, a, n, aDone, j) ) return 1;
          PATH_PUSH(p, nPath, parent, a[j].stack);
        }
        if( slice_settle(p, pNames, a, n, aDone, i) ) return 1;
      }
    }
    PATH_PUSH(p, nPath, a[i].rowid, a[i].stack);
  }
  return 0;
}

/* One level of the walk down the tree of records. */
typedef struct WalkEnt { uint32_t i, iKid; } WalkEnt;

long tree_stacks_child(TreeStacks *p, const StringTable *pNames, uint32_t parent, uint32_t iName){
  return stack_intern(p, pNames, parent, iName);
}

int tree_stacks_finish(TreeStacks *p, size_t nName, size_t nBudget){
  size_t n = p->n, i;
  uint32_t *aEnd = 0, *aKid = 0, *aCount = 0;
  WalkEnt *aWalk = 0;
  size_t nWalk;
  int rc = 1;
  p->nBudget = nBudget;
  /* the threads are numbered: their work arrays go */
  free(p->aDone);
  free(p->aPath);
  p->aDone = 0;
  p->aPath = 0;
  p->nDoneAlloc = p->nPathAlloc = 0;
  if( n==0 ) return 0;
  /* children of each record, grouped (record n: the top), and the
  ** count of each name on the way down */
  aEnd = calloc(n + 2, sizeof(uint32_t));
  aKid = malloc(n*sizeof(uint32_t));
  aCount = calloc(nName ? nName : 1, sizeof(uint32_t));
  aWalk = malloc((n + 1)*sizeof(WalkEnt));
  if( aEnd==0 || aKid==0 || aCount==0 || aWalk==0 ) goto done;
  for(i=0; i<n; i++) aEnd[p->a[i].parent==TREE_STACK_NONE ? n : p->a[i].parent]++;
  for(i=1; i<n+2; i++) aEnd[i] += aEnd[i-1];
  /* filled from the back, aEnd[x] ends as the start of x's children,
  ** which end where x+1's start */
  for(i=n; i>0; i--){
    uint32_t par = p->a[i-1].parent;
    aKid[--aEnd[par==TREE_STACK_NONE ? n : par]] = (uint32_t)(i-1);
  }
  aWalk[0].i = (uint32_t)n;
  aWalk[0].iKid = aEnd[n];
  nWalk = 1;
  while( nWalk>0 ){
    WalkEnt *w = &aWalk[nWalk-1];
    if( w->iKid<aEnd[w->i + 1] ){
      uint32_t c = aKid[w->iKid++];
      StackRec *r = &p->a[c];
      r->lenNested = (r->lenNested & ~(uint64_t)1) | (aCount[r->name]>0);
      aCount[r->name]++;
      aWalk[nWalk].i = c;
      aWalk[nWalk++].iKid = aEnd[c];
    }else{
      if( w->i<n ) aCount[p->a[w->i].name]--;
      nWalk--;
    }
  }
  rc = 0;
done:
  free(aEnd);
  free(aKid);
  free(aCount);
  free(aWalk);
  return rc;
}

/* Room for n bytes of text at the end of the newest block: a new block
** when it has not, unless that would take the blocks past the budget.
** Returns where the bytes go, or NULL with *pbOver set (past the budget)
** or not (out of memory). */
static char *text_room(TreeStacks *p, size_t n, int *pbOver){
  TextBlock *b = p->pBlock;
  size_t nAlloc = n>TS_BLOCK ? n : TS_BLOCK;
  *pbOver = 0;
  if( b && b->nAlloc - b->nUsed>=n ) return b->a + b->nUsed;
  if( nAlloc>p->nBudget - p->nText ){
    *pbOver = 1;
    return 0;
  }
  b = malloc(sizeof(TextBlock) + nAlloc);
  if( b==0 ) return 0;
  b->pNext = p->pBlock;
  b->nAlloc = nAlloc;
  b->nUsed = 0;
  p->pBlock = b;
  p->nText += nAlloc;
  return b->a;
}

int tree_stacks_text(TreeStacks *p, const StringTable *pNames, uint32_t i, const char **pz, size_t *pn){
  const StackRec *r = &p->a[i];
  const char *zBase = 0;
  size_t nChain = 0, nBase = 0, nLen, k;
  uint32_t j;
  char *zOut, *w;
  int bOver = 0, bKeep = 1;
  TextBlock *b = p->pBlock;
  *pz = 0;
  *pn = 0;
  if( stack_len(r)>SIZE_MAX ) return -1;
  nLen = (size_t)stack_len(r);
  if( r->z==0 && nLen==0 ) p->a[i].z = "";    /* one empty name: no bytes to keep */
  if( r->z ){
    *pz = r->z;
    *pn = nLen;
    return 0;
  }
  /* i and the stacks above it not built yet; their texts are prefixes of
  ** i's, so they are built with it */
  for(j=i; j!=TREE_STACK_NONE && p->a[j].z==0; j=p->a[j].parent){
    if( chain_room(p, nChain) ) return -1;
    p->aChain[nChain++] = j;
  }
  if( j!=TREE_STACK_NONE ){
    zBase = p->a[j].z;
    nBase = (size_t)stack_len(&p->a[j]);
  }
  if( zBase && b && zBase + nBase==b->a + b->nUsed && b->nAlloc - b->nUsed>=nLen - nBase ){
    /* the text above ends where the block does: extended in place */
    zOut = b->a + b->nUsed - nBase;
  }else if( (zOut = text_room(p, nLen, &bOver))==0 ){
    if( !bOver ) return -1;
    /* past the budget: built where it is good until the next call */
    if( nLen>p->nScratch ){
      char *zNew = realloc(p->zScratch, nLen);
      if( zNew==0 ) return -1;
      p->zScratch = zNew;
      p->nScratch = nLen;
    }
    zOut = p->zScratch;
    bKeep = 0;
  }
  w = zOut;
  if( w!=zBase && nBase ) memcpy(w, zBase, nBase);
  w += nBase;
  for(k=nChain; k>0; k--){
    StackRec *c = &p->a[p->aChain[k-1]];
    size_t m = string_table_len(pNames, c->name);
    if( c->parent!=TREE_STACK_NONE ) *w++ = ';';
    memcpy(w, string_table_str(pNames, c->name), m);
    w += m;
    if( bKeep ) c->z = zOut;
  }
  if( bKeep ) p->pBlock->nUsed = (size_t)(w - p->pBlock->a);
  *pz = zOut;
  *pn = nLen;
  return bKeep ? 0 : 1;
}

size_t tree_stacks_bytes(const TreeStacks *p){
  return p->nAlloc*sizeof(StackRec) + p->nHash*sizeof(uint32_t) + p->nText + p->nScratch;
}

void tree_stacks_free(TreeStacks *p){
  TextBlock *b = p->pBlock;
  while( b ){
    TextBlock *pNext = b->pNext;
    free(b);
    b = pNext;
  }
  big_free(p->a, p->nAlloc*sizeof(StackRec));
  free(p->aHash);
  free(p->zScratch);
  free(p->aChain);
  free(p->aDone);
  free(p->aPath);
  tree_stacks_init(p);
}
