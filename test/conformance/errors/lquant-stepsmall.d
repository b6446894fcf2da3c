/*
 * Rule: dtrace-semantics §1: more than 65535 levels
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = lquantize(1, 0, 100000, 1); }
