/*
 * Rule: d-language §1.4: a constant that overflows 64 bits is D_INT_OFLOW 'constant %s results in
 *       integer overflow'
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { x = 18446744073709551616; }
