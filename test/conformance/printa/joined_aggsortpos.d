/*
 * Rule: dtrace-semantics §2 aggsortpos=1: the second aggregation of a joined printa is compared first
 * @@args: -q -x aggsortpos=1
 */

BEGIN
{
	@a["x"] = count();
	@a["y"] = count();
	@a["y"] = count();
	@b["x"] = sum(10);
	@b["z"] = sum(5);
	printa("%s %@d %@d\n", @a, @b);
	exit(0);
}
