/*
 * Rule: dtrace-semantics §2 with no %@ the value is not printed
 * @@args: -q
 */

BEGIN
{
	@c["a"] = sum(1);
	@c["b"] = sum(2);
	printa("key %s\n", @c);
	exit(0);
}
