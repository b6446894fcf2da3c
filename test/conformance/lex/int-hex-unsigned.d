/*
 * Rule: d-language §1.4: hex constants try every candidate, so 0xffffffff is an unsigned int (4
 *       bytes)
 * @@args: -q
 */
BEGIN { printf("%d %d\n", sizeof (0xffffffff), sizeof (0x100000000)); exit(0); }
