/*
 * Rule: dtrace-semantics §2 normalize divides bucket counts
 * @@args: -q
 */

BEGIN
{
	@q = quantize(4, 10);
	normalize(@q, 5);
	exit(0);
}
