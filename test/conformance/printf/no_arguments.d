/*
 * Rule: dtrace-semantics §3 printf with a format and no conversions
 * @@args: -q
 */

BEGIN
{
	printf("hello, world\n");
	exit(0);
}
