/*
 * Rule: dtrace-semantics §1: a step larger than the range gives zero levels
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = lquantize(1, 0, 10, 20); }
