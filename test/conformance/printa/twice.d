/*
 * Rule: dtrace-semantics §2 printa prints the aggregation each time it is called
 * @@args: -q
 */

BEGIN
{
	@c = count();
	printa(@c);
	printa("%@d\n", @c);
	exit(0);
}
