/*
 * Rule: d-language §2: stmts ::= { stmt } [ expr ]: the last expression of a body may omit its ';'
 * @@args: -q
 */
BEGIN { printf("ok\n"); exit(0) }
