/*
 * Rule: dtrace-semantics §3 printf: %i is %d
 * @@args: -q
 */

BEGIN
{
	printf("%i|%5i|\n", 7, -7);
	exit(0);
}
