/*
 * Rule: d-language §1.4: constants are read with strtoull(..., 0): a leading 0 is octal (010 is 8),
 *       0x is hex
 * @@args: -q
 */
BEGIN { printf("%d %d %d\n", 010, 0x1F, 0); exit(0); }
