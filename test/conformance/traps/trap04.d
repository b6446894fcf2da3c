/*
 * Rule: dtrace-semantics §6 trap 4: values below base go in "< base"; illumos bins (int32)x, so 2^32+5 lands
 *       in bin 5
 * @@args: -q
 */

BEGIN
{
	@below = lquantize(-1, 0, 10);
	@wrapped = lquantize(4294967301, 0, 10);
	exit(0);
}
