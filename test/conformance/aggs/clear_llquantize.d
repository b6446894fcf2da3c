/*
 * Rule: dtrace-semantics §2 a cleared llquantize in illumos shows "< f^low" and the first bin
 * @@args: -q
 */

BEGIN
{
	@l = llquantize(50, 10, 0, 2, 10);
	clear(@l);
	printa(@l);
	exit(0);
}
