/*
 * Rule: d-language §3.3 / §4.8 #25: ! needs a scalar operand (a string is not scalar)
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(!"a"); }
