/*
 * Rule: dtrace-semantics §3 lltostr combines with strjoin
 * @@args: -q
 */

BEGIN
{
	printf("%s\n", strjoin("n=", lltostr(42)));
	exit(0);
}
