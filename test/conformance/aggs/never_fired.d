/*
 * Rule: dtrace-semantics §2 run-out: aggregations that never fired print nothing
 * @@args: -q
 */

BEGIN
/0/
{
	@never = count();
}

BEGIN
{
	@once = count();
	exit(0);
}
