/*
 * Rule: dtrace-semantics §1 stddev truncates each step: 1,2,3,4 -> isqrt(30/4 - (10/4)^2) = isqrt(7-4) = 1
 * @@args: -q
 */

BEGIN
{
	@s = stddev(1);
	@s = stddev(2);
	@s = stddev(3);
	@s = stddev(4);
	exit(0);
}
