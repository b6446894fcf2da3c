/*
 * Rule: d-language §3.9: 'arg%s' is plural for 2
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(1, 2); }
