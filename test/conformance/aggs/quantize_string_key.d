/*
 * Rule: dtrace-semantics §2 a string key prints two spaces and 50 left-justified columns before the
 *       distribution block
 * @@args: -q
 */

BEGIN
{
	@q["read"] = quantize(40);
	@q["read"] = quantize(70);
	exit(0);
}
