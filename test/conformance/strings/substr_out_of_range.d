/*
 * Rule: dtrace-semantics §3 substr: i >= len gives ""
 * @@args: -q
 */

BEGIN
{
	printf("[%s]\n", substr("hello", 5));
	printf("[%s]\n", substr("hello", 10));
	printf("[%s]\n", substr("hello", 10, 2));
	printf("[%s]\n", substr("", 0));
	exit(0);
}
