/*
 * Rule: d-language §4.2: ~ needs an integer operand
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(~"a"); }
