/*
 * Rule: dtrace-semantics §3 printf: %#x and %#o of 0 print 0 as in C
 * @@args: -q
 */

BEGIN
{
	printf("%#x|%#o\n", 0, 0);
	exit(0);
}
