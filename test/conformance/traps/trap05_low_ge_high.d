/*
 * Rule: dtrace-semantics §6 trap 5: low >= high is a compile error (D_LLQUANT_MAGRANGE)
 * @@status: 1
 */

BEGIN { @l = llquantize(1, 10, 2, 2, 10); exit(0); }
