/*
 * Rule: d-language §1.2: for is a reserved word, always a syntax error
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { for (;;) { exit(0); } }
