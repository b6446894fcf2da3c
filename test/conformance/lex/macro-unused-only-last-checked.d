/*
 * Rule: d-language §1.7: only the last argument is checked, so an unreferenced $1 is fine when $2 is
 *       used
 * @@args: -q
 * @@operands: a b
 */
BEGIN { printf("%s\n", $$2); exit(0); }
