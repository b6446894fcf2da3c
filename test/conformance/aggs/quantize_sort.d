/*
 * Rule: dtrace-semantics §2 quantize entries sort by sum(label*count), ties by the zero-bucket count, then
 *       by key
 * @@args: -q
 */

BEGIN
{
	@q["a"] = quantize(100);
	@q["b"] = quantize(1);
	@q["y"] = quantize(0);
	@q["y"] = quantize(0);
	@q["x"] = quantize(0);
	@q["w"] = quantize(-1);
	exit(0);
}
