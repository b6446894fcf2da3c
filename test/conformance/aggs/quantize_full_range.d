/*
 * Rule: dtrace-semantics §2 every row between the first and last non-zero bucket is printed: INT64_MIN and
 *       INT64_MAX together show all 127 rows
 * @@args: -q
 */

BEGIN
{
	@q = quantize(-9223372036854775807 - 1);
	@q = quantize(9223372036854775807);
	exit(0);
}
