/*
 * Rule: d-language §2 / §4.8 #10: a program with no clauses or declarations is D_EMPTY. illumos
 *       raises it with xyerror() right after yyparse(), so file input carries the lexer's current
 *       line: this file is only its header comment with no final newline, so that is the last line
 * @@args: -x errtags
 * @@status: 1
 */