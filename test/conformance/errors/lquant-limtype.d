/*
 * Rule: dtrace-semantics §1: lquantize limit must be a constant (#2)
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { l = 10; @a = lquantize(1, 0, l); }
