/*
 * Rule: dtrace-semantics §3 printf: %d of a negative value with flags as in C
 * @@args: -q
 */

BEGIN
{
	printf("%d|%5d|%-5d|%05d|%+d|% d|\n", -42, -42, -42, -42, -42, -42);
	exit(0);
}
