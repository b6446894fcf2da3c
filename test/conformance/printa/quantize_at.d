/*
 * Rule: dtrace-semantics §2 %@ on a quantize prints the whole block (its header starts with a newline)
 * @@args: -q
 */

BEGIN
{
	@q["lat"] = quantize(5);
	printa("%s:%@d\n", @q);
	exit(0);
}
