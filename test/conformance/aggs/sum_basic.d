/*
 * Rule: dtrace-semantics §1 sum: signed 64-bit sum of the values
 * @@args: -q
 */

BEGIN
{
	@s = sum(10);
	@s = sum(-3);
	@s = sum(5);
	exit(0);
}
