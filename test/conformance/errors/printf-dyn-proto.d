/*
 * Rule: d-language §4.6: %*d with no width argument; the conversion is shown without its *
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { printf("%*d\n"); }
