/*
 * Rule: dtrace-semantics §6 trap 5: illumos llquantize puts 0 and negative values in "< f^low"
 * @@args: -q
 */

BEGIN
{
	@l = llquantize(0, 10, 0, 2, 10);
	@l = llquantize(-5, 10, 0, 2, 10);
	@m = llquantize(-1000000, 10, 3, 11, 100);
	exit(0);
}
