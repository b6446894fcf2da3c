/*
 * Rule: d-language §3.3 / §4.8 #24: % needs integer operands
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace("a" % 2); }
