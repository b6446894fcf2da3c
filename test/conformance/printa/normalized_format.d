/*
 * Rule: dtrace-semantics §2 normalize() also divides the %@ value
 * @@args: -q
 */

BEGIN
{
	@s = sum(100);
	normalize(@s, 4);
	printa("%@d\n", @s);
	exit(0);
}
