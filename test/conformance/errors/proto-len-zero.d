/*
 * Rule: d-language §3.9 / §4.8 #17: trace takes exactly one argument
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(); }
