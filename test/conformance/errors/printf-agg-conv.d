/*
 * Rule: d-language §4.6: %@ is for printa only
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { printf("%@d\n", 1); }
