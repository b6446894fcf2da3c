/*
 * Rule: dtrace-semantics §2 when increments cancel there is no data: quantize shows rows -1, 0, 1
 * @@args: -q
 */

BEGIN
{
	@q = quantize(4, 2);
	@q = quantize(4, -2);
	exit(0);
}
