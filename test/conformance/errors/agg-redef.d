/*
 * Rule: d-language §3.5 / §4.8 #30: a different aggregating function for the same aggregation;
 *       'previous' gives the absolute line of the first use
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = count(); }
BEGIN { @a = sum(1); }
