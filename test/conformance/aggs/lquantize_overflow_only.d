/*
 * Rule: dtrace-semantics §1 values >= base+levels*step go in the overflow row ">= 10"
 * @@args: -q
 */

BEGIN
{
	@l = lquantize(50, 0, 10);
	exit(0);
}
