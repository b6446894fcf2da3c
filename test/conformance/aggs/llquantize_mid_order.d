/*
 * Rule: dtrace-semantics §1 llquantize(10,3,11,100): order 6 bins are 10^7/100 = 100000 wide
 * @@args: -q
 */

BEGIN
{
	@l = llquantize(5000000, 10, 3, 11, 100);
	exit(0);
}
