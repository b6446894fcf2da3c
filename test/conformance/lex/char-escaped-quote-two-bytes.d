/*
 * Rule: d-language §1.5: unknown escapes, including \', are kept as two characters, so '\'' is
 *       0x5c27 = 23591
 * @@args: -q
 */
BEGIN { printf("%d\n", '\''); exit(0); }
