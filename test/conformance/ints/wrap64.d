/*
 * Rule: dtrace-semantics §3 integer arithmetic wraps at 64 bits
 * @@args: -q
 */

BEGIN
{
	x = 9223372036854775807;
	x = x + 1;
	y = -9223372036854775807 - 1;
	y = y - 1;
	printf("%d %d\n", x, y);
	exit(0);
}
