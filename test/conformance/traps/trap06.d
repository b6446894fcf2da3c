/*
 * Rule: dtrace-semantics §6 trap 6: avg truncates toward zero (-3/2 -> -1); printa %@d of an avg divides
 *       unsigned ((2^64-6)/2 for sum -6, count 2)
 * @@args: -q
 */

BEGIN
{
	@a = avg(-3);
	@a = avg(0);
	@b = avg(-2);
	@b = avg(-4);
	printa("%@d\n", @b);
	exit(0);
}
