/*
 * Rule: dtrace-semantics §1 quantize mirrors negative values (-1 -> -1, -5 -> -4, -100 -> -64)
 * @@args: -q
 */

BEGIN
{
	@q = quantize(-1);
	@q = quantize(-5);
	@q = quantize(-100);
	exit(0);
}
