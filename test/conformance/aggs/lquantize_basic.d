/*
 * Rule: dtrace-semantics §1 lquantize(v,0,100,10): underflow "< 0", bins 0..90, overflow ">= 100"; labels
 *       right-aligned in 16
 * @@args: -q
 */

BEGIN
{
	@l = lquantize(5, 0, 100, 10);
	@l = lquantize(15, 0, 100, 10);
	@l = lquantize(15, 0, 100, 10);
	@l = lquantize(95, 0, 100, 10);
	@l = lquantize(150, 0, 100, 10);
	@l = lquantize(-1, 0, 100, 10);
	exit(0);
}
