/*
 * Rule: d-language §2: body ::= stmt | '{' stmts '}', so inside braces the last expression may omit
 *       its ';'
 * @@args: -q
 */
BEGIN { if (1) { printf("a\n") } exit(0); }
