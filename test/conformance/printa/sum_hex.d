/*
 * Rule: dtrace-semantics §2 the %@ value is an int64: %@x prints its 64-bit pattern
 * @@args: -q
 */

BEGIN
{
	@s["a"] = sum(255);
	@s["b"] = sum(-1);
	printa("%@x %@X\n", @s);
	exit(0);
}
