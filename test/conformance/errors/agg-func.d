/*
 * Rule: d-language §3.5 / §4.8 #29: an aggregation must be assigned an aggregating function
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = 1; }
