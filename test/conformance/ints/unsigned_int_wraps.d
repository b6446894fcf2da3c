/*
 * Rule: dtrace-semantics §3 unsigned int arithmetic wraps: (unsigned int)3 - 5 records as 4294967294
 * @@args: -q
 */

BEGIN
{
	x = (unsigned int)3;
	printf("%d\n", x - 5);
	exit(0);
}
