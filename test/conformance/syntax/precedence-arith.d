/*
 * Rule: d-language §2 precedence: * binds tighter than +, - is left-associative, parentheses group
 * @@args: -q
 */
BEGIN { printf("%d %d %d\n", 1 + 2 * 3, (1 + 2) * 3, 10 - 4 - 3); exit(0); }
