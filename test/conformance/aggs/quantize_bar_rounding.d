/*
 * Rule: dtrace-semantics §2 bar depth = floor(|c|*40/total + 0.5): counts 2,6,19 of 27 -> 3,9,28
 * @@args: -q
 */

BEGIN
{
	@q = quantize(1, 2);
	@q = quantize(2, 6);
	@q = quantize(4, 19);
	exit(0);
}
