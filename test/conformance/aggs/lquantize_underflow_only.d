/*
 * Rule: dtrace-semantics §1 values below base go in "< base"; shown rows clamp at bin 0
 * @@args: -q
 */

BEGIN
{
	@l = lquantize(-5, 0, 10);
	exit(0);
}
