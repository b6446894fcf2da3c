/*
 * Rule: dtrace-semantics §2 joined printa: a missing avg is zero
 * @@args: -q
 */

BEGIN
{
	@a["x"] = avg(10);
	@b["y"] = avg(20);
	printa("%s %@d %@d\n", @a, @b);
	exit(0);
}
