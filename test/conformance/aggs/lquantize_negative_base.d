/*
 * Rule: dtrace-semantics §1 lquantize with a negative base: bin k is base+(k-1)*step <= v < base+k*step
 * @@args: -q
 */

BEGIN
{
	@l = lquantize(-7, -10, 10, 5);
	@l = lquantize(3, -10, 10, 5);
	exit(0);
}
