/*
 * Rule: d-language §2 and §3.2: a declared long global is 8 bytes; assignments convert to it
 * @@args: -q
 */
long x;

BEGIN { x = 2147483647; x = x + 1; printf("%d %d\n", x, sizeof (x)); exit(0); }
