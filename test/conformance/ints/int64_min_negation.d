/*
 * Rule: dtrace-semantics §3 negating INT64_MIN wraps to itself
 * @@args: -q
 */

BEGIN
{
	x = -9223372036854775807 - 1;
	printf("%d %d\n", -x, x - 1);
	exit(0);
}
