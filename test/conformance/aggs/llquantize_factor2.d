/*
 * Rule: dtrace-semantics §1 llquantize(2,0,4,2): each order adds k - k/f = 1 bin, so the labels are < 1, 1,
 *       2, 4, 8, 16, >= 32
 * @@args: -q
 */

BEGIN
{
	@l = llquantize(0, 2, 0, 4, 2);
	@l = llquantize(1, 2, 0, 4, 2);
	@l = llquantize(3, 2, 0, 4, 2);
	@l = llquantize(5, 2, 0, 4, 2);
	@l = llquantize(100, 2, 0, 4, 2);
	exit(0);
}
