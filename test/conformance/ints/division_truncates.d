/*
 * Rule: dtrace-semantics §3 / and % truncate toward 0 (19/-5 = -3, -19%5 = -4)
 * @@args: -q
 */

BEGIN
{
	a = 19;
	b = -5;
	c = -19;
	d = 5;
	printf("%d %d %d %d %d %d\n", a / b, c / d, c % d, a % b, c / b, c % b);
	exit(0);
}
