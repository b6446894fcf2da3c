/*
 * Rule: dtrace-semantics §3 ^^ is logical XOR
 * @@args: -q
 */

BEGIN
{
	printf("%d %d %d %d %d\n", 1 ^^ 0, 1 ^^ 1, 0 ^^ 0, 2 ^^ 3, 0 ^^ 7);
	exit(0);
}
