/*
 * Rule: d-language §1.5: a character constant is typed like an unsuffixed decimal: 'a' is an int (4
 *       bytes)
 * @@args: -q
 */
BEGIN { printf("%d\n", sizeof ('a')); exit(0); }
