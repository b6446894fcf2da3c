/*
 * Rule: dtrace-semantics §1 llquantize(10,3,11,100): 9999 is in bin 9900, and the next row is the first bin
 *       of the next order, 10000
 * @@args: -q
 */

BEGIN
{
	@l = llquantize(9999, 10, 3, 11, 100);
	exit(0);
}
