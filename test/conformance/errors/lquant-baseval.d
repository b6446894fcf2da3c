/*
 * Rule: dtrace-semantics §1: lquantize base must fit in 32 bits
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = lquantize(1, 0x100000000, 0x100000010); }
