/*
 * Rule: dtrace-semantics §1: the factor must divide the steps
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = llquantize(1, 10, 0, 2, 15); }
