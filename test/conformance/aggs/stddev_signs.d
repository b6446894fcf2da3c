/*
 * Rule: dtrace-semantics §1 stddev: sqrt(sum(x^2)/n - (sum/n)^2); -10,10 -> 10; a single value -> 0
 * @@args: -q
 */

BEGIN
{
	@s["x"] = stddev(-10);
	@s["x"] = stddev(10);
	@s["y"] = stddev(7);
	exit(0);
}
