/*
 * Rule: dtrace-semantics §2 lquantize entries sort by sum(label*count) with underflow weighted base-1 and
 *       overflow above the top
 * @@args: -q
 */

BEGIN
{
	@l["b"] = lquantize(100, 0, 10);
	@l["c"] = lquantize(5, 0, 10);
	@l["a"] = lquantize(-100, 0, 10);
	exit(0);
}
