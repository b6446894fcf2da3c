/*
 * Rule: d-language §2: 'int x;' declares a global that clauses then use
 * @@args: -q
 */
int x;

BEGIN { x = 5; printf("%d %d\n", x, sizeof (x)); exit(0); }
