/*
 * Rule: dtrace-semantics §3 printf: %o and %#o
 * @@args: -q
 */

BEGIN
{
	printf("%o %#o %o\n", 8, 8, 511);
	exit(0);
}
