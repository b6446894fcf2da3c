/*
 * Rule: dtrace-semantics §3 strlen
 * @@args: -q
 */

BEGIN
{
	printf("%d\n", strlen("hello"));
	printf("%d\n", strlen(""));
	printf("%d\n", strlen("a b c"));
	exit(0);
}
