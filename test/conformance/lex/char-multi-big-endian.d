/*
 * Rule: d-language §1.5: several characters pack big-endian, the first is the high byte: 'ab' is
 *       0x6162 = 24930
 * @@args: -q
 */
BEGIN { printf("%d\n", 'ab'); exit(0); }
