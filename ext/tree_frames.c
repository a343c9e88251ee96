/*
** tree_frames.c: frames of name and demangled detail.  See tree_frames.h.
**
** A raw pair is kept as 'N' and the name (no detail), or 'D', the name's
** length in 4 bytes, the name and the detail: names and details may hold
** any byte, a NUL or a space included, so the length says where the name
** ends.  The empty string (number 0) is the pair of no name and no detail.
*/
#include "tree_frames.h"
#include "demangle_text.h"
#include "symbol_path.h"
#include "text_buf.h"

#include <stdlib.h>
#include <string.h>

long tree_frames_key(StringTable *pRaw, const char *zName, size_t nName, const char *zDetail, size_t nDetail){
  char aBuf[256], *a = aBuf;
  size_t n;
  long i;
  uint32_t nLen = (uint32_t)nName;
  if( zDetail && nDetail==0 ) zDetail = 0;            /* "": no detail */
  if( zDetail==0 && nName==0 ) return string_table_intern(pRaw, "", 0);
  if( nName>UINT32_MAX || nDetail>SIZE_MAX - nName - 5 ) return -1;
  n = zDetail ? 5 + nName + nDetail : 1 + nName;
  if( n>sizeof(aBuf) && (a = malloc(n))==0 ) return -1;
  if( zDetail ){
    a[0] = 'D';
    memcpy(a + 1, &nLen, 4);
    if( nName ) memcpy(a + 5, zName, nName);
    memcpy(a + 5 + nName, zDetail, nDetail);
  }else{
    a[0] = 'N';
    memcpy(a + 1, zName, nName);
  }
  i = string_table_intern(pRaw, a, n);
  if( a!=aBuf ) free(a);
  return i;
}

/* The detail of raw pair z[0..n) in *pzDetail, *pnDetail (NULL: none). */
static void pair_detail(const char *z, size_t n, const char **pzDetail, size_t *pnDetail){
  uint32_t nName;
  *pzDetail = 0;
  *pnDetail = 0;
  if( n==0 || z[0]!='D' ) return;
  memcpy(&nName, z + 1, 4);
  *pzDetail = z + 5 + nName;
  *pnDetail = n - 5 - nName;
}

/* The frame of raw pair z[0..n) into *pOut (emptied first); bBare: the
** name alone, unless it is empty. */
static void frame_text(const char *z, size_t n, int bGeneric, int bBare, TextBuf *pOut){
  uint32_t nName;
  const char *zDetail;
  size_t nDetail;
  char *zDemangled = 0;
  size_t nDemangled = 0;
  pOut->n = 0;
  if( n==0 ) return;
  if( z[0]=='N' ){
    text_buf_append(pOut, z + 1, n - 1);
    return;
  }
  memcpy(&nName, z + 1, 4);
  if( bBare && nName ){
    text_buf_append(pOut, z + 5, nName);
    return;
  }
  zDetail = z + 5 + nName;
  nDetail = n - 5 - nName;
  if( demangle_text(zDetail, nDetail, &zDemangled, &nDemangled) ){
    pOut->bOom = 1;
    return;
  }
  if( zDemangled ){
    zDetail = zDemangled;
    nDetail = nDemangled;
  }
  text_buf_append(pOut, z + 5, nName);
  if( nName ) text_buf_append(pOut, " ", 1);
  if( bGeneric && text_buf_reserve(pOut, nDetail) ){
    /* strip_generics writes at most its input's length */
    pOut->n += symbol_strip_generics(zDetail, nDetail, pOut->z + pOut->n);
    pOut->z[pOut->n] = 0;
  }else if( !bGeneric ){
    text_buf_append(pOut, zDetail, nDetail);
  }
  free(zDemangled);
}

/* The frame of raw pair z[0..n) (bBare: see frame_text), its number in
** pFrames, or -1 when out of memory. */
static long frame_number(const char *z, size_t n, int bGeneric, int bBare, TextBuf *pBuf, StringTable *pFrames){
  frame_text(z, n, bGeneric, bBare, pBuf);
  if( pBuf->bOom ) return -1;
  return string_table_intern(pFrames, pBuf->z ? pBuf->z : "", pBuf->n);
}

int tree_frames_make(const StringTable *pRaw, int bGeneric, TreeFrames *p){
  TextBuf b = TEXT_BUF_INIT;
  StringTable details;
  size_t i, nByte = sizeof(uint32_t)*(pRaw->n ? pRaw->n : 1);
  memset(p, 0, sizeof(*p));
  string_table_init(&p->frames);
  string_table_init(&details);
  p->aFull = malloc(nByte);
  p->aBare = malloc(nByte);
  p->aDetail = malloc(nByte);
  if( p->aFull==0 || p->aBare==0 || p->aDetail==0 || string_table_intern(&p->frames, "", 0)!=0 ) goto no_mem;
  for(i=0; i<pRaw->n; i++){
    const char *z = string_table_str(pRaw, i), *zDetail;
    size_t n = string_table_len(pRaw, i), nDetail;
    long kFull, kBare, kDetail = -1;
    pair_detail(z, n, &zDetail, &nDetail);
    kFull = frame_number(z, n, bGeneric, 0, &b, &p->frames);
    kBare = zDetail ? frame_number(z, n, bGeneric, 1, &b, &p->frames) : kFull;
    if( zDetail ) kDetail = string_table_intern(&details, zDetail, nDetail);
    if( kFull<0 || kBare<0 || (zDetail && kDetail<0) ) goto no_mem;
    p->aFull[i] = (uint32_t)kFull;
    p->aBare[i] = (uint32_t)kBare;
    p->aDetail[i] = zDetail ? (uint32_t)kDetail + 1 : 0;
  }
  free(b.z);
  string_table_free(&details);
  return 0;
no_mem:
  free(b.z);
  string_table_free(&details);
  tree_frames_free(p);
  return 1;
}

/* The detail slice k inherits for its children (its own, else its
** parent's) into w->aInh[k], and on the way its ancestors' (UINT32_MAX:
** not known yet).  Each slice is climbed through once.  Returns 1 when
** out of memory. */
static int inherit(const TreeFrames *f, const SliceRec *a, size_t n, size_t k, TreeFramesWork *w){
  size_t nPath = 0, j = k;
  uint32_t inh = 0;
  for(;;){
    uint32_t parent;
    if( nPath>=w->nPathAlloc ){
      size_t nNew = w->nPathAlloc ? w->nPathAlloc*2 : 64;
      uint32_t *aNew = realloc(w->aPath, nNew*sizeof(uint32_t));
      if( aNew==0 ) return 1;
      w->aPath = aNew;
      w->nPathAlloc = nNew;
    }
    w->aPath[nPath++] = (uint32_t)j;
    parent = a[j].u.out.parent;
    if( parent==0 ) break;
    j = slice_rec_index(a, n, parent);
    if( w->aInh[j]!=UINT32_MAX ){
      inh = w->aInh[j];
      break;
    }
  }
  while( nPath>0 ){
    uint32_t x = w->aPath[--nPath], d = f->aDetail[a[x].name];
    w->aInh[x] = inh = d ? d : inh;
  }
  return 0;
}

int tree_frames_thread(const TreeFrames *f, SliceRec *a, size_t n, TreeFramesWork *w, size_t *pnByte){
  size_t k;
  if( n>w->nInhAlloc ){
    uint32_t *aNew = realloc(w->aInh, n*sizeof(uint32_t));
    if( aNew==0 ) return 1;
    w->aInh = aNew;
    w->nInhAlloc = n;
  }
  memset(w->aInh, 0xff, n*sizeof(uint32_t));
  for(k=0; k<n; k++){
    if( w->aInh[k]==UINT32_MAX && inherit(f, a, n, k, w) ) return 1;
  }
  /* the names change only now: inherit reads them as pairs */
  for(k=0; k<n; k++){
    uint32_t raw = a[k].name, parent = a[k].u.out.parent;
    uint32_t inh = parent ? w->aInh[slice_rec_index(a, n, parent)] : 0;
    a[k].name = (f->aDetail[raw] && f->aDetail[raw]==inh) ? f->aBare[raw] : f->aFull[raw];
    *pnByte += string_table_len(&f->frames, a[k].name) + 1;
  }
  return 0;
}

void tree_frames_work_free(TreeFramesWork *w){
  free(w->aInh);
  free(w->aPath);
  memset(w, 0, sizeof(*w));
}

void tree_frames_free(TreeFrames *p){
  free(p->aFull);
  free(p->aBare);
  free(p->aDetail);
  string_table_free(&p->frames);
  memset(p, 0, sizeof(*p));
}
