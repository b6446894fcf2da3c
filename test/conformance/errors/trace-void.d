/*
 * Rule: d-language §3.9: trace() of a void expression
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(trace(1)); }
