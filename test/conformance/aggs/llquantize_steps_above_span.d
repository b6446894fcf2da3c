/*
 * Rule: dtrace-semantics §1 llquantize(10,0,1,20): k = min(n, f^(m+1)), so order 0 has bins 1..9 and order 1
 *       has 18 bins 5 wide (10..95)
 * @@args: -q
 */

BEGIN
{
	@l = llquantize(7, 10, 0, 1, 20);
	@l = llquantize(12, 10, 0, 1, 20);
	@l = llquantize(99, 10, 0, 1, 20);
	exit(0);
}
