/*
 * Rule: dtrace-semantics §2 aggsortkey: sort by key (then value)
 * @@args: -q -x aggsortkey
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
