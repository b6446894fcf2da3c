/*
 * Rule: dtrace-semantics §2 a cleared lquantize shows rows "< base", base, base+step
 * @@args: -q
 */

BEGIN
{
	@l = lquantize(5, 0, 10, 2);
	clear(@l);
	printa(@l);
	exit(0);
}
