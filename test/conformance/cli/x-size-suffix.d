/*
 * Rule: d-language §5: size options take k m g t suffixes; -b sets bufsize
 * @@args: -q -b 8m -x aggsize=1m -x dynvarsize=2m
 */
BEGIN { printf("ok\n"); exit(0); }
