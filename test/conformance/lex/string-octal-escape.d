/*
 * Rule: d-language §1.5: \ooo takes 1 to 3 octal digits, so "\101" is A and "\1010" is A followed by
 *       0
 * @@args: -q
 */
BEGIN { printf("%s %s\n", "\101", "\1010"); exit(0); }
