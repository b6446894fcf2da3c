/*
 * Rule: dtrace-semantics §1 quantize takes an optional increment (argument 2)
 * @@args: -q
 */

BEGIN
{
	@q = quantize(8, 5);
	@q = quantize(9);
	exit(0);
}
