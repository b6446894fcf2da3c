/*
 * Rule: d-language §1.7: an integer-shaped argument that overflows 64 bits is D_MACRO_OFLOW
 * @@args: -x errtags
 * @@operands: 99999999999999999999
 * @@status: 1
 */
BEGIN { trace($1); }
