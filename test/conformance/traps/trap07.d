/*
 * Rule: dtrace-semantics §6 trap 7: stddev is the population SD with integer truncation at each step,
 *       printed unsigned (" %16llu"): 10..50 -> 14, 10,20 -> 5, 1,2 -> isqrt(5/2 - (3/2)^2) = 1
 * @@args: -q
 */

BEGIN
{
	@s = stddev(10);
	@s = stddev(20);
	@s = stddev(30);
	@s = stddev(40);
	@s = stddev(50);
	@t = stddev(10);
	@t = stddev(20);
	@u = stddev(1);
	@u = stddev(2);
	exit(0);
}
