/*
 * Rule: dtrace-semantics §2 default order: value ascending, then key ascending
 * @@args: -q
 */

BEGIN
{
	@c["x"] = count();
	@c["x"] = count();
	@c["x"] = count();
	@c["y"] = count();
	@c["z"] = count();
	@c["z"] = count();
	@c["w"] = count();
	exit(0);
}
