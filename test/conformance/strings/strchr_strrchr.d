/*
 * Rule: dtrace-semantics §3 strchr/strrchr return the rest of s from the first/last c
 * @@args: -q
 */

BEGIN
{
	printf("[%s]\n", strchr("hello", 'l'));
	printf("[%s]\n", strrchr("hello", 'l'));
	printf("[%s]\n", strchr("a/b/c", '/'));
	printf("[%s]\n", strrchr("a/b/c", '/'));
	exit(0);
}
