/*
 * Rule: dtrace-semantics §1 min/max compare signed 64-bit values
 * @@args: -q
 */

BEGIN
{
	@mn = min(5);
	@mn = min(-7);
	@mn = min(3);
	@mx = max(5);
	@mx = max(-7);
	@mx = max(3);
	exit(0);
}
