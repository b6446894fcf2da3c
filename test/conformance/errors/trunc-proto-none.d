/*
 * Rule: d-language §4.4: trunc() needs at least the aggregation
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trunc(); }
