/*
 * Rule: dtrace-semantics §3 substr: i < 0 counts from the end, clamped to 0 when i+n > 0
 * @@args: -q
 */

BEGIN
{
	printf("[%s]\n", substr("hello", -3));
	printf("[%s]\n", substr("hello", -3, 2));
	printf("[%s]\n", substr("hello", -1));
	printf("[%s]\n", substr("hello", -5, 1));
	printf("[%s]\n", substr("hello", -10, 7));
	printf("[%s]\n", substr("hello", -10, 3));
	printf("[%s]\n", substr("hello", -10));
	exit(0);
}
