/*
 * Rule: dtrace-semantics §3 substr: n < 0 drops |n| characters from the end
 * @@args: -q
 */

BEGIN
{
	printf("[%s]\n", substr("hello", 1, -1));
	printf("[%s]\n", substr("hello", 0, -2));
	printf("[%s]\n", substr("hello", 1, -10));
	printf("[%s]\n", substr("hello", -4, -1));
	exit(0);
}
