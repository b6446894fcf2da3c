/*
 * Rule: d-language §4.6: more values than conversions ('arguments' is always plural here)
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { printf("%d\n", 1, 2); }
