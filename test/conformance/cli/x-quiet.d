/*
 * Rule: d-language §5: -x quiet is the same as -q
 * @@args: -x quiet
 */
BEGIN { printf("ok\n"); exit(0); }
