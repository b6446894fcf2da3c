/*
 * Rule: dtrace-semantics §2 all counts <= 0: the bar is right-aligned, spaces then @ then |
 * @@args: -q
 */

BEGIN
{
	@q = quantize(1, -3);
	exit(0);
}
