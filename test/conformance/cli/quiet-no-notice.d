/*
 * Rule: d-language §6: -q hides the matched notice and the record prefixes
 * @@args: -q
 */
BEGIN { printf("ok\n"); exit(0); }
