/*
 * Rule: dtrace-semantics §2 extra %@ conversions repeat the last aggregation's value; leftover keys are
 *       dropped
 * @@args: -q
 */

BEGIN
{
	@c["k"] = sum(4);
	printa("%@d %@d %@d\n", @c);
	exit(0);
}
