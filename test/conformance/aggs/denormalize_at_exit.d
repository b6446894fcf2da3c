/*
 * Rule: dtrace-semantics §2 denormalize(@) resets the divisor to 1 for the run-out as well
 * @@args: -q
 */

BEGIN
{
	@s = sum(1000);
	normalize(@s, 10);
	denormalize(@s);
	exit(0);
}
