/*
 * Rule: dtrace-semantics §3 printf: %c with widths
 * @@args: -q
 */

BEGIN
{
	printf("%c%c%c|%3c|%-3c|\n", 'a', 'b', 'c', 'x', 'y');
	exit(0);
}
