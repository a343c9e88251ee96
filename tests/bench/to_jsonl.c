/*
** to_jsonl.c: the events of an object-format trace as JSON Lines.
**
**   to_jsonl < trace.json > trace.jsonl
**
** Copies the bytes of each element of the top-level "traceEvents" array
** onto a line of its own, unchanged (what the seed's sed does, but aware of
** strings, so a "},{" inside a string does not split an event).  Other
** top-level keys are dropped.  For make bench.
*/
#include <stdio.h>
#include <string.h>

int main(void){
  static char aBuf[1<<20];
  size_t n, i;
  int nDepth = 0, bStr = 0, bEsc = 0, bInArray = 0, bEvent = 0;
  const char *zKey = "\"traceEvents\"";
  size_t nKeyMatch = 0;
  while( (n = fread(aBuf, 1, sizeof(aBuf), stdin))>0 ){
    for(i=0; i<n; i++){
      char c = aBuf[i];
      if( bEvent ) putchar(c);
      if( bStr ){
        if( bEsc ) bEsc = 0;
        else if( c=='\\' ) bEsc = 1;
        else if( c=='"' ) bStr = 0;
        if( !bInArray && nDepth==1 ){
          nKeyMatch = (nKeyMatch<strlen(zKey) && c==zKey[nKeyMatch]) ? nKeyMatch+1 : 0;
        }
        continue;
      }
      if( c=='"' ){
        bStr = 1;
        if( !bInArray && nDepth==1 ) nKeyMatch = 1;
        continue;
      }
      if( c=='{' || c=='[' ){
        if( c=='[' && nDepth==1 && nKeyMatch==strlen(zKey) ) bInArray = 1;
        nDepth++;
        if( bInArray && nDepth==3 && c=='{' ){ bEvent = 1; putchar(c); }
      }else if( c=='}' || c==']' ){
        nDepth--;
        if( bEvent && nDepth==2 ){ bEvent = 0; putchar('\n'); }
        if( bInArray && nDepth==1 ) bInArray = 0, nKeyMatch = 0;
      }
    }
  }
  return ferror(stdin) || fflush(stdout) ? 1 : 0;
}
