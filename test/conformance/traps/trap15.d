/*
 * Rule: dtrace-semantics §6 trap 15: depth = floor(|c|*40/sum|c| + 0.5); negative counts right-align the
 *       bar; mixed signs use 20-column halves
 * @@args: -q
 */

BEGIN
{
	@round = lquantize(1, 0, 4, 1, 2);
	@round = lquantize(2, 0, 4, 1, 6);
	@round = lquantize(3, 0, 4, 1, 19);
	@neg = lquantize(1, 0, 4, 1, -1);
	@neg = lquantize(2, 0, 4, 1, -3);
	@mixed = lquantize(1, 0, 4, 1, 5);
	@mixed = lquantize(2, 0, 4, 1, -2);
	@mixed = lquantize(3, 0, 4, 1, 1);
	exit(0);
}
