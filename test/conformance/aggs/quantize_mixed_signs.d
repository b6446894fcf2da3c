/*
 * Rule: dtrace-semantics §2 mixed-sign counts use 20-column halves around a centre |; depth over 20 columns
 *       (3 of 4 -> 15, 1 of 4 -> 5)
 * @@args: -q
 */

BEGIN
{
	@q = quantize(1, 3);
	@q = quantize(2, -1);
	exit(0);
}
