/*
 * Rule: dtrace-semantics §1: steps must be >= factor
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = llquantize(1, 10, 0, 2, 5); }
