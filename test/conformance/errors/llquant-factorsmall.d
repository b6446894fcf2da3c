/*
 * Rule: dtrace-semantics §1: the factor must be two or more
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = llquantize(1, 1, 0, 2, 10); }
