/*
 * Rule: dtrace-semantics §3 an int result is recorded at 32 bits: INT_MAX + 1 prints INT_MIN
 * @@args: -q
 */

BEGIN
{
	x = 2147483647;
	printf("%d\n", x + 1);
	exit(0);
}
