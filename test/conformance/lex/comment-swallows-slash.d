/*
 * Rule: d-language §1.1 trap: in EXPR /* beats /, so /1/*c*/{ swallows the predicate's closing slash
 *       and the { arrives inside the predicate: syntax error near "{"
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN /1/*c*/{ exit(0); }
