/*
 * Rule: dtrace-semantics §2 conversions consume keys in order; leftover keys are dropped
 * @@args: -q
 */

BEGIN
{
	@c["a", 1] = sum(1);
	@c["b", 2] = sum(2);
	printa("%s %@d\n", @c);
	exit(0);
}
