/*
 * Rule: dtrace-semantics §1 lquantize takes an optional increment (argument 5)
 * @@args: -q
 */

BEGIN
{
	@l = lquantize(3, 0, 10, 1, 4);
	@l = lquantize(4, 0, 10, 1);
	exit(0);
}
