/*
 * Rule: d-language §2 sugar / §6: 'matched N probes' counts every generated clause:
 *       BEGIN{if(1){...}} is error reset + condition + body + one dtrace:::ERROR clause = 4; only
 *       the body clause records, so one BEGIN line prints
 * @@cmd: -n 'BEGIN { if (1) { exit(0); } }'
 */
