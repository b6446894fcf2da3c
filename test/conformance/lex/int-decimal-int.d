/*
 * Rule: d-language §1.4: an unsuffixed decimal constant up to 2^31-1 is an int (4 bytes)
 * @@args: -q
 */
BEGIN { printf("%d\n", sizeof (2147483647)); exit(0); }
