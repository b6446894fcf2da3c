/*
 * Rule: dtrace-semantics §1 llquantize(10,0,2,10) labels: < 1, 1..9, 10..90, 100..900, >= 1000 (0 goes in "<
 *       1")
 * @@args: -q
 */

BEGIN
{
	@l = llquantize(0, 10, 0, 2, 10);
	@l = llquantize(5, 10, 0, 2, 10);
	@l = llquantize(50, 10, 0, 2, 10);
	@l = llquantize(500, 10, 0, 2, 10);
	@l = llquantize(5000, 10, 0, 2, 10);
	exit(0);
}
