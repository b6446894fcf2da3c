/*
 * Rule: d-language §3.6: an aggregation after speculate()
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { speculate(1); @a = count(); }
