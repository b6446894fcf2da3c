/*
 * Rule: d-language §3.3 / §4.8 #22: + on two strings
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace("a" + "b"); }
