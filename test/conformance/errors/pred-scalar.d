/*
 * Rule: d-language §3.3 / §4.8 #26: the predicate must be scalar
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN /"a"/ { exit(0); }
