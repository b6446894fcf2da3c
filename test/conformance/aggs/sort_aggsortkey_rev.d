/*
 * Rule: dtrace-semantics §2 aggsortkey with aggsortrev: keys descending
 * @@args: -q -x aggsortkey -x aggsortrev
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
