/*
 * Rule: dtrace-semantics §3 / and % are unsigned when an operand is an unsigned 64-bit value
 * @@args: -q
 */

BEGIN
{
	u = (uint64_t)-1;
	printf("%d %d %d\n", u / 2, u % 10, u / 3);
	exit(0);
}
