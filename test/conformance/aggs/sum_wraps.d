/*
 * Rule: dtrace-semantics §1 sum is 64-bit and wraps: INT64_MAX + 1 prints INT64_MIN
 * @@args: -q
 */

BEGIN
{
	@s = sum(9223372036854775807);
	@s = sum(1);
	exit(0);
}
