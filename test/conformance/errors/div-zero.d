/*
 * Rule: d-language §4.2 / §4.8 #27: a constant 0 divisor is a compile error
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(1 / 0); }
