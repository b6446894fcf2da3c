/*
 * Rule: dtrace-semantics §2 printa(fmt, @a) of an aggregation with no entries prints nothing
 * @@args: -q
 */

BEGIN
/0/
{
	@a = count();
}

BEGIN
{
	printa("%@d\n", @a);
	exit(0);
}
