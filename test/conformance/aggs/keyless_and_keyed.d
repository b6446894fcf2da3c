/*
 * Rule: dtrace-semantics §2 run-out prints every unprinted aggregation in variable order, keyless and keyed
 *       alike
 * @@args: -q
 */

BEGIN
{
	@a = count();
	@k["x"] = sum(5);
	@k["y"] = sum(4);
	exit(0);
}
