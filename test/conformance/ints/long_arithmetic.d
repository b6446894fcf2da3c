/*
 * Rule: dtrace-semantics §3 long arithmetic beyond 32 bits
 * @@args: -q
 */

BEGIN
{
	a = 3000000000;
	printf("%d %d\n", a * 4, a + a);
	exit(0);
}
