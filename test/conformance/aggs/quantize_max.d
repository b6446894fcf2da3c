/*
 * Rule: dtrace-semantics §1 quantize: values >= 2^62 go in the last row (labelled 2^62); the shown rows are
 *       clamped to the array
 * @@args: -q
 */

BEGIN
{
	@q = quantize(9223372036854775807);
	exit(0);
}
