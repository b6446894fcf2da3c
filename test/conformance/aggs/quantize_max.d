/*
 * Rule: dtrace-semantics §1 quantize: values >= 2^62 go in the last row (labelled 2^62). illumos
 *       dt_print_quantize looks for the first non-empty bucket only up to the next-to-last one, so
 *       data that sits in the last bucket alone prints as "no data" (rows -1, 0, 1); with another
 *       value below it, the last row shows its count.
 * @@args: -q
 */

BEGIN
{
	@q = quantize(9223372036854775807);
	@r = quantize(2305843009213693952);
	@r = quantize(9223372036854775807);
	exit(0);
}
