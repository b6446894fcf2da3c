/*
 * Rule: dtrace-semantics §1: the step must be a positive constant
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = lquantize(1, 0, 10, 0); }
