/*
 * Rule: dtrace-semantics §2 a printa format without conversions is printed once per entry
 * @@args: -q
 */

BEGIN
{
	@c["a"] = sum(1);
	@c["b"] = sum(2);
	printa("entry\n", @c);
	exit(0);
}
