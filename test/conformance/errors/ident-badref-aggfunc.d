/*
 * Rule: d-language §3.4: the kind name of count is 'aggregating function'
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(count); }
