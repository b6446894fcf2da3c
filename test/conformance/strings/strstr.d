/*
 * Rule: dtrace-semantics §3 strstr returns the rest of s from the first match
 * @@args: -q
 */

BEGIN
{
	printf("[%s]\n", strstr("hello world", "o w"));
	printf("[%s]\n", strstr("hello", "hello"));
	printf("[%s]\n", strstr("abcabc", "ca"));
	exit(0);
}
