/*
 * Rule: dtrace-semantics §1: a later use with a different limit is D_LQUANT_MATCHLIM
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = lquantize(1, 0, 10); }
BEGIN { @a = lquantize(1, 0, 20); }
