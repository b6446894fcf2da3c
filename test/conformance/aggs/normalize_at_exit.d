/*
 * Rule: dtrace-semantics §2 the normalization applies to the run-out printing too (integer division)
 * @@args: -q
 */

BEGIN
{
	@s = sum(1000);
	normalize(@s, 3);
	exit(0);
}
