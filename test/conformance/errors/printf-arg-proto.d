/*
 * Rule: d-language §4.6 / §4.8 #33: a conversion without a value
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { printf("%d\n"); }
