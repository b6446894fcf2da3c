/*
 * Rule: dtrace-semantics §6 trap 2: quantize(3) counts under 2, quantize(-3) under -2
 * @@args: -q
 */

BEGIN
{
	@pos = quantize(3);
	@neg = quantize(-3);
	exit(0);
}
