/*
 * Rule: dtrace-semantics §2 clear() zeroes the value; updates after it count from zero
 * @@args: -q
 */

BEGIN
{
	@c = count();
	@c = count();
	clear(@c);
	exit(0);
}

END
{
	@c = count();
}
