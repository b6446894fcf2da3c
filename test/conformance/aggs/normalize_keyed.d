/*
 * Rule: dtrace-semantics §2 normalize divides each printed value; order still follows the values
 * @@args: -q
 */

BEGIN
{
	@s["a"] = sum(50);
	@s["b"] = sum(7);
	normalize(@s, 10);
	exit(0);
}
