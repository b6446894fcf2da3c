/*
 * Rule: dtrace-semantics §1: f^(high+1) must fit in 64 bits (10^20 does not)
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = llquantize(1, 10, 0, 19, 10); }
