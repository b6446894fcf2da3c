/*
 * Rule: d-language §4.2: the unary form says 'an operand'
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { trace(-"a"); }
