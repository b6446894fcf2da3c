/*
 * Rule: dtrace-semantics §3 printf: * and .* each consume an int argument
 * @@args: -q
 */

BEGIN
{
	printf("%*d|%-*d|%.*s|%*.*s|\n", 5, 42, 5, 42, 3, "abcdef", 6, 2, "abcdef");
	exit(0);
}
