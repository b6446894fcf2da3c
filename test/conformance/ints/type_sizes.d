/*
 * Rule: dtrace-semantics §3 char 8, short 16, int 32, long and long long 64 bits; int8_t..uint64_t
 * @@args: -q
 */

BEGIN
{
	printf("%d %d %d %d %d\n", sizeof (char), sizeof (short), sizeof (int), sizeof (long), sizeof (long long));
	printf("%d %d %d %d\n", sizeof (int8_t), sizeof (uint16_t), sizeof (int32_t), sizeof (uint64_t));
	exit(0);
}
