/*
 * Rule: dtrace-semantics §6 trap 3: lquantize(x,0,10,3) has bins 0, 3, 6 and overflow ">= 9", so x=9 is
 *       overflow
 * @@args: -q
 */

BEGIN
{
	@nine = lquantize(9, 0, 10, 3);
	@eight = lquantize(8, 0, 10, 3);
	exit(0);
}
