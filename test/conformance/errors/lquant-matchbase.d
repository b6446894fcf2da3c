/*
 * Rule: dtrace-semantics §1: a later use with a different base is D_LQUANT_MATCHBASE
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = lquantize(1, 0, 10); }
BEGIN { @a = lquantize(1, 1, 10); }
