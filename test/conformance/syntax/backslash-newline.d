/*
 * Rule: d-language §1.1: in EXPR a backslash-newline is discarded
 * @@args: -q
 */
BEGIN { x = 1 + \
2; printf("%d\n", x); exit(0); }
