/*
** json_text.c: a strict check of JSON object text, JSON string literals
** written from any bytes, and JSON numbers read whatever the locale
** (interface and rules: json_text.h).
** Plain C, no SQLite, no allocation.
**
** How the check works.  One pass over the bytes, no recursion: a value is
** a scalar, scanned whole (string, number, literal), or the opening of an
** array or object, pushed on a stack of JSON_MAX_DEPTH bytes ('[' or '{').
** After each value the scanner looks for what may follow it in the
** innermost open container: a comma (then a key and ':' in an object) or
** the container's closing bracket, which pops it.  The members of the
** outer object are the values completed while the stack holds it alone.
*/
#include "json_text.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* The characters that have a short escape, and the letter after the '\'
** that stands for each ('/' may be escaped too, and stays '/'). */
static const char zShortChar[] = "\"\\\b\f\n\r\t";
static const char zShortLetter[] = "\"\\bfnrt";

/* The scanner: the text, the position, and the error when it stops. */
typedef struct JsonScan {
  const unsigned char *z;    /* the text */
  size_t n;                  /* its length */
  size_t i;                  /* the next byte to read */
  JsonError *pErr;           /* where a failure is reported */
} JsonScan;

/* Stop at byte iByte for zWhy; returns 1 (the callers return it). */
static int scan_fail(JsonScan *p, size_t iByte, const char *zWhy){
  p->pErr->iByte = iByte;
  p->pErr->zWhy = zWhy;
  return 1;
}

static void scan_space(JsonScan *p){
  while( p->i<p->n && (p->z[p->i]==' ' || p->z[p->i]=='\t' || p->z[p->i]=='\n' || p->z[p->i]=='\r') ){
    p->i++;
  }
}

/* The value of the 4 hex digits at z[i..i+4) (of z[0..n)), or -1. */
static long hex4(const unsigned char *z, size_t n, size_t i){
  long v = 0;
  size_t k;
  if( i>n || n - i<4 ) return -1;
  for(k=i; k<i+4; k++){
    unsigned char c = z[k];
    int d = (c>='0' && c<='9') ? c-'0' : (c>='a' && c<='f') ? c-'a'+10 : (c>='A' && c<='F') ? c-'A'+10 : -1;
    if( d<0 ) return -1;
    v = v*16 + d;
  }
  return v;
}

/* The escape at z[i] (the byte after '\'): its length from z[i], or 0 after
** reporting the error. */
static size_t scan_escape(JsonScan *p, size_t i){
  long hi, lo;
  if( i>=p->n ){
    scan_fail(p, i, "unterminated string");
    return 0;
  }
  if( p->z[i]=='/' || (p->z[i] && strchr(zShortLetter, p->z[i])) ) return 1;
  if( p->z[i]!='u' ){
    scan_fail(p, i-1, "invalid escape in a string");
    return 0;
  }
  hi = hex4(p->z, p->n, i+1);
  if( hi<0 ){
    scan_fail(p, i-1, "invalid \\u escape: four hex digits must follow");
    return 0;
  }
  if( hi<0xD800 || hi>0xDFFF ) return 5;
  lo = hi<=0xDBFF && p->n - i>=7 && p->z[i+5]=='\\' && p->z[i+6]=='u' ? hex4(p->z, p->n, i+7) : -1;
  if( lo<0xDC00 || lo>0xDFFF ){
    scan_fail(p, i-1, "invalid \\u escape: unpaired surrogate");
    return 0;
  }
  return 11;
}

/* A string, at its opening quote. */
static int scan_string(JsonScan *p){
  size_t i = p->i + 1;
  for(;;){
    unsigned char c;
    if( i>=p->n ) return scan_fail(p, i, "unterminated string");
    c = p->z[i];
    if( c=='"' ) break;
    if( c<0x20 ) return scan_fail(p, i, "control character in a string (it must be escaped)");
    if( c=='\\' ){
      size_t nEsc = scan_escape(p, i+1);
      if( nEsc==0 ) return 1;
      i += 1 + nEsc;
    }else if( c<0x80 ){
      i++;
    }else{
      size_t nChar = utf8_char_len(p->z + i, p->n - i);
      if( nChar==0 ) return scan_fail(p, i, "invalid UTF-8 in a string");
      i += nChar;
    }
  }
  p->i = i + 1;
  return 0;
}

/* Digits at the position: how many. */
static size_t scan_digits(JsonScan *p){
  size_t i0 = p->i;
  while( p->i<p->n && p->z[p->i]>='0' && p->z[p->i]<='9' ) p->i++;
  return p->i - i0;
}

/* A number, at its first byte ('-' or a digit). */
static int scan_number(JsonScan *p){
  size_t i0 = p->i;
  if( p->z[p->i]=='-' ) p->i++;
  if( p->i<p->n && p->z[p->i]=='0' ){
    p->i++;
  }else if( scan_digits(p)==0 ){
    return scan_fail(p, i0, "invalid number");
  }
  if( p->i<p->n && p->z[p->i]=='.' ){
    p->i++;
    if( scan_digits(p)==0 ) return scan_fail(p, i0, "invalid number: digits must follow '.'");
  }
  if( p->i<p->n && (p->z[p->i]=='e' || p->z[p->i]=='E') ){
    p->i++;
    if( p->i<p->n && (p->z[p->i]=='+' || p->z[p->i]=='-') ) p->i++;
    if( scan_digits(p)==0 ) return scan_fail(p, i0, "invalid number: digits must follow the exponent");
  }
  return 0;
}

/* A scalar value at the position (not '[' or '{'). */
static int scan_scalar(JsonScan *p){
  static const char *const azLit[] = { "true", "false", "null" };
  unsigned char c = p->z[p->i];
  size_t k;
  if( c=='"' ) return scan_string(p);
  if( c=='-' || (c>='0' && c<='9') ) return scan_number(p);
  for(k=0; k<sizeof(azLit)/sizeof(azLit[0]); k++){
    size_t nLit = strlen(azLit[k]);
    if( p->n - p->i>=nLit && memcmp(p->z + p->i, azLit[k], nLit)==0 ){
      p->i += nLit;
      return 0;
    }
  }
  return scan_fail(p, p->i, "expected a value");
}

/* A key and its colon, after optional whitespace; the key's literal
** (quotes included) is z[*piKey .. *piKey + *pnKey). */
static int scan_key(JsonScan *p, size_t *piKey, size_t *pnKey){
  scan_space(p);
  *piKey = p->i;
  if( p->i>=p->n || p->z[p->i]!='"' ) return scan_fail(p, p->i, "expected a key (a string)");
  if( scan_string(p) ) return 1;
  *pnKey = p->i - *piKey;
  scan_space(p);
  if( p->i>=p->n || p->z[p->i]!=':' ) return scan_fail(p, p->i, "expected ':' after a key");
  p->i++;
  return 0;
}

int json_object_check(const char *z, size_t n, JsonMemberFn xMember, void *pArg, JsonError *pErr){
  unsigned char aStack[JSON_MAX_DEPTH];   /* open containers: '{' or '[' */
  size_t nStack = 0;
  size_t iKey = 0, nKey = 0, iValue = 0;  /* the outer object's member being read */
  size_t iInner, nInner;                  /* a key of a nested object */
  JsonScan s;
  s.z = (const unsigned char*)z;
  s.n = n;
  s.i = 0;
  s.pErr = pErr;
  scan_space(&s);
  if( s.i>=n || s.z[s.i]!='{' ) return scan_fail(&s, s.i, "not a JSON object (it must start with '{')");
  for(;;){
    unsigned char c;
    /* a value starts here */
    scan_space(&s);
    if( s.i>=n ) return scan_fail(&s, s.i, "unexpected end of the text");
    if( nStack==1 ) iValue = s.i;
    c = s.z[s.i];
    if( c=='{' || c=='[' ){
      if( nStack==JSON_MAX_DEPTH ) return scan_fail(&s, s.i, "nesting deeper than 1000 levels");
      aStack[nStack++] = c;
      s.i++;
      scan_space(&s);
      if( s.i<n && s.z[s.i]==(c=='{' ? '}' : ']') ){
        s.i++;
        nStack--;
      }else{
        if( c=='{' && scan_key(&s, nStack==1 ? &iKey : &iInner, nStack==1 ? &nKey : &nInner) ) return 1;
        continue;
      }
    }else if( scan_scalar(&s) ){
      return 1;
    }
    /* a value ended: what may follow it */
    for(;;){
      if( nStack==0 ){
        scan_space(&s);
        if( s.i<n ) return scan_fail(&s, s.i, "text after the object");
        return 0;
      }
      if( nStack==1 && xMember ) xMember(pArg, iKey, nKey, iValue, s.i);
      scan_space(&s);
      c = aStack[nStack-1];
      if( s.i<n && s.z[s.i]==',' ){
        s.i++;
        if( c=='{' && scan_key(&s, nStack==1 ? &iKey : &iInner, nStack==1 ? &nKey : &nInner) ) return 1;
        break;
      }
      if( s.i<n && s.z[s.i]==(c=='{' ? '}' : ']') ){
        s.i++;
        nStack--;
        continue;
      }
      return scan_fail(&s, s.i, c=='{' ? "expected ',' or '}' after a value in an object"
                                       : "expected ',' or ']' after a value in an array");
    }
  }
}

int json_key_is(const char *zKey, size_t nKey, const char *zName){
  const unsigned char *z = (const unsigned char*)zKey;
  size_t i = 1, k = 0;
  if( nKey<2 ) return 0;
  while( i<nKey-1 ){
    long c = z[i];
    if( c=='\\' && z[i+1]=='u' ){
      c = hex4(z, nKey, i+2);
      i += 6;
    }else if( c=='\\' ){
      const char *pLetter = z[i+1] ? strchr(zShortLetter, z[i+1]) : 0;
      c = pLetter ? zShortChar[pLetter - zShortLetter] : z[i+1];
      i += 2;
    }else{
      i++;
    }
    /* a name is ASCII: a byte or escape past 0x7F never matches */
    if( zName[k]==0 || c!=(unsigned char)zName[k] ) return 0;
    k++;
  }
  return zName[k]==0;
}

size_t json_string_write(char *zOut, const char *z, size_t n){
  static const char aHex[] = "0123456789abcdef";
  const unsigned char *a = (const unsigned char*)z;
  size_t i = 0, nOut = 1;
  if( zOut ) zOut[0] = '"';
  while( i<n ){
    unsigned char c = a[i];
    const char *zEsc, *pShort;
    size_t nChar = 1, nEsc;
    char aEsc[6];
    if( c>=0x20 && c<0x80 && c!='"' && c!='\\' ){
      /* a run of ASCII that stays as it is: copied at once */
      size_t j = i + 1;
      while( j<n && a[j]>=0x20 && a[j]<0x80 && a[j]!='"' && a[j]!='\\' ) j++;
      if( zOut ) memcpy(zOut + nOut, z + i, j - i);
      nOut += j - i;
      i = j;
      continue;
    }
    pShort = c && c<0x80 ? strchr(zShortChar, c) : 0;
    if( pShort ){
      aEsc[0] = '\\';
      aEsc[1] = zShortLetter[pShort - zShortChar];
      zEsc = aEsc;
      nEsc = 2;
    }else if( c<0x20 ){
      memcpy(aEsc, "\\u00", 4);
      aEsc[4] = aHex[c>>4];
      aEsc[5] = aHex[c&15];
      zEsc = aEsc;
      nEsc = 6;
    }else if( c<0x80 || (nChar = utf8_char_len(a + i, n - i))!=0 ){
      zEsc = z + i;
      nEsc = nChar;
    }else{
      zEsc = "\\ufffd";
      nChar = 1;
      nEsc = 6;
    }
    if( zOut ) memcpy(zOut + nOut, zEsc, nEsc);
    nOut += nEsc;
    i += nChar;
  }
  if( zOut ) zOut[nOut] = '"';
  return nOut + 1;
}

/* --- numbers ------------------------------------------------------------- */

/* Significant digits json_number_double gives strtod.  The correctly rounded
** double of a decimal number is decided by its first 768 significant digits
** and whether any digit after them is not 0 (a double, or a point halfway
** between two, has at most 768 when written out exactly): the digits past
** JSON_NUMBER_DIGITS go as one sticky "1". */
#define JSON_NUMBER_DIGITS 800

/* One more digit c of a number being read into aDigit[0..*pnDigit) times
** 10 to the *piExp, c being in the fraction when bFraction. */
static void number_digit(char c, int bFraction, char *aDigit, size_t *pnDigit,
                         long long *piExp, int *pbSticky){
  if( *pnDigit==0 && c=='0' ){          /* a leading zero is no digit */
    if( bFraction ) (*piExp)--;
  }else if( *pnDigit<JSON_NUMBER_DIGITS ){
    aDigit[(*pnDigit)++] = c;
    if( bFraction ) (*piExp)--;
  }else{
    if( c!='0' ) *pbSticky = 1;
    if( !bFraction ) (*piExp)++;
  }
}

double json_number_double(const char *z, size_t n){
  char aBuf[JSON_NUMBER_DIGITS + 32];
  size_t i = 0, nDigit = 0;
  long long iExp = 0, iWritten = 0;
  int bNeg = 0, bSticky = 0, k;
  char aExp[24];
  double r;
  if( i<n && z[i]=='-' ){
    bNeg = 1;
    i++;
  }
  for(; i<n && z[i]>='0' && z[i]<='9'; i++) number_digit(z[i], 0, aBuf, &nDigit, &iExp, &bSticky);
  if( i<n && z[i]=='.' ){
    for(i++; i<n && z[i]>='0' && z[i]<='9'; i++) number_digit(z[i], 1, aBuf, &nDigit, &iExp, &bSticky);
  }
  if( i<n && (z[i]=='e' || z[i]=='E') ){
    int bExpNeg = 0;
    i++;
    if( i<n && (z[i]=='+' || z[i]=='-') ) bExpNeg = z[i++]=='-';
    for(; i<n && z[i]>='0' && z[i]<='9'; i++){
      if( iWritten<100000000 ) iWritten = iWritten*10 + (z[i] - '0');   /* past that: 0 or inf */
    }
    iExp += bExpNeg ? -iWritten : iWritten;
  }
  if( nDigit==0 ) return bNeg ? -0.0 : 0.0;
  if( bSticky ){
    aBuf[nDigit++] = '1';
    iExp--;
  }
  /* The value is aBuf's digits times 10^iExp, at most 10^801 times: past
  ** these bounds strtod's answer is inf or 0 either way. */
  if( iExp>2000 ) iExp = 2000;
  if( iExp<-2000 ) iExp = -2000;
  aBuf[nDigit++] = 'e';
  if( iExp<0 ){
    aBuf[nDigit++] = '-';
    iExp = -iExp;
  }
  k = 0;
  do{
    aExp[k++] = (char)('0' + iExp%10);
    iExp /= 10;
  }while( iExp>0 );
  while( k>0 ) aBuf[nDigit++] = aExp[--k];
  aBuf[nDigit] = 0;
  /* Digits and an exponent, no decimal point: strtod reads them alike in
  ** every locale. */
  r = strtod(aBuf, 0);
  return bNeg ? -r : r;
}

/* (json_text.h) */
int json_number_decimals(const char *z, size_t n){
  size_t i = 0;
  int nFrac = 0, nExp = 0, bNegExp = 0;
  while( i<n && z[i]!='.' && z[i]!='e' && z[i]!='E' ) i++;
  if( i<n && z[i]=='.' ){
    for(i++; i<n && z[i]>='0' && z[i]<='9'; i++) if( nFrac<99 ) nFrac++;
  }
  if( i<n && (z[i]=='e' || z[i]=='E') ){
    i++;
    if( i<n && (z[i]=='-' || z[i]=='+') ) bNegExp = z[i++]=='-';
    for(; i<n && z[i]>='0' && z[i]<='9'; i++) if( nExp<99 ) nExp = nExp*10 + (z[i]-'0');
  }
  nFrac += bNegExp ? nExp : -nExp;
  return nFrac<0 ? 0 : nFrac>99 ? 99 : nFrac;
}
