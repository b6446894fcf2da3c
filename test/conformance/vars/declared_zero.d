/*
 * Rule: dtrace-semantics §3 globals are zero-initialized (0 and "")
 * @@args: -q
 */

int x;
string s;

BEGIN
{
	printf("%d [%s]\n", x, s);
	exit(0);
}
