/*
 * Rule: dtrace-semantics §3 printf: combined flags + 0, space 0, - + as in C
 * @@args: -q
 */

BEGIN
{
	printf("%+05d|% 05d|%-+5d|\n", 42, 42, 42);
	exit(0);
}
