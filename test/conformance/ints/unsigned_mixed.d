/*
 * Rule: dtrace-semantics §3 a signed operand is converted to uint64_t: -10 / (uint64_t)3
 * @@args: -q
 */

BEGIN
{
	x = -10;
	printf("%d\n", x / (uint64_t)3);
	exit(0);
}
