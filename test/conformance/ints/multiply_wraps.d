/*
 * Rule: dtrace-semantics §3 64-bit multiplication wraps
 * @@args: -q
 */

BEGIN
{
	a = 4294967296;
	b = 9223372036854775807;
	printf("%d %d %d\n", a * a, b * 2, a * 3);
	exit(0);
}
