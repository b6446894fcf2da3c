/*
 * Rule: dtrace-semantics §2 trunc(@,-n) keeps the n smallest values
 * @@args: -q
 */

BEGIN
{
	@s["a"] = sum(1);
	@s["b"] = sum(5);
	@s["c"] = sum(3);
	@s["d"] = sum(4);
	trunc(@s, -2);
	exit(0);
}
