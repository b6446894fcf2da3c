/*
 * Rule: dtrace-semantics §2 keyless scalar aggregations print one line each with no blank lines between
 * @@args: -q
 */

BEGIN
{
	@a = count();
	@b = sum(7);
	@c = max(3);
	@d = min(-2);
	@e = avg(10);
	exit(0);
}
