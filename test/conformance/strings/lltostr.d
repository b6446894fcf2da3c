/*
 * Rule: dtrace-semantics §3 lltostr
 * @@args: -q
 */

BEGIN
{
	printf("[%s]\n", lltostr(123));
	printf("[%s]\n", lltostr(-45));
	printf("[%s]\n", lltostr(0));
	printf("[%s]\n", lltostr(9223372036854775807));
	printf("[%s]\n", lltostr(-9223372036854775807 - 1));
	exit(0);
}
