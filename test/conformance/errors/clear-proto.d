/*
 * Rule: d-language §4.4: clear() takes one aggregation ('args' is literal)
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { clear(); }
