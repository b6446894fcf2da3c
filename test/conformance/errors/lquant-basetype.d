/*
 * Rule: dtrace-semantics §1: lquantize base must be a constant; arguments are numbered after the
 *       value, so the base is #1
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { b = 0; @a = lquantize(1, b, 10); }
