/*
 * Rule: d-language §1.8: #ident, #pragma ident and #pragma directives for other compilers are
 *       ignored
 * @@args: -q
 */
#ident "x"
#pragma ident "y"
#pragma GCC poison
BEGIN { printf("ok\n"); exit(0); }
