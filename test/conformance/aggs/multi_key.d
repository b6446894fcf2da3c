/*
 * Rule: dtrace-semantics §2 one entry prints each key in order, then the value
 * @@args: -q
 */

BEGIN
{
	@m["a", 1, (char)2] = sum(5);
	exit(0);
}
