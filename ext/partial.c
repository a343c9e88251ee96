/*
** partial.c: which errors partial=1 turns into the end of a file, and the
** trace_metadata row that says where and why a file's scan stopped.
** Interface: partial.h.
*/
#include "partial.h"
#include "event_pscan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int partial_tolerates(const char *zErr){
  /* The scan's messages that are not about the file's content are the
  ** ones of trace_source.c, event_pscan.c and event_reader.c for memory
  ** ("out of memory", "byte N: out of memory (or an event larger ...)",
  ** "out of memory (zlib)") and for read(2) ("read error: ...").  Anything
  ** else describes the bytes.  Ending the file quietly on an out-of-memory
  ** error would give a wrong answer where today there is an error. */
  if( strstr(zErr, "out of memory")!=0 ) return 0;
  if( strncmp(zErr, "read error", 10)==0 ) return 0;
  return 1;
}

int partial_events_stop(const char *zPath, const EventReaderConfig *pCfg, int nThread, size_t nPiece,
                        const char *zFallback, char *zStop, size_t nStop){
  EventReaderConfig cfg;
  EventPScan *p;
  const char *zErr;
  int rc = 0;
  snprintf(zStop, nStop, "%s", zFallback ? zFallback : "");
  if( trace_source_one_pass(zPath) ) return 0;
  memset(&cfg, 0, sizeof(cfg));
  cfg.bYajlOnly = pCfg->bYajlOnly;
  if( event_pscan_open(zPath, &cfg, nThread, &p, zStop, nStop) ) return 1;
  if( nPiece ) event_pscan_set_piece_size(p, nPiece);
  while( event_pscan_next(p) ){}
  zErr = event_pscan_errmsg(p);
  if( zErr ){
    rc = !partial_tolerates(zErr);
    snprintf(zStop, nStop, "%s", zErr);
  }
  event_pscan_close(p);
  return rc;
}

/* The length of z as a JSON string, quotes included, and the string itself
** into zOut when it is not NULL.  Control characters, '"' and '\' are
** escaped; other bytes are copied (the messages are UTF-8). */
static size_t json_string(const char *z, char *zOut){
  static const char aHex[] = "0123456789abcdef";
  size_t n = 0;
  if( zOut ) zOut[n] = '"';
  n++;
  for(; *z; z++){
    unsigned char c = (unsigned char)*z;
    if( c=='"' || c=='\\' ){
      if( zOut ){ zOut[n] = '\\'; zOut[n+1] = (char)c; }
      n += 2;
    }else if( c<0x20 ){
      if( zOut ){
        memcpy(zOut + n, "\\u00", 4);
        zOut[n+4] = aHex[c>>4];
        zOut[n+5] = aHex[c&15];
      }
      n += 6;
    }else{
      if( zOut ) zOut[n] = (char)c;
      n++;
    }
  }
  if( zOut ) zOut[n] = '"';
  return n + 1;
}

int partial_metadata_row(const char *zErr, int64_t iSeq, TraceEvent *pEv, char **pzText){
  return metadata_text_row(PARTIAL_KEY, zErr, iSeq, pEv, pzText);
}

int metadata_text_row(const char *zKey, const char *zText, int64_t iSeq, TraceEvent *pEv, char **pzText){
  size_t nKey = strlen(zKey);
  size_t nValue = json_string(zText, 0);
  char *z = malloc(nKey + nValue);
  *pzText = z;
  if( z==0 ) return 1;
  memcpy(z, zKey, nKey);
  json_string(zText, z + nKey);
  memset(pEv, 0, sizeof(*pEv));
  pEv->iSeq = iSeq;
  pEv->zBase = z;
  pEv->aField[EF_NAME].eType = EV_STRING;
  pEv->aField[EF_NAME].iOff = 0;
  pEv->aField[EF_NAME].nByte = (uint32_t)nKey;
  pEv->aField[EF_ARGS].eType = EV_JSON;
  pEv->aField[EF_ARGS].iOff = (uint32_t)nKey;
  pEv->aField[EF_ARGS].nByte = (uint32_t)nValue;
  return 0;
}
