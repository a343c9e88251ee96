/*
** mm_strings.c: the self-profile reader's string table (internals shared
** in mm_profdata_int.h, the format in mm_profdata.h).  Plain C, no SQLite.
**
** Owns: the string index hashed (mm_build_index), a string id's address
** in the string data (mm_string_addr) and a string's text (mm_string).
**
**   uint64_t iAddr;
**   if( mm_string_addr(p, iId, &iAddr)==0 ) -> iId has an address
**   TextBuf t = TEXT_BUF_INIT;
**   if( mm_string(p, iId, &t, "the event's id", iByte) ) -> p->zErr
**   mm_string_until(p, iId, &t, zWhat, iByte, 0x1E)   // the text up to the first 0x1E
**
** The index: open addressing over 4-byte slots holding an entry's number
** plus one (the entries stay where they were read), so a later entry for
** an id replaces an earlier one.  A regular id is its address plus
** 100,000,003; a virtual id (at most 100,000,001) with no entry and the
** invalid id read as "<unknown>".
**
** A string's text walks its components with an explicit stack of return
** addresses (at most MM_MAX_DEPTH), so a reference loop ends at that
** depth, and counts the components it visits (MM_MAX_STEPS), so
** references that fan out (a string of 1,000 references to a string of
** 1,000 references to ...) end too; the text is capped at MM_MAX_STRING.
** Text components are UTF-8, each invalid sequence turned into U+FFFD as
** Rust's from_utf8_lossy does (utf8.h).
*/
#include "mm_profdata_int.h"
#include "utf8.h"

#include <stdlib.h>

#define MM_REF_TAG    0xFE
#define MM_TERMINATOR 0xFF
#define MM_UNKNOWN    "<unknown>"

/* ---------------------------------------------------------------- index */

static size_t mm_hash(uint64_t iId, size_t nSlot){
  return (size_t)((iId * 0x9E3779B97F4A7C15ull) >> 32) & (nSlot - 1);
}

static uint64_t mm_index_id(const MmProfile *p, size_t iEntry){
  return mm_le(p->index.a + MM_HEADER_SIZE + iEntry*2*p->nId, p->nId);
}

/* Hash the index entries; a later entry for an id replaces an earlier one. */
int mm_build_index(MmProfile *p){
  size_t nEntry = (p->index.n - MM_HEADER_SIZE) / (2*p->nId), i;
  if( (p->index.n - MM_HEADER_SIZE) % (2*p->nId) ){
    mm_error_nobyte(p, "the string index is %llu bytes after its header, not a whole number "
                    "of %u-byte entries", (unsigned long long)(p->index.n - MM_HEADER_SIZE),
                    2*p->nId);
    return 1;
  }
  if( nEntry >= UINT32_MAX/2 ) return mm_oom(p);
  p->nSlot = 16;
  while( p->nSlot < nEntry + nEntry/2 + 1 ) p->nSlot *= 2;
  p->aSlot = calloc(p->nSlot, sizeof(uint32_t));
  if( p->aSlot==0 ) return mm_oom(p);
  for(i=0; i<nEntry; i++){
    uint64_t iId = mm_index_id(p, i);
    size_t h = mm_hash(iId, p->nSlot);
    while( p->aSlot[h] && mm_index_id(p, p->aSlot[h]-1)!=iId ) h = (h + 1) & (p->nSlot - 1);
    p->aSlot[h] = (uint32_t)(i + 1);
  }
  return 0;
}

/* The address of string iId: 0 with *piAddr, or 1 when it has none (a
** virtual id without an index entry, or the invalid id). */
int mm_string_addr(const MmProfile *p, uint64_t iId, uint64_t *piAddr){
  size_t h;
  if( iId>=MM_FIRST_REGULAR_ID ){
    *piAddr = iId - MM_FIRST_REGULAR_ID;
    return 0;
  }
  if( iId>MM_METADATA_ID ) return 1;
  for(h=mm_hash(iId, p->nSlot); p->aSlot[h]; h=(h + 1) & (p->nSlot - 1)){
    uint32_t iEntry = p->aSlot[h] - 1;
    if( mm_index_id(p, iEntry)==iId ){
      *piAddr = mm_le(p->index.a + MM_HEADER_SIZE + (size_t)iEntry*2*p->nId + p->nId, p->nId);
      return 0;
    }
  }
  return 1;
}

/* ---------------------------------------------------------------- text */

/* The number of bytes below 0x80 at the start of z[0..n), 8 at a time. */
static size_t mm_ascii_run(const unsigned char *z, size_t n){
  size_t i = 0;
  while( n - i>=8 ){
    uint64_t w;
    memcpy(&w, z + i, 8);
    if( w & 0x8080808080808080ull ) break;
    i += 8;
  }
  while( i<n && z[i]<0x80 ) i++;
  return i;
}

/* Append z[0..n) to pOut as UTF-8, each invalid sequence as U+FFFD. */
static void mm_append_lossy(TextBuf *pOut, const unsigned char *z, size_t n){
  size_t i = 0;
  while( i<n ){
    size_t j = i + mm_ascii_run(z + i, n - i);
    while( j<n ){
      size_t nChar = utf8_char_len(z + j, n - j);
      if( nChar==0 ) break;
      j += nChar;
    }
    if( j>i ) text_buf_append(pOut, (const char*)z + i, j - i);
    if( j==n ) break;
    text_buf_append(pOut, "\xEF\xBF\xBD", 3);
    i = j + utf8_invalid_len(z + j, n - j);
  }
}

/* Why iAddr cannot start a string, or NULL when it can. */
static const char *mm_addr_problem(const MmProfile *p, uint64_t iAddr){
  if( iAddr>=p->data.n ) return "is past the end of the string data";
  if( iAddr<MM_HEADER_SIZE ) return "is inside the string data's header";
  return 0;
}

static int mm_addr_error(MmProfile *p, uint64_t iByte, const char *zWhat, uint64_t iAddr,
                         const char *zWhy){
  mm_error(p, iByte, "%s: string address %llu %s (it has %llu bytes)", zWhat,
           (unsigned long long)iAddr, zWhy, (unsigned long long)p->data.n);
  return 1;
}

/* Append the text of string iId to pOut (not cleared first).  Returns 0,
** or 1 with an error that says zWhat and where the string went wrong
** (iFrom: the file offset to name when the id itself is bad).  pOut is
** NUL-terminated also when nothing was appended. */
int mm_string(MmProfile *p, uint64_t iId, TextBuf *pOut, const char *zWhat, uint64_t iFrom){
  return mm_string_until(p, iId, pOut, zWhat, iFrom, -1);
}

int mm_string_until(MmProfile *p, uint64_t iId, TextBuf *pOut, const char *zWhat, uint64_t iFrom,
                    int cStop){
  uint64_t aStack[MM_MAX_DEPTH];
  int nStack = 0, bStop = 0;
  size_t nStep = 0;
  uint64_t iAddr;
  const unsigned char *a = p->data.a;
  const char *zWhy;
  if( mm_string_addr(p, iId, &iAddr) ){
    text_buf_append(pOut, MM_UNKNOWN, strlen(MM_UNKNOWN));
    return mm_text_oom(p, pOut);
  }
  if( (zWhy = mm_addr_problem(p, iAddr))!=0 ) return mm_addr_error(p, iFrom, zWhat, iAddr, zWhy);
  for(;;){
    unsigned c;
    if( iAddr>=p->data.n ){
      mm_error(p, mm_data_byte(p, p->data.n - 1), "%s: the string data ends inside a string "
               "(no 0xFF terminator)", zWhat);
      return 1;
    }
    if( ++nStep > MM_MAX_STEPS ){
      mm_error(p, mm_data_byte(p, iAddr), "%s: the string has more than %u components "
               "(references that fan out?)", zWhat, (unsigned)MM_MAX_STEPS);
      return 1;
    }
    c = a[iAddr];
    if( c==MM_TERMINATOR ){
      if( nStack==0 ) break;
      iAddr = aStack[--nStack];
    }else if( c==MM_REF_TAG ){
      uint64_t iRef, iTo, iAt = iAddr;
      if( p->data.n - iAddr < 1 + p->nId ){
        mm_error(p, mm_data_byte(p, iAt), "%s: the string data ends inside a string reference",
                 zWhat);
        return 1;
      }
      iRef = mm_le(a + iAddr + 1, p->nId);
      iAddr += 1 + p->nId;
      if( mm_string_addr(p, iRef, &iTo) ){
        text_buf_append(pOut, MM_UNKNOWN, strlen(MM_UNKNOWN));
        if( mm_text_oom(p, pOut) ) return 1;
        continue;
      }
      if( (zWhy = mm_addr_problem(p, iTo))!=0 ){
        return mm_addr_error(p, mm_data_byte(p, iAt), zWhat, iTo, zWhy);
      }
      if( nStack==MM_MAX_DEPTH ){
        mm_error(p, mm_data_byte(p, iAt), "%s: string references nest deeper than %d levels "
                 "(a reference loop?)", zWhat, MM_MAX_DEPTH);
        return 1;
      }
      aStack[nStack++] = iAddr;
      iAddr = iTo;
    }else{
      const unsigned char *z = a + iAddr;
      size_t nLeft = (size_t)(p->data.n - iAddr), n = mm_ascii_run(z, nLeft), nAscii = n;
      while( n<nLeft && z[n]<MM_REF_TAG ) n++;
      if( cStop>=0 ){
        /* an ASCII byte ends any invalid sequence before it, so the text
        ** up to it is the same as the whole text's up to it */
        const unsigned char *zStop = memchr(z, cStop, n);
        if( zStop ){
          n = (size_t)(zStop - z);
          nAscii = nAscii<n ? nAscii : n;
          bStop = 1;
        }
      }
      if( pOut->n + n > MM_MAX_STRING ){
        mm_error(p, mm_data_byte(p, iAddr), "%s: the string is longer than %u bytes", zWhat,
                 (unsigned)MM_MAX_STRING);
        return 1;
      }
      if( n==nAscii ) text_buf_append(pOut, (const char*)z, n);
      else mm_append_lossy(pOut, z, n);
      if( mm_text_oom(p, pOut) ) return 1;
      iAddr += n;
      if( bStop ) break;
    }
  }
  if( pOut->n > MM_MAX_STRING ){
    mm_error(p, iFrom, "%s: the string is longer than %u bytes", zWhat, (unsigned)MM_MAX_STRING);
    return 1;
  }
  if( !text_buf_reserve(pOut, 0) ) return mm_oom(p);
  pOut->z[pOut->n] = 0;                     /* also when nothing was appended */
  return 0;
}
