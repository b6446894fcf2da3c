/*
 * Rule: dtrace-semantics §2 aggsortrev inverts every comparison: value descending, ties by key descending
 * @@args: -q -x aggsortrev
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
