/*
** test_group_rows.c: the store of grouped rows gives back every row it was
** given, each in its group, groups in the order of their first row and a
** group's rows in the order they came; keys that differ in one byte (a
** NUL, the length) are other groups; rows of 0 bytes, rows larger than a
** chunk and larger than a slab, and 200,000 groups of one row each come
** back whole; so do runs of one key between keys that differ only in
** length or after a NUL.  Varints round-trip at every length.  Compared with a plain
** array model of the same adds.  The plan's column lists read back what
** was written, and anything else is refused.
*/
#include "group_rows.h"
#include "unit.h"

#include <stdint.h>

/* The model: every add, in order. */
typedef struct Add { int iKey; size_t nRow; unsigned seed; } Add;

static void fill_row(unsigned char *a, size_t n, unsigned seed){
  size_t i;
  for(i=0; i<n; i++) a[i] = (unsigned char)((seed + i) * 2654435761u >> 11);
}

static void key_of(int iKey, char *z, size_t *pn){
  /* keys "k<i>", some with a NUL and a byte after it, and a few that are
  ** prefixes of others */
  int n = snprintf(z, 32, "k%d", iKey/3);
  if( iKey%3==1 ){ z[n] = 0; z[n+1] = 'x'; n += 2; }
  if( iKey%3==2 ){ z[n] = 0; n += 1; }
  *pn = (size_t)n;
}

static void check_model(const char *zLabel, Add *aAdd, size_t nAdd, int nKey){
  GroupRows *g = group_rows_new();
  GroupRowsIter it;
  unsigned char *aRow = malloc(3u<<20);
  int *aFirst = malloc(sizeof(int)*(size_t)nKey);   /* key -> order of first add */
  int *aOrder = malloc(sizeof(int)*(size_t)nKey);   /* order -> key */
  size_t i, nGroup = 0, nSeen = 0, iNext;

  int bOk = 1, k;
  CHECK(g && aRow && aFirst && aOrder);
  if( !g || !aRow || !aFirst || !aOrder ) return;
  for(k=0; k<nKey; k++) aFirst[k] = -1;
  for(i=0; i<nAdd; i++){
    char zKey[32];
    size_t nKeyLen;
    long iGroup;
    key_of(aAdd[i].iKey, zKey, &nKeyLen);
    fill_row(aRow, aAdd[i].nRow, aAdd[i].seed);
    iGroup = group_rows_group(g, zKey, nKeyLen);
    if( aFirst[aAdd[i].iKey]<0 ){
      aFirst[aAdd[i].iKey] = (int)nGroup;
      aOrder[nGroup++] = aAdd[i].iKey;
    }
    if( iGroup!=aFirst[aAdd[i].iKey] ) bOk = 0;
    if( group_rows_append(g, iGroup, aRow, aAdd[i].nRow) ) bOk = 0;
  }
  CHECK(bOk);
  CHECK(group_rows_groups(g)==nGroup);
  CHECK(group_rows_count(g)==nAdd);
  /* walk: group by group in first-row order, rows in add order; the
  ** model's rows of each key by a counting sort of the adds */
  {
    size_t *aStart = calloc((size_t)nKey + 1, sizeof(size_t));
    size_t *aIdx = malloc(sizeof(size_t)*(nAdd ? nAdd : 1));
    CHECK(aStart && aIdx);
    if( !aStart || !aIdx ) bOk = 0;
    for(i=0; bOk && i<nAdd; i++) aStart[aAdd[i].iKey + 1]++;
    for(k=0; bOk && k<nKey; k++) aStart[k+1] += aStart[k];
    for(i=0; bOk && i<nAdd; i++) aIdx[aStart[aAdd[i].iKey]++] = i;
    for(k=nKey; bOk && k>0; k--) aStart[k] = aStart[k-1];
    if( bOk ) aStart[0] = 0;
    group_rows_iter_start(g, &it);
    for(i=0; i<nGroup && bOk; i++){
      int iKey = aOrder[i];
      char zKey[32];
      size_t nKeyLen, j;
      key_of(iKey, zKey, &nKeyLen);
      for(iNext=aStart[iKey]; iNext<aStart[iKey+1] && bOk; iNext++){
        j = aIdx[iNext];
        if( !group_rows_iter_next(g, &it) ){ bOk = 0; break; }
        if( it.bNewGroup != (iNext==aStart[iKey]) ) bOk = 0;
        if( it.nKey!=nKeyLen || memcmp(it.zKey, zKey, nKeyLen)!=0 ) bOk = 0;
        fill_row(aRow, aAdd[j].nRow, aAdd[j].seed);
        if( it.nRow!=aAdd[j].nRow || (it.nRow && memcmp(it.aRow, aRow, it.nRow)!=0) ) bOk = 0;
        nSeen++;
      }
    }
    free(aStart);
    free(aIdx);
  }
  if( bOk && group_rows_iter_next(g, &it) ) bOk = 0;
  if( !bOk ) fprintf(stderr, "%s: the walk differs from the model\n", zLabel);
  CHECK(bOk);
  CHECK(nSeen==nAdd);
  CHECK(!group_rows_iter_next(g, &it));     /* stays at the end */
  group_rows_free(g);
  free(aRow);
  free(aFirst);
  free(aOrder);
}

static void test_varints(void){
  unsigned char a[GROUP_VARINT_MAX];
  int i, bOk = 1;
  for(i=0; i<64; i++){
    uint64_t v = (uint64_t)1 << i, w;
    uint64_t aV[3] = { v - 1, v, v + (v>>1) };
    int j;
    for(j=0; j<3; j++){
      size_t n = group_varint_put(a, aV[j]);
      if( group_varint_get(a, n, &w)!=n || w!=aV[j] ) bOk = 0;
      if( n>1 && group_varint_get(a, n-1, &w)!=0 ) bOk = 0;   /* cut short: 0 */
    }
  }
  CHECK(bOk);
  CHECK(group_varint_put(a, UINT64_MAX)==GROUP_VARINT_MAX);
}

/* A GroupKeyCompare: bytes in reverse order (memcmp, then length). */
static int reverse_bytes(void *pCtx, const char *zA, size_t nA, const char *zB, size_t nB){
  int c = memcmp(zA, zB, nA<nB ? nA : nB);
  (void)pCtx;
  if( c==0 ) c = nA<nB ? -1 : nA>nB;
  return -c;
}

/* group_rows_sort: the groups come in the comparison's order, each with
** all its rows in the order they came. */
static void test_sort(void){
  GroupRows *g = group_rows_new();
  GroupRowsIter it;
  unsigned char aRow[8];
  char zLast[32] = "";
  size_t nLast = 0;
  int i, bOk = 1, nGroup = 0;
  unsigned nRows[1000] = {0};
  CHECK(g!=0);
  if( g==0 ) return;
  for(i=0; i<20000; i++){
    char zKey[32];
    int k = (i*7919) % 1000;
    int n = snprintf(zKey, sizeof(zKey), "%d", k);
    long iGroup = group_rows_group(g, zKey, (size_t)n);
    memcpy(aRow, &i, sizeof(i));
    if( iGroup<0 || group_rows_append(g, iGroup, aRow, sizeof(i)) ) bOk = 0;
  }
  CHECK(bOk);
  CHECK(group_rows_sort(g, reverse_bytes, 0)==0);
  group_rows_iter_start(g, &it);
  while( group_rows_iter_next(g, &it) ){
    int v, k;
    char zKey[32];
    memcpy(&v, it.aRow, sizeof(v));
    k = (v*7919) % 1000;
    snprintf(zKey, sizeof(zKey), "%d", k);
    if( it.nKey!=strlen(zKey) || memcmp(it.zKey, zKey, it.nKey)!=0 ) bOk = 0;
    if( it.bNewGroup ){
      if( nGroup>0 && reverse_bytes(0, zLast, nLast, it.zKey, it.nKey)>=0 ) bOk = 0;
      memcpy(zLast, it.zKey, it.nKey);
      nLast = it.nKey;
      nGroup++;
    }else if( (unsigned)v<=nRows[k] ){
      bOk = 0;                /* rows of a group in the order they came */
    }
    nRows[k] = (unsigned)v;
  }
  CHECK(bOk);
  CHECK(nGroup==1000);
  group_rows_free(g);
}

/* group_columns_text and group_columns_parse: a list written is read
** back (columns, order, desc); a name not in the table, a stray space, a
** missing end and an empty list are refused; "-" is no columns. */
static void test_columns_text(void){
  static const char *const azName[] = { "a", "bb", "a_b", "desc" };
  int ai[4] = { 2, 0, 3, 1 }, aiGot[8], n = 0;
  unsigned m = 0, mDesc = 0;
  char z[100];
  const char *zEnd;
  group_columns_text(z, sizeof(z), azName, ai, 4, (1u<<0) | (1u<<3));
  CHECK_STR(z, "a_b, a desc, desc desc, bb");
  zEnd = group_columns_parse(z, 0, azName, 4, aiGot, &n, &m, &mDesc);
  CHECK(zEnd==z + strlen(z));
  CHECK(n==4 && aiGot[0]==2 && aiGot[1]==0 && aiGot[2]==3 && aiGot[3]==1);
  CHECK(m==15 && mDesc==((1u<<0) | (1u<<3)));
  group_columns_text(z, sizeof(z), azName, ai, 0, 0);
  CHECK_STR(z, "-");
  n = 7;
  CHECK(group_columns_parse("-;", ';', azName, 4, aiGot, &n, &m, &mDesc)!=0 && n==0);
  CHECK(group_columns_parse("a, c;", ';', azName, 4, aiGot, &n, &m, &mDesc)==0);
  CHECK(group_columns_parse("a,bb;", ';', azName, 4, aiGot, &n, &m, &mDesc)==0);
  CHECK(group_columns_parse("a, bb", ';', azName, 4, aiGot, &n, &m, &mDesc)==0);
  CHECK(group_columns_parse(";", ';', azName, 4, aiGot, &n, &m, &mDesc)==0);
  CHECK(group_columns_parse("ab;", ';', azName, 4, aiGot, &n, &m, &mDesc)==0);
}

int main(void){
  static Add aAdd[400000];
  size_t i, n = 0;
  unsigned seed = 1;
  test_varints();
  test_sort();
  test_columns_text();
  /* a few groups, many rows, sizes from 0 to a few hundred bytes */
  for(i=0; i<50000; i++){
    seed = seed*1103515245u + 12345u;
    aAdd[n].iKey = (int)((seed>>16) % 30);
    aAdd[n].nRow = (seed>>8) % 300;
    aAdd[n].seed = seed;
    n++;
  }
  check_model("few groups", aAdd, n, 30);
  /* rows larger than a chunk (64 KB) and than a slab (1 MB) between small ones */
  n = 0;
  for(i=0; i<40; i++){
    aAdd[n].iKey = (int)(i % 4);
    aAdd[n].nRow = i%7==3 ? ((size_t)2<<20) + i : i%5==1 ? ((size_t)70<<10) : i;
    aAdd[n].seed = (unsigned)i;
    n++;
  }
  check_model("big rows", aAdd, n, 4);
  /* runs of one key (group_rows_group compares the last key first), the
  ** keys of a run and the next differing only in length or after a NUL */
  n = 0;
  seed = 7;
  while( n<20000 ){
    size_t nRun;
    int iKey;
    seed = seed*1103515245u + 12345u;
    nRun = 1 + (seed>>20) % 9;
    iKey = (int)((seed>>8) % 6);
    for(i=0; i<nRun; i++){
      aAdd[n].iKey = iKey;
      aAdd[n].nRow = (n*31) % 40;
      aAdd[n].seed = (unsigned)n;
      n++;
    }
  }
  check_model("runs", aAdd, n, 6);
  /* 200,000 groups of one or two rows */
  n = 0;
  for(i=0; i<300000; i++){
    aAdd[n].iKey = (int)(i<200000 ? i : (i*7919) % 200000);
    aAdd[n].nRow = i % 13;
    aAdd[n].seed = (unsigned)i;
    n++;
  }
  check_model("many groups", aAdd, n, 200000);
  /* an empty store */
  {
    GroupRows *g = group_rows_new();
    GroupRowsIter it;
    CHECK(g!=0);
    if( g ){
      group_rows_iter_start(g, &it);
      CHECK(!group_rows_iter_next(g, &it));
      CHECK(group_rows_groups(g)==0);
      group_rows_free(g);
    }
  }
  return unit_report();
}
