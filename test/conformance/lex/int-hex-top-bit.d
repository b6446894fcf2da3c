/*
 * Rule: d-language §1.4: hex 0x8000000000000000 fits unsigned long (hex tries every candidate), so
 *       it compiles; sizeof is 8
 * @@args: -q
 */
BEGIN { printf("%d\n", sizeof (0x8000000000000000)); exit(0); }
