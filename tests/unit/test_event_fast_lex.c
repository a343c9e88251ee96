/*
** test_event_fast_lex.c: the fast path's lexer (fast_lex_event in
** ext/event_fast.c) driven alone, on a byte array, without a reader: the
** tokens it makes of an event in its subset of JSON, and the events it
** refuses (left to yajl).  What the reader builds from the tokens is
** compared with yajl's parse by test_event_fastpath.c.
*/
#include "event_reader_int.h"
#include "unit.h"

#include <stdio.h>
#include <string.h>

static FastToken aTok[FAST_MAX_TOKENS];
static FastKeyHints hints;       /* carried from each lex to the next */

/* Lex the C string z; returns what fast_lex_event returns, *pnTok its tokens. */
static size_t lex(const char *z, int *pnTok){
  *pnTok = 0;
  return fast_lex_event((const unsigned char*)z, strlen(z), aTok, pnTok, &hints);
}

/* Token i of the last lex has kind eTok and text zText (NULL: not checked). */
static int tok_is(const char *z, int i, int eTok, const char *zText){
  const FastToken *t = &aTok[i];
  if( t->eTok!=eTok ) return 0;
  return zText==0 || (t->n==strlen(zText) && memcmp(z + t->iStart, zText, t->n)==0);
}

static void test_tokens(void){
  const char *z = "{\"ph\":\"X\",\"ts\":-1.5e3,\"a\":[true,false,null,{}],\"b\":{\"c\":0}}";
  int nTok;
  CHECK(lex(z, &nTok)==strlen(z));
  CHECK(nTok==19);
  CHECK(tok_is(z, 0, TOK_MAP_OPEN, 0));
  CHECK(tok_is(z, 1, TOK_KEY, "ph"));
  CHECK(tok_is(z, 2, TOK_STRING, "X"));
  CHECK(tok_is(z, 3, TOK_KEY, "ts"));
  CHECK(tok_is(z, 4, TOK_NUMBER, "-1.5e3"));
  CHECK(tok_is(z, 5, TOK_KEY, "a"));
  CHECK(tok_is(z, 6, TOK_ARRAY_OPEN, 0));
  CHECK(tok_is(z, 7, TOK_TRUE, 0));
  CHECK(tok_is(z, 8, TOK_FALSE, 0));
  CHECK(tok_is(z, 9, TOK_NULL, 0));
  CHECK(tok_is(z, 10, TOK_MAP_OPEN, 0));
  CHECK(tok_is(z, 11, TOK_MAP_CLOSE, 0));
  CHECK(tok_is(z, 12, TOK_ARRAY_CLOSE, 0));
  CHECK(tok_is(z, 13, TOK_KEY, "b"));
  CHECK(tok_is(z, 14, TOK_MAP_OPEN, 0));
  CHECK(tok_is(z, 15, TOK_KEY, "c"));
  CHECK(tok_is(z, 16, TOK_NUMBER, "0"));
  CHECK(tok_is(z, 17, TOK_MAP_CLOSE, 0));
  CHECK(tok_is(z, 18, TOK_MAP_CLOSE, 0));
  /* an open token knows the token after its close (fast_build skips a
  ** value by it) */
  CHECK(aTok[0].iNext==19 && aTok[6].iNext==13 && aTok[10].iNext==12 && aTok[14].iNext==18);
  /* where yajl would stand after a token: past a string's closing quote */
  CHECK(aTok[2].iEnd==9);
  CHECK(aTok[18].iEnd==strlen(z));
  /* numbers of every length, read eight digits at a time where 8 bytes
  ** follow: the token ends at the first byte that is not a digit */
  {
    static const char *azNum[] = {
      "7", "12345678", "123456789", "1234567890123456789", "-0", "-12345678",
      "0.12345678", "1.123456789e+12345678", "98765432E-1", "5e123456789",
    };
    size_t k;
    for(k=0; k<sizeof(azNum)/sizeof(azNum[0]); k++){
      char zEv[80];
      snprintf(zEv, sizeof(zEv), "{\"a\":%s,\"bb\":[%s]}", azNum[k], azNum[k]);
      CHECK(lex(zEv, &nTok)==strlen(zEv) && nTok==8);
      CHECK(tok_is(zEv, 2, TOK_NUMBER, azNum[k]));
      CHECK(tok_is(zEv, 5, TOK_NUMBER, azNum[k]));
      snprintf(zEv, sizeof(zEv), "{\"a\":%s}", azNum[k]);
      CHECK(lex(zEv, &nTok)==strlen(zEv) && tok_is(zEv, 2, TOK_NUMBER, azNum[k]));
    }
  }
  /* the event ends at its "}": what follows is not the lexer's */
  CHECK(lex("{}", &nTok)==2 && nTok==2);
  CHECK(lex("{\"a\":1},{\"b\":2}", &nTok)==7 && nTok==4);
  CHECK(lex("{\"a\":1} junk", &nTok)==7);
}

/* Events the fast path leaves to yajl: lexed as 0. */
static void test_refused(void){
  static const char *azNo[] = {
    "", "[]", " {}", "{ }", "{\"a\": 1}", "{\"a\":1 }",     /* not an event, whitespace */
    "{\"a\":\"x\\ny\"}", "{\"a\":\"caf\xc3\xa9\"}",          /* an escape, non-ASCII */
    "{\"a\":\"tab\there\"}", "{\"a\":\"\x7f\"}",              /* control characters, DEL */
    "{\"a\":1", "{\"a\":\"abc", "{\"a\":tru",                /* cut short */
    "{\"a\":01}", "{\"a\":1.}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":.5}", "{\"a\":+1}",
    "{\"a\":1,}", "{,\"a\":1}", "{\"a\"1}", "{\"a\":[1,]}", "{\"a\":[1}", "{\"a\":{]}",
    "{1:2}", "{\"a\":nul}", "{\"a\":True}", "{\"a\"}",
    "{\"a\":123456789", "{\"a\":123456789012345678", ("{\"a\":12345678\xff" "9}"),
    "{\"a\":12345678:}", "{\"a\":1.12345678.5}", "{\"a\":1e12345678e}",
  };
  size_t i;
  for(i=0; i<sizeof(azNo)/sizeof(azNo[0]); i++){
    int nTok;
    size_t k = lex(azNo[i], &nTok);
    if( k!=0 ) fprintf(stderr, "lexed, should be refused: %s\n", azNo[i]);
    CHECK(k==0);
  }
}

/* The limits: FAST_MAX_DEPTH levels, FAST_MAX_TOKENS tokens. */
static void test_limits(void){
  char z[4*FAST_MAX_TOKENS + 64];
  int i, n = 0, nTok;
  /* {"a":[[...[]...]]}: the event's object and FAST_MAX_DEPTH-1 arrays fit */
  n = sprintf(z, "{\"a\":");
  for(i=0; i<FAST_MAX_DEPTH-1; i++) z[n++] = '[';
  for(i=0; i<FAST_MAX_DEPTH-1; i++) z[n++] = ']';
  z[n++] = '}';
  z[n] = 0;
  CHECK(lex(z, &nTok)==(size_t)n);
  /* one level more does not */
  n = sprintf(z, "{\"a\":");
  for(i=0; i<FAST_MAX_DEPTH; i++) z[n++] = '[';
  for(i=0; i<FAST_MAX_DEPTH; i++) z[n++] = ']';
  z[n++] = '}';
  z[n] = 0;
  CHECK(lex(z, &nTok)==0);
  /* {"a":[0,0,...]}: 5 tokens around the FAST_MAX_TOKENS-5 zeros fit */
  n = sprintf(z, "{\"a\":[");
  for(i=0; i<FAST_MAX_TOKENS-5; i++) n += sprintf(z + n, i ? ",0" : "0");
  n += sprintf(z + n, "]}");
  CHECK(lex(z, &nTok)==(size_t)n && nTok==FAST_MAX_TOKENS);
  n = sprintf(z, "{\"a\":[");
  for(i=0; i<FAST_MAX_TOKENS-4; i++) n += sprintf(z + n, i ? ",0" : "0");
  n += sprintf(z + n, "]}");
  CHECK(lex(z, &nTok)==0);
}

/* The keys and members the lexer expects (FastKeyHints) change no token:
** each event of a list, lexed after the ones before it, gives what it
** gives lexed with no hints.  The list has keys taken as expected (the
** same event again, at the start, nested), keys that differ from the
** expected ones at their last byte, by a byte after a longer common part,
** in length (longer, shorter), keys just long enough to be kept and one
** byte too long, keys that differ only in their quote or ":" (refused),
** refusals just after an expected key, and events that end fewer than 16
** bytes after a key; members of every scalar type taken whole, values
** that differ from the expected one in type, in their last byte, as a
** prefix of it or it of them, members of exactly 16 bytes (kept) and 17
** (not), a last member (no "," after it: not kept), refusals right after
** a member taken, and members inside nested objects. */
static void test_hints(void){
  static const char *azEv[] = {
    "{\"pid\":1,\"tid\":2,\"ts\":3,\"ph\":\"X\",\"dur\":4,\"name\":\"n\",\"args\":{\"detail\":\"d\"}}",
    "{\"pid\":1,\"tid\":2,\"ts\":3,\"ph\":\"X\",\"dur\":4,\"name\":\"n\",\"args\":{\"detail\":\"d\"}}",
    "{\"pid\":7,\"tid\":8,\"ts\":9,\"ph\":\"B\",\"name\":\"other\",\"args\":{}}",
    "{\"pidx\":1,\"tid\":2}",
    "{\"pi\":1,\"tid\":2}",
    "{\"pie\":1,\"tid\":2}",
    "{\"pid\":1,\"tid\":2}",
    "{\"abcdefghijklm\":1,\"abcdefghijklmn\":2,\"z\":3}",
    "{\"abcdefghijklm\":1,\"abcdefghijklmn\":2,\"z\":3}",
    "{\"abcdefghijklX\":1,\"abcdefghijklmX\":2,\"z\":3}",
    "{\"abcdefghijklm\":[1],\"abcdefghijklmn\":{\"z\":3}}",
    "{\"pid\":1,\"tid\":2,\"ts\":3,\"ph\":\"X\",\"dur\":4,\"name\":\"n\",\"args\":{\"detail\":\"d\"}}",
    "{\"pid\" :1,\"tid\":2,\"ts\":3,\"ph\":\"X\"}",
    "{\"pid\":\"\\u0041\",\"tid\":2,\"ts\":3,\"ph\":\"X\"}",
    "{\"pid\":1,\"tid\":2,\"ts\":3,\"ph\":\"X\",\"dur\":4,\"name\":\"n\",\"args\":{\"detail\":\"d\"}}",
    "{\"pid\":1,\"tid\":",
    "{\"pid\":1}",
    "{\"pid\":1,\"tid\":2}",
    "{\"a\":{\"pid\":1,\"x\":[{\"tid\":2}]},\"ts\":3}",
    ("{\"p\x01" "d\":1,\"tid\":2}"),
    "{\"pid\":1,\"tid\":2}",
    "{\"pid\"x1,\"tid\":2,\"ts\":3,\"ph\":\"X\"}",
    "{\"pid\",\"tid\":2,\"ts\":3,\"ph\":\"X\"}",
    "{\"pid\":1,\"tid\":2}",
    "{xpid\":1,\"tid\":2,\"ts\":3,\"ph\":\"X\"}",
    "{\"pid\":1,\"tid\":2,\"ts\":3,\"ph\":\"X\",\"dur\":4,\"name\":\"n\",\"args\":{\"detail\":\"d\"}}",
    "{\"pid\":\"1\",\"tid\":2.5,\"ts\":true,\"ph\":null,\"dur\":false,\"name\":\"n\"}",
    "{\"pid\":\"1\",\"tid\":2.5,\"ts\":true,\"ph\":null,\"dur\":false,\"name\":\"n\"}",
    "{\"pid\":\"2\",\"tid\":2.6,\"ts\":truex,\"ph\":null}",
    "{\"pid\":1,\"tid\":2,\"ts\":3,\"ph\":\"X\"}",
    "{\"pid\":12,\"tid\":2,\"ts\":3,\"ph\":\"X\"}",
    "{\"pid\":1,\"tid\":2,\"ts\":3,\"ph\":\"X\"}",
    "{\"pid\":1,\"tid\":\"2\",\"ts\":3,\"ph\":\"XY\"}",
    "{\"pid\":1,\"tid\":2,\"ts\":3,\"ph\":\"X\"}",
    "{\"abcdefg\":12345,\"abcdefgh\":12345,\"z\":1}",
    "{\"abcdefg\":12345,\"abcdefgh\":12345,\"z\":1}",
    "{\"abcdefg\":12346,\"abcdefgh\":12345,\"z\":1}",
    "{\"pid\":1}",
    "{\"pid\":1}",
    "{\"pid\":1,\"tid\":2,\"ts\":3}",
    "{\"pid\":1,\"tid\":2,x}",
    "{\"pid\":1,\"tid\":2,",
    "{\"pid\":1,\"tid\":2,}",
    "{\"pid\":1,\"tid\":2,\"ts\":3}",
    "{\"a\":{\"pid\":1,\"x\":2},\"pid\":1,\"b\":[1,2],\"c\":3}",
    "{\"a\":{\"pid\":1,\"x\":2},\"pid\":1,\"b\":[1,2],\"c\":3}",
    "{\"a\":[{\"pid\":1,\"x\":2}],\"pid\":1,\"b\":[1,2],\"c\":3}",
  };
  static FastToken aFresh[FAST_MAX_TOKENS];
  int nRound, i, k;
  memset(&hints, 0, sizeof(hints));
  for(nRound=0; nRound<2; nRound++){
    for(i=0; i<(int)(sizeof(azEv)/sizeof(azEv[0])); i++){
      const unsigned char *z = (const unsigned char*)azEv[i];
      FastKeyHints fresh;
      int nFresh = 0, nTok = 0, bSame;
      size_t kFresh, kTok;
      memset(&fresh, 0, sizeof(fresh));
      kFresh = fast_lex_event(z, strlen(azEv[i]), aFresh, &nFresh, &fresh);
      kTok = fast_lex_event(z, strlen(azEv[i]), aTok, &nTok, &hints);
      bSame = kFresh==kTok && nFresh==nTok;
      for(k=0; bSame && kTok && k<nTok; k++){
        bSame = aFresh[k].eTok==aTok[k].eTok && aFresh[k].iStart==aTok[k].iStart
             && aFresh[k].n==aTok[k].n && aFresh[k].iEnd==aTok[k].iEnd
             && ((aFresh[k].eTok!=TOK_MAP_OPEN && aFresh[k].eTok!=TOK_ARRAY_OPEN)
                 || aFresh[k].iNext==aTok[k].iNext);
      }
      if( !bSame ) fprintf(stderr, "hints change the tokens of %s\n", azEv[i]);
      CHECK(bSame);
    }
  }
  /* and, written out by hand, what an expected key gives: after the same
  ** event, its keys come from the hints, at their places in the text */
  {
    const char *z = azEv[0];
    int nTok;
    memset(&hints, 0, sizeof(hints));
    CHECK(lex(z, &nTok)==strlen(z) && lex(z, &nTok)==strlen(z) && nTok==19);
    CHECK(tok_is(z, 1, TOK_KEY, "pid") && aTok[1].iStart==2 && aTok[1].iEnd==6);
    CHECK(tok_is(z, 2, TOK_NUMBER, "1") && aTok[2].iStart==7);
    CHECK(tok_is(z, 11, TOK_KEY, "name") && tok_is(z, 12, TOK_STRING, "n"));
    CHECK(tok_is(z, 15, TOK_KEY, "detail") && tok_is(z, 16, TOK_STRING, "d"));
    /* "pid" with no ":" after it is no key, though "pid": is expected */
    CHECK(lex("{\"pid\"x1,\"tid\":2}", &nTok)==0);
    CHECK(lex("{\"pid\":1,\"tid\":2}", &nTok)==17 && tok_is("{\"pid\":1,\"tid\":2}", 3, TOK_KEY, "tid"));
  }
  /* what is kept: each key with its quotes and ":", up to 16 bytes */
  CHECK(hints.anKey[0]==6 && memcmp(hints.aKey[0], "\"pid\":", 6)==0);
  CHECK(hints.anKey[1]==6 && memcmp(hints.aKey[1], "\"tid\":", 6)==0);
  memset(&hints, 0, sizeof(hints));
  CHECK(lex(azEv[7], &k)==strlen(azEv[7]));
  CHECK(hints.anKey[0]==16 && hints.anKey[1]==0 && hints.anKey[2]==4);
  /* and each member with a scalar value and a "," after it, up to 16
  ** bytes: "pid":1, is 8, its value the 1 at its 7th byte */
  {
    const char *z = azEv[0];
    int nTok;
    memset(&hints, 0, sizeof(hints));
    CHECK(lex(z, &nTok)==strlen(z));
    CHECK(hints.aMember[0].n==8 && memcmp(hints.aKey[0], "\"pid\":1,", 8)==0);
    CHECK(hints.aMember[0].eTok==TOK_NUMBER && hints.aMember[0].iStart==6
          && hints.aMember[0].nVal==1 && hints.aMember[0].iEnd==7);
    CHECK(hints.aMember[3].n==9 && hints.aMember[3].eTok==TOK_STRING
          && hints.aMember[3].iStart==6 && hints.aMember[3].iEnd==8);     /* "ph":"X", */
    CHECK(hints.aMember[5].n==11 && hints.aMember[5].nVal==1);     /* "name":"n", */
    CHECK(hints.aMember[6].n==0 && hints.aMember[7].n==0);     /* args: an object; detail: last */
    /* lexed again, the members come from the hints: the tokens at their
    ** places in the text, written out by hand */
    CHECK(lex(z, &nTok)==strlen(z) && nTok==19);
    CHECK(tok_is(z, 3, TOK_KEY, "tid") && aTok[3].iStart==10 && aTok[3].iEnd==14);
    CHECK(tok_is(z, 4, TOK_NUMBER, "2") && aTok[4].iStart==15 && aTok[4].iEnd==16);
    CHECK(tok_is(z, 7, TOK_KEY, "ph") && tok_is(z, 8, TOK_STRING, "X")
          && aTok[8].iStart==30 && aTok[8].iEnd==32);
    CHECK(tok_is(z, 9, TOK_KEY, "dur") && aTok[9].iStart==34);
    /* a member taken, then what follows it refused */
    CHECK(lex("{\"pid\":1,\"tid\":2,\"ts\":3,x}", &nTok)==0);
    CHECK(lex("{\"pid\":1,\"tid\":2,\"ts\":3,\"ph\":\"X\"", &nTok)==0);
    /* another key at a member's place: its member; then, with a value
    ** that is no scalar, the same key keeps it, another drops it */
    CHECK(lex("{\"pie\":1,\"tid\":2}", &nTok)==17 && hints.aMember[0].n==8
          && memcmp(hints.aKey[0], "\"pie\":1,", 8)==0);
    CHECK(lex("{\"pie\":[1],\"tid\":2}", &nTok)==19 && hints.aMember[0].n==8);
    CHECK(lex("{\"pix\":[1],\"tid\":2}", &nTok)==19 && hints.aMember[0].n==0
          && hints.anKey[0]==6 && memcmp(hints.aKey[0], "\"pix\":", 6)==0);
  }
}

int main(void){
  test_tokens();
  test_refused();
  test_limits();
  test_hints();
  return unit_report();
}
