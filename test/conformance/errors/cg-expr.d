/*
 * Rule: d-language §3.6: an action whose result is used in an expression that type-checks is
 *       D_CG_EXPR
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = stack(); }
