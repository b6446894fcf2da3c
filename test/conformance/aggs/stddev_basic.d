/*
 * Rule: dtrace-semantics §1 stddev: population SD with truncation at each step (10..50 step 10 -> 14; 10,20
 *       -> 5); stddev values sort by the computed SD
 * @@args: -q
 */

BEGIN
{
	@s["a"] = stddev(10);
	@s["a"] = stddev(20);
	@s["a"] = stddev(30);
	@s["a"] = stddev(40);
	@s["a"] = stddev(50);
	@s["b"] = stddev(10);
	@s["b"] = stddev(20);
	exit(0);
}
