/*
 * Rule: dtrace-semantics §3 printf: a field width on %x is a minimum
 * @@args: -q
 */

BEGIN
{
	printf("%20x|%-20x|%4x|\n", (long)-1, 255, (long)-1);
	exit(0);
}
