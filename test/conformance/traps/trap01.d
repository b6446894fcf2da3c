/*
 * Rule: dtrace-semantics §6 trap 1: quantize(0) goes in row 0; a lone quantize(1) prints rows 0, 1, 2
 * @@args: -q
 */

BEGIN
{
	@zero = quantize(0);
	@one = quantize(1);
	exit(0);
}
