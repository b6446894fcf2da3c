/*
 * Rule: dtrace-semantics §6 trap 13: printa()-printed aggregations are not printed again at exit (even with
 *       new data); aggregations that never fired are never printed
 * @@args: -q
 */

BEGIN
/0/
{
	@never = count();
}

BEGIN
{
	@p = count();
	printa(@p);
	@q = count();
	exit(0);
}

END
{
	@p = count();
}
