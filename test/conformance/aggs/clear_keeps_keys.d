/*
 * Rule: dtrace-semantics §2 clear(@) zeroes values and keeps keys
 * @@args: -q
 */

BEGIN
{
	@s["a"] = sum(5);
	@s["b"] = sum(9);
	clear(@s);
	printa(@s);
	exit(0);
}
