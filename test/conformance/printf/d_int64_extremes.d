/*
 * Rule: dtrace-semantics §3 printf: %d of 64-bit extremes
 * @@args: -q
 */

BEGIN
{
	printf("%d %d\n", 9223372036854775807, -9223372036854775807 - 1);
	exit(0);
}
