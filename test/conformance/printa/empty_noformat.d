/*
 * Rule: dtrace-semantics §2 printa(@a) of an aggregation with no entries prints just its newline
 * @@args: -q
 */

BEGIN
/0/
{
	@a = count();
}

BEGIN
{
	printa(@a);
	exit(0);
}
