/*
 * Rule: dtrace-semantics §1 quantize: INT64_MIN goes in the row labelled -2^62 (the first bucket)
 * @@args: -q
 */

BEGIN
{
	@q = quantize(-9223372036854775807 - 1);
	exit(0);
}
