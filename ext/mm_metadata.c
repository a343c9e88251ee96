/*
** mm_metadata.c: the self-profile's metadata string (virtual string id
** 100,000,001) read into MmMetadata (internals shared in
** mm_profdata_int.h, the fields in mm_profdata.h).  Plain C, no SQLite.
**
**   if( mm_load_metadata(p) ) -> p->zErr (no metadata string is no error)
**   p->meta: start time, process id, command line, counter, the text
**
** The metadata is what measureme writes with format!():
**   { "start_time": N, "process_id": N, "cmd": "...", "counter": {...} }
** where cmd's text went through Rust's escape_default (\t \r \n \\ \' \"
** and \u{HEX}), which is not always JSON, so json_text.c's strict check
** cannot read it.  This parser takes those escapes and JSON's (\/ \b \f
** \uXXXX, a surrogate pair joined), keeps the counter's value as written,
** and ignores keys it does not know.  One pass, no recursion: a nested
** object or array is skipped by counting brackets.
*/
#include "mm_profdata_int.h"
#include "utf8.h"

#include <stdlib.h>

/* The parser: the text, the position, why it stopped. */
typedef struct MmMeta {
  const unsigned char *z;     /* The metadata text */
  size_t n, i;                /* Its length, the position */
  const char *zWhy;           /* Why it does not parse */
} MmMeta;

static void mm_meta_space(MmMeta *m){
  while( m->i<m->n && (m->z[m->i]==' ' || m->z[m->i]=='\t' || m->z[m->i]=='\n'
                       || m->z[m->i]=='\r') ) m->i++;
}

/* nMin to nMax hex digits into *pc; 1 when there are fewer than nMin. */
static int mm_meta_hex(MmMeta *m, unsigned nMin, unsigned nMax, uint32_t *pc){
  unsigned k = 0;
  *pc = 0;
  while( k<nMax && m->i<m->n ){
    unsigned c = m->z[m->i], v;
    if( c>='0' && c<='9' ) v = c - '0';
    else if( c>='a' && c<='f' ) v = c - 'a' + 10;
    else if( c>='A' && c<='F' ) v = c - 'A' + 10;
    else break;
    *pc = *pc*16 + v;
    m->i++;
    k++;
  }
  return k<nMin;
}

/* One escape after the backslash, its character appended to pOut;
** returns 0 or 1 (zWhy set).  bKept: pOut is kept (a NUL is refused). */
static int mm_meta_escape(MmMeta *m, TextBuf *pOut, int bKept){
  static const char zFrom[] = "nrtbf\\\"'/0";   /* the letters after the backslash, */
  static const char zTo[] = "\n\r\t\b\f\\\"'/";     /* what they stand for ('0': zTo's NUL) */
  unsigned char a[4];
  uint32_t c;
  unsigned e = m->i<m->n ? m->z[m->i++] : 0;
  const char *zShort = e ? strchr(zFrom, (int)e) : 0;
  if( zShort ){
    c = (unsigned char)zTo[zShort - zFrom];
  }else if( e=='u' && m->i<m->n && m->z[m->i]=='{' ){
    m->i++;
    if( mm_meta_hex(m, 1, 6, &c) || m->i>=m->n || m->z[m->i]!='}' ){
      m->zWhy = "a bad \\u{...} escape";
      return 1;
    }
    m->i++;
  }else if( e=='u' ){
    if( mm_meta_hex(m, 4, 4, &c) ){
      m->zWhy = "a bad \\uXXXX escape";
      return 1;
    }
    if( c>=0xD800 && c<=0xDBFF && m->n - m->i>=6 && m->z[m->i]=='\\' && m->z[m->i+1]=='u' ){
      size_t iSave = m->i;
      uint32_t lo;
      m->i += 2;
      if( !mm_meta_hex(m, 4, 4, &lo) && lo>=0xDC00 && lo<=0xDFFF ){
        c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
      }else{
        m->i = iSave;
      }
    }
  }else{
    m->zWhy = "an unknown escape";
    return 1;
  }
  if( c==0 && bKept ){
    /* the command line is kept as C text, which a NUL would cut short
    ** (an argument cannot hold one: rustc's never does) */
    m->zWhy = "a NUL character (\\0, \\u0000) in a string that is kept";
    return 1;
  }
  if( c>0x10FFFF || (c>=0xD800 && c<=0xDFFF) ) c = 0xFFFD;
  text_buf_append(pOut, (const char*)a, utf8_encode(c, a));
  return 0;
}

/* A string at m->i (its opening quote), decoded into pOut (NULL: read
** past).  Returns 0, or 1 with zWhy (and p->zErr when out of memory). */
static int mm_meta_string(MmProfile *p, MmMeta *m, TextBuf *pOut){
  TextBuf skip = TEXT_BUF_INIT;
  TextBuf *pTo = pOut ? pOut : &skip;
  int rc = 0;
  m->i++;
  for(;;){
    size_t iFrom = m->i;
    while( m->i<m->n && m->z[m->i]!='"' && m->z[m->i]!='\\' ) m->i++;
    text_buf_append(pTo, (const char*)m->z + iFrom, m->i - iFrom);
    if( m->i>=m->n ){ m->zWhy = "a string that does not end"; rc = 1; break; }
    if( m->z[m->i++]=='"' ) break;
    if( mm_meta_escape(m, pTo, pOut!=0) ){ rc = 1; break; }
  }
  if( mm_text_oom(p, pTo) ){ m->zWhy = "out of memory"; rc = 1; }
  free(skip.z);
  return rc;
}

/* Skip an object or array at m->i, strings inside included. */
static int mm_meta_nested(MmProfile *p, MmMeta *m){
  size_t nDepth = 0;
  while( m->i<m->n ){
    unsigned c = m->z[m->i];
    if( c=='"' ){
      if( mm_meta_string(p, m, 0) ) return 1;
      continue;
    }
    m->i++;
    if( c=='{' || c=='[' ) nDepth++;
    else if( (c=='}' || c==']') && --nDepth==0 ) return 0;
  }
  m->zWhy = "an object or array that does not end";
  return 1;
}

/* A non-negative integer (digits only). */
static int mm_meta_uint(MmMeta *m, uint64_t *pv){
  uint64_t v = 0;
  size_t iFrom = m->i;
  while( m->i<m->n && m->z[m->i]>='0' && m->z[m->i]<='9' ){
    unsigned d = m->z[m->i++] - '0';
    if( v > (UINT64_MAX - d)/10 ){ m->zWhy = "a number too large"; return 1; }
    v = v*10 + d;
  }
  if( m->i==iFrom ){ m->zWhy = "a value that is not a non-negative integer"; return 1; }
  *pv = v;
  return 0;
}

static int mm_key_is(const TextBuf *pKey, const char *zName){
  size_t n = strlen(zName);
  return pKey->n==n && memcmp(pKey->z, zName, n)==0;
}

/* One "key": value pair; the known keys fill p->meta. */
static int mm_meta_pair(MmProfile *p, MmMeta *m){
  TextBuf key = TEXT_BUF_INIT;
  int rc = 1;
  size_t iValue;
  if( m->i>=m->n || m->z[m->i]!='"' ){ m->zWhy = "a key that is not a string"; return 1; }
  if( mm_meta_string(p, m, &key) ) goto done;
  mm_meta_space(m);
  if( m->i>=m->n || m->z[m->i++]!=':' ){ m->zWhy = "no ':' after a key"; goto done; }
  mm_meta_space(m);
  iValue = m->i;
  if( mm_key_is(&key, "start_time") ){
    if( mm_meta_uint(m, &p->meta.iStartTime) ) goto done;
    p->meta.bStartTime = 1;
  }else if( mm_key_is(&key, "process_id") ){
    if( mm_meta_uint(m, &p->meta.iPid) ) goto done;
    p->meta.bPid = 1;
  }else if( mm_key_is(&key, "cmd") && m->i<m->n && m->z[m->i]=='"' ){
    p->metaCmd.n = 0;
    if( mm_meta_string(p, m, &p->metaCmd) ) goto done;
    if( !text_buf_reserve(&p->metaCmd, 0) ){ mm_oom(p); goto done; }
    p->metaCmd.z[p->metaCmd.n] = 0;
    p->meta.zCmd = p->metaCmd.z;
  }else if( m->i<m->n && m->z[m->i]=='"' ){
    if( mm_meta_string(p, m, 0) ) goto done;
  }else if( m->i<m->n && (m->z[m->i]=='{' || m->z[m->i]=='[') ){
    if( mm_meta_nested(p, m) ) goto done;
  }else{
    while( m->i<m->n && strchr(",} \t\r\n", m->z[m->i])==0 ) m->i++;
  }
  if( mm_key_is(&key, "counter") ){
    p->metaCounter.n = 0;
    text_buf_append(&p->metaCounter, (const char*)m->z + iValue, m->i - iValue);
    if( mm_text_oom(p, &p->metaCounter) ) goto done;
    p->meta.zCounter = p->metaCounter.z;
  }
  rc = 0;
done:
  if( rc && m->zWhy==0 ) m->zWhy = "out of memory";
  free(key.z);
  return rc;
}

static int mm_meta_parse(MmProfile *p, MmMeta *m){
  mm_meta_space(m);
  if( m->i>=m->n || m->z[m->i++]!='{' ){ m->zWhy = "it is not a JSON object"; return 1; }
  mm_meta_space(m);
  if( m->i<m->n && m->z[m->i]=='}' ){ m->i++; }
  else for(;;){
    if( mm_meta_pair(p, m) ) return 1;
    mm_meta_space(m);
    if( m->i<m->n && m->z[m->i]==',' ){ m->i++; mm_meta_space(m); continue; }
    if( m->i<m->n && m->z[m->i]=='}' ){ m->i++; break; }
    m->zWhy = "no ',' or '}' after a value";
    return 1;
  }
  mm_meta_space(m);
  if( m->i<m->n ){ m->zWhy = "text after the object"; return 1; }
  return 0;
}

int mm_load_metadata(MmProfile *p){
  uint64_t iAddr;
  MmMeta m;
  if( mm_string_addr(p, MM_METADATA_ID, &iAddr) ) return 0;    /* none: not an error */
  if( mm_string(p, MM_METADATA_ID, &p->metaText, "the metadata string",
                iAddr<p->data.n ? mm_data_byte(p, iAddr) : 0) ) return 1;
  p->meta.bPresent = 1;
  p->meta.zText = p->metaText.z;
  memset(&m, 0, sizeof m);
  m.z = (const unsigned char*)p->metaText.z;
  m.n = p->metaText.n;
  if( mm_meta_parse(p, &m) ){
    if( p->zErr[0] ) return 1;
    mm_error(p, mm_data_byte(p, iAddr), "the metadata string does not parse: %s at its "
             "character %llu", m.zWhy, (unsigned long long)m.i);
    return 1;
  }
  return 0;
}
