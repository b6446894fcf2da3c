/*
 * Rule: dtrace-semantics §3 printf: %d of an unsigned type prints unsigned; of a signed type, signed
 * @@args: -q
 */

BEGIN
{
	printf("%d %d %d %d\n", (uint8_t)255, (unsigned short)65535, (unsigned int)-1, (uint64_t)-1);
	printf("%d %d %d %d\n", (char)255, (short)65535, (int)-1, (int64_t)-1);
	exit(0);
}
