/*
 * Rule: d-language §4.4: clear() of a non-aggregation
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { clear(1); }
