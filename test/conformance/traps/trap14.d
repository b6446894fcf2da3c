/*
 * Rule: dtrace-semantics §6 trap 14: distribution rows run from first non-zero - 1 to last non-zero + 1 with
 *       no gaps; empty data shows three rows
 * @@args: -q
 */

BEGIN
{
	@span = quantize(1);
	@span = quantize(1000);
	@empty = quantize(16, 3);
	@empty = quantize(16, -3);
	exit(0);
}
