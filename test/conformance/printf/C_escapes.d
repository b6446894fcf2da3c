/*
 * Rule: dtrace-semantics §3 printf: %C escapes non-printable characters C-style
 * @@args: -q
 */

BEGIN
{
	printf("%C|%C|%C|%C\n", 'A', 9, 10, '\\');
	exit(0);
}
