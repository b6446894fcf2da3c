/*
 * Rule: dtrace-semantics §1 lquantize(v,0,100,30): levels = 3, so the overflow row is ">= 90", not the limit
 * @@args: -q
 */

BEGIN
{
	@l = lquantize(29, 0, 100, 30);
	@l = lquantize(89, 0, 100, 30);
	@l = lquantize(95, 0, 100, 30);
	exit(0);
}
