/*
 * Rule: dtrace-semantics §6 trap 8: min and max start at INT64_MAX/INT64_MIN; after clear() they show 0, and
 *       later updates compare against that 0
 * @@args: -q
 */

BEGIN
{
	@mn = min(100);
	@mx = max(-100);
	@cmin = min(5);
	@cmax = max(-5);
	clear(@cmin);
	clear(@cmax);
	printa(@cmin);
	printa(@cmax);
	exit(0);
}

END
{
	@cmin = min(7);
	@cmax = max(-9);
	printa(@cmin);
	printa(@cmax);
}
