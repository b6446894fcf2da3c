/*
 * Rule: dtrace-semantics §1 llquantize(10,3,11,100): order 3 bins are 100 wide (1234 -> 1200)
 * @@args: -q
 */

BEGIN
{
	@l = llquantize(1234, 10, 3, 11, 100);
	exit(0);
}
