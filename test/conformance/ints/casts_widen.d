/*
 * Rule: dtrace-semantics §3 widening casts sign-extend signed and zero-extend unsigned types
 * @@args: -q
 */

BEGIN
{
	printf("%d %d %d\n", (long)(int)-1, (uint64_t)(unsigned int)-1, (int64_t)(uint8_t)-1);
	exit(0);
}
