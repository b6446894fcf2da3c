/*
 * Rule: d-language §3.4: a non-lvalue target
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { 1 = 2; }
