/*
 * Rule: d-language §1.2: while is a reserved word, always a syntax error
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { while (1) { exit(0); } }
