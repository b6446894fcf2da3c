/*
 * Rule: dtrace-semantics §3 strjoin
 * @@args: -q
 */

BEGIN
{
	printf("[%s]\n", strjoin("foo", "bar"));
	printf("[%s]\n", strjoin("", "x"));
	printf("[%s]\n", strjoin(strjoin("a", "b"), "c"));
	exit(0);
}
