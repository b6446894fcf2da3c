/*
 * Rule: dtrace-semantics §1 llquantize: the last bin holds v >= f^(high+1), labelled ">= 1000000000000"
 * @@args: -q
 */

BEGIN
{
	@l = llquantize(1000000000000, 10, 3, 11, 100);
	exit(0);
}
