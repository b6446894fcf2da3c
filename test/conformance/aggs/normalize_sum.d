/*
 * Rule: dtrace-semantics §2 normalize(@,n) divides printed values by n; denormalize(@) resets the divisor
 * @@args: -q
 */

BEGIN
{
	@s = sum(1000);
	normalize(@s, 10);
	printa(@s);
	denormalize(@s);
	printa(@s);
	exit(0);
}
