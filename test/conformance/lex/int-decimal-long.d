/*
 * Rule: d-language §1.4: decimal constants skip unsigned types, so 2147483648 is a long (8 bytes),
 *       not an unsigned int
 * @@args: -q
 */
BEGIN { printf("%d\n", sizeof (2147483648)); exit(0); }
