/*
 * Rule: d-language §3.3: a string cannot be cast to an int
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace((int)"a"); }
