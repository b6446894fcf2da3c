/*
 * Rule: dtrace-semantics §2 trunc(@, 0) removes all entries like trunc(@)
 * @@args: -q
 */

BEGIN
{
	@s["a"] = sum(5);
	@s["b"] = sum(6);
	trunc(@s, 0);
	exit(0);
}
