/*
** mm_events.c: the self-profile's events, one record at a time (internals
** shared in mm_profdata_int.h, the record and the API in mm_profdata.h).
** Plain C, no SQLite.
**
** Owns pass two: mm_pass_two goes back to the first page and reads the
** event stream's header; mm_profdata_next then takes records from the
** event pages, skipping the others, through one buffer of MM_CHUNK bytes
** (less for a small file), decodes each (ids, thread, the two 48-bit
** values) and resolves the strings asked for (mm_profdata_want): the kind
** (8 kinds cached), the label and the arguments, written as a JSON array
** of strings (json_text.c).  A record may be split between pages
** (measureme never does that, but nothing forbids it): the bytes of the
** page before are kept at the front of the buffer, and the file offset of
** each byte is known from where the buffer's two parts came from.
** With worker threads (mm_profdata_threads), mm_profdata_next hands over
** to mm_parallel.c, which reads the records with mm_events_need and
** decodes them with mm_decode on the workers.
*/
#include "mm_profdata_int.h"
#include "json_text.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#define MM_INSTANT_MARK  0xFFFFFFFFFFFFull   /* the end of an instant */
#define MM_INTEGER_MARK  0xFFFFFFFFFFFEull   /* the end of an integer event */
#define MM_SEPARATOR     0x1E                /* before each argument */

/* The file offset of p->aBuf[p->iBuf]. */
uint64_t mm_events_byte(const MmProfile *p){
  return p->iBuf<p->nCarry ? p->iCarryByte + p->iBuf : p->iSegByte + (p->iBuf - p->nCarry);
}

/* Make at least n bytes of the event stream (n <= nRecord or the header)
** available at p->aBuf + p->iBuf.  Returns 1 when they are, 0 at the end
** of the input with none left, -1 on an error (the events stop). */
int mm_events_need(MmProfile *p, size_t n){
  while( p->nBuf - p->iBuf < n ){
    size_t nLeft = p->nBuf - p->iBuf, nGot, nWant;
    uint64_t iLeftByte = mm_events_byte(p);
    memmove(p->aBuf, p->aBuf + p->iBuf, nLeft);
    p->nBuf = p->nCarry = nLeft;
    p->iBuf = 0;
    p->iCarryByte = iLeftByte;
    while( p->nPageLeft==0 ){
      int eTag;
      uint64_t nSize, iByte;
      int rc = mm_page(p, &eTag, &nSize, &iByte);
      if( rc<0 ) return -1;
      if( rc==0 ){
        if( nLeft==0 ) return 0;
        mm_error(p, iLeftByte, "the event stream ends inside an event (%u of %u bytes)",
                 (unsigned)nLeft, (unsigned)n);
        return -1;
      }
      p->nPage2++;
      if( eTag==MM_TAG_EVENTS ){
        p->nPageLeft = nSize;
      }else if( mm_skip(p, nSize, iByte) ){
        return -1;
      }
    }
    nWant = p->nBufAlloc - p->nBuf;
    if( nWant > p->nPageLeft ) nWant = (size_t)p->nPageLeft;
    p->iSegByte = p->iPos;
    nGot = mm_read(p, p->aBuf + p->nBuf, nWant);
    if( p->zErr[0] ) return -1;
    if( nGot<nWant ){
      mm_error(p, p->iPos, "the file ends inside an event page (it changed while being read?)");
      return -1;
    }
    p->nBuf += nGot;
    p->nPageLeft -= nGot;
    p->nEventBytes2 += nGot;
  }
  return 1;
}

int mm_pass_two(MmProfile *p){
  int rc;
  p->nBufAlloc = p->nEventBytes + 64 < MM_CHUNK ? (size_t)p->nEventBytes + 64 : MM_CHUNK;
  p->aBuf = malloc(p->nBufAlloc);
  if( p->aBuf==0 ) return mm_oom(p);
  if( (p->g && gzrewind(p->g)!=0) || (p->fd>=0 && lseek(p->fd, 0, SEEK_SET)<0) ){
    mm_error_nobyte(p, "cannot read the file again: %s", strerror(errno));
    return 1;
  }
  p->iPos = 0;
  if( mm_read(p, 0, MM_HEADER_SIZE)!=MM_HEADER_SIZE ){
    mm_error_nobyte(p, "the file changed while being read");
    return 1;
  }
  rc = mm_events_need(p, MM_HEADER_SIZE);
  if( rc<0 ) return 1;
  if( rc==0 ){
    mm_error_nobyte(p, "there are no event pages (page tag 0)");
    return 1;
  }
  if( mm_check_header(p, p->aBuf, "MMES", "event stream", mm_events_byte(p)) ) return 1;
  p->iBuf += MM_HEADER_SIZE;
  return 0;
}

/* The kind's text, from the cache when it is there. */
static int mm_event_kind(MmProfile *p, uint64_t iId){
  unsigned i;
  MmKind *pKind;
  for(i=0; i<MM_KIND_CACHE; i++){
    if( p->aKind[i].iId==iId ) break;
  }
  if( i==MM_KIND_CACHE ){
    pKind = &p->aKind[p->iKindNext];
    p->iKindNext = (p->iKindNext + 1) % MM_KIND_CACHE;
    pKind->iId = MM_INVALID_ID;
    pKind->text.n = 0;
    if( mm_string(p, iId, &pKind->text, "the event's kind", p->ev.iByte) ) return 1;
    pKind->iId = iId;
  }else{
    pKind = &p->aKind[i];
  }
  p->ev.zKind = pKind->text.z;
  p->ev.nKind = pKind->text.n;
  return 0;
}

/* Append z[0..n) to pOut as a JSON string literal (the text is valid
** UTF-8 here, so this is Python's json.dumps with ensure_ascii=False). */
static void mm_json_string(TextBuf *pOut, const char *z, size_t n){
  size_t nLit = json_string_write(0, z, n);
  if( !text_buf_reserve(pOut, nLit) ) return;
  json_string_write(pOut->z + pOut->n, z, n);
  pOut->n += nLit;
  pOut->z[pOut->n] = 0;
}

/* The label and the arguments: the event id's text split at 0x1E. */
static int mm_event_label(MmProfile *p){
  char *z, *zSep;
  size_t n;
  p->label.n = 0;
  /* without the arguments, the text after the first 0x1E is not read */
  if( mm_string_until(p, p->ev.iEventId, &p->label, "the event's id", p->ev.iByte,
                      (p->mWant & MM_WANT_ARGS) ? -1 : MM_SEPARATOR) ) return 1;
  z = p->label.z;
  n = p->label.n;
  zSep = memchr(z, MM_SEPARATOR, n);
  p->ev.zLabel = z;
  p->ev.nLabel = zSep ? (size_t)(zSep - z) : n;
  p->ev.zArgs = 0;
  p->ev.nArgs = 0;
  if( zSep==0 || (p->mWant & MM_WANT_ARGS)==0 ) goto done;
  p->args.n = 0;
  text_buf_append(&p->args, "[", 1);
  while( zSep ){
    char *zArg = zSep + 1, *zEnd = z + n;
    zSep = memchr(zArg, MM_SEPARATOR, (size_t)(zEnd - zArg));
    if( p->args.n>1 ) text_buf_append(&p->args, ",", 1);
    mm_json_string(&p->args, zArg, (size_t)((zSep ? zSep : zEnd) - zArg));
  }
  text_buf_append(&p->args, "]", 1);
  if( mm_text_oom(p, &p->args) ) return 1;
  p->ev.zArgs = p->args.z;
  p->ev.nArgs = p->args.n;
done:
  z[p->ev.nLabel] = 0;
  return 0;
}

/* Decode the record at a into p->ev.  Returns 0, 1 on an error (set), 2
** when the event is not of the kind asked for (mm_profdata_only_kind).
** mm_parallel.c calls it on a worker's own copy of the profile. */
int mm_decode(MmProfile *p, const unsigned char *a){
  unsigned k = p->nId;
  uint32_t lo1 = (uint32_t)mm_le(a + 2*k + 4, 4);
  uint32_t lo2 = (uint32_t)mm_le(a + 2*k + 8, 4);
  uint32_t hi = (uint32_t)mm_le(a + 2*k + 12, 4);
  uint64_t v1 = lo1 | ((uint64_t)(hi & 0xFFFF0000u) << 16);
  uint64_t v2 = lo2 | ((uint64_t)(hi & 0x0000FFFFu) << 32);
  MmEvent *e = &p->ev;
  e->iKindId = mm_le(a, k);
  e->iEventId = mm_le(a + k, k);
  e->iThread = (uint32_t)mm_le(a + 2*k, 4);
  e->iStart = v1;
  e->iEnd = 0;
  e->iValue = 0;
  if( v2==MM_INSTANT_MARK ){
    e->eType = MM_INSTANT;
  }else if( v2==MM_INTEGER_MARK ){
    e->eType = MM_INTEGER;
    e->iValue = v1;
    e->iStart = 0;
  }else{
    e->eType = MM_INTERVAL;
    e->iEnd = v2;
    if( v2<v1 ){
      mm_error(p, e->iByte, "event %lld is an interval that ends (%llu) before it starts (%llu)",
               (long long)e->iSeq, (unsigned long long)v2, (unsigned long long)v1);
      return 1;
    }
  }
  e->zKind = e->zLabel = e->zArgs = 0;
  e->nKind = e->nLabel = e->nArgs = 0;
  if( ((p->mWant & MM_WANT_KIND) || p->zOnlyKind) && mm_event_kind(p, e->iKindId) ) return 1;
  if( p->zOnlyKind && (e->nKind!=p->nOnlyKind || memcmp(e->zKind, p->zOnlyKind, e->nKind)!=0) ){
    return 2;                       /* passed over: its other strings are not read */
  }
  if( (p->mWant & (MM_WANT_LABEL|MM_WANT_ARGS)) && mm_event_label(p) ) return 1;
  return 0;
}

void mm_events_check_end(MmProfile *p){
  if( p->nPage2!=p->nPage || p->nEventBytes2!=p->nEventBytes ){
    mm_error_nobyte(p, "the file changed while being read");
  }
}

const MmEvent *mm_profdata_next(MmProfile *p){
  int rc;
  if( p->bDone ) return 0;
  /* strings on worker threads; with none wanted, reading is all there is */
  if( p->nThread>1 && !p->bEventsOnly && (p->mWant || p->zOnlyKind) ) return mm_parallel_next(p);
  while( (rc = mm_events_need(p, p->nRecord))==1 ){
    int rcDecode;
    p->ev.iByte = mm_events_byte(p);
    p->ev.iSeq++;
    rcDecode = mm_decode(p, p->aBuf + p->iBuf);
    if( rcDecode==1 ) break;
    p->iBuf += p->nRecord;
    if( rcDecode==0 ) return &p->ev;
  }
  if( rc==0 ) mm_events_check_end(p);
  p->bDone = 1;
  return 0;
}
