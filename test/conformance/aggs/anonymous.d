/*
 * Rule: dtrace-semantics §3 a bare @ is the aggregation @_
 * @@args: -q
 */

BEGIN
{
	@ = count();
	@ = count();
	printa(@);
	exit(0);
}
