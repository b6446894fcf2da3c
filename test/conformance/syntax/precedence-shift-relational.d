/*
 * Rule: d-language §2 precedence: + over <<, << over <, < over ==, == over &, & over ^, ^ over |
 * @@args: -q
 */
BEGIN { printf("%d %d %d %d\n", 1 << 2 + 1, 1 < 2 == 1, 6 & 3 == 3, 1 | 6 ^ 3); exit(0); }
