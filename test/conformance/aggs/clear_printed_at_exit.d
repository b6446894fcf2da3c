/*
 * Rule: dtrace-semantics §2 a cleared aggregation keeps its keys, so the run-out prints them with 0
 * @@args: -q
 */

BEGIN
{
	@s["a"] = sum(5);
	clear(@s);
	exit(0);
}
