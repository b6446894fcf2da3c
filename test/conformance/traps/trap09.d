/*
 * Rule: dtrace-semantics §6 trap 9: order is variable id, then value ascending, then key ascending; integer
 *       keys compare unsigned, so -1 sorts last
 * @@args: -q
 */

BEGIN
{
	@c[-1] = count();
	@c[2] = count();
	@c[0] = count();
	@c[5] = count();
	@c[5] = count();
	exit(0);
}
