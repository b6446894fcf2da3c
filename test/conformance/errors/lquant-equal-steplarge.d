/*
 * Rule: dtrace-semantics §1: in illumos limit == base is D_LQUANT_STEPLARGE (zero levels)
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = lquantize(1, 5, 5); }
