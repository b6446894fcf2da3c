/*
 * Rule: dtrace-semantics §3 printf: %s with width, left justification and precision
 * @@args: -q
 */

BEGIN
{
	printf("%s|%10s|%-10s|%.2s|%5.1s|\n", "hello", "hello", "hello", "hello", "hello");
	exit(0);
}
