/*
 * Rule: dtrace-semantics §1 quantize: v goes in the largest power of two <= v (2,3 -> 2); §2 rows run from
 *       the bucket before the first non-zero to the one after the last, every row in between
 * @@args: -q
 */

BEGIN
{
	@q = quantize(1);
	@q = quantize(2);
	@q = quantize(3);
	@q = quantize(100);
	@q = quantize(1000);
	exit(0);
}
