/*
 * Rule: dtrace-semantics §3 macros: $1 that looks like a number is an integer, $$2 a string, $$0 the script
 *       name
 * @@args: -q
 * @@operands: 41 foo
 */

BEGIN
{
	printf("%d %s %s\n", $1 + 1, $$2, $$0);
	exit(0);
}
