/*
 * Rule: d-language §1.1: slash-star ... star-slash comments are blanks in OUTER and EXPR and may
 *       span lines
 * @@args: -q
 */
BEGIN /* a
   comment */ { /* another */ printf("ok\n"); exit(0); }
