/*
 * Rule: dtrace-semantics §2 sum/count/min/max values compare signed
 * @@args: -q
 */

BEGIN
{
	@s["b"] = sum(3);
	@s["a"] = sum(-5);
	@s["c"] = sum(-9223372036854775807 - 1);
	exit(0);
}
