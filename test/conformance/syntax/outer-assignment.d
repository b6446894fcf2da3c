/*
 * Rule: d-language §1.9: a statement at top level: 'x' is a probe description and '=' in OUTER is
 *       syntax error near "="
 * @@args: -x errtags
 * @@status: 1
 */
x = 1;
BEGIN { exit(0); }
