/*
 * Rule: dtrace-semantics §2 %@ on an lquantize prints the whole block
 * @@args: -q
 */

BEGIN
{
	@l = lquantize(3, 0, 10);
	printa("%@d\n", @l);
	exit(0);
}
