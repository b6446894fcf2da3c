/*
 * Rule: dtrace-semantics §2 a cleared quantize has no data and shows rows -1, 0, 1
 * @@args: -q
 */

BEGIN
{
	@q = quantize(5);
	clear(@q);
	printa(@q);
	exit(0);
}
