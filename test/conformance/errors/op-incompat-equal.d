/*
 * Rule: d-language §3.3 / §4.8 #20: a string compared with an int
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace("a" == 1); }
