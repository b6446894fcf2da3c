/*
 * Rule: d-language §2: ?: is right-associative: 0 ? 1 : 0 ? 2 : 3 is 0 ? 1 : (0 ? 2 : 3)
 * @@args: -q
 */
BEGIN { printf("%d\n", 0 ? 1 : 0 ? 2 : 3); exit(0); }
