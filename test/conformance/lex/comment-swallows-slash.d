/*
 * Rule: d-language §1.1 trap: in EXPR slash-star beats slash, so a predicate written /1/ immediately
 *       followed by a comment swallows its closing slash and the { arrives inside the predicate:
 *       syntax error near "{"
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN /1/*c*/{ exit(0); }
