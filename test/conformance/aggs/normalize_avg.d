/*
 * Rule: dtrace-semantics §2 normalize divides avg's sum by n: (100+200)/10/2 = 15
 * @@args: -q
 */

BEGIN
{
	@a = avg(100);
	@a = avg(200);
	normalize(@a, 10);
	exit(0);
}
