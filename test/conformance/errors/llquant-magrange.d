/*
 * Rule: dtrace-semantics §1 trap 5: low >= high is a compile error
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { @a = llquantize(1, 10, 2, 2, 10); }
