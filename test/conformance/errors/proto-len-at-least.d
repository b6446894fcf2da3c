/*
 * Rule: d-language §3.9 / §4.8 #18: optional arguments give 'at least N', and 1 is singular
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(substr("abc")); }
