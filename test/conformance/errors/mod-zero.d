/*
 * Rule: d-language §4.2: the same for %
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = 5; trace(x % 0); }
