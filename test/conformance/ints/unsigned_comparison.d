/*
 * Rule: dtrace-semantics §3 usual arithmetic conversions: compared with a uint64_t, -1 is huge
 * @@args: -q
 */

BEGIN
{
	printf("%d %d %d\n", (uint64_t)-1 > 1, -1 < (uint64_t)1, -1 < 1);
	exit(0);
}
