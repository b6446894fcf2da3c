/*
 * Rule: dtrace-semantics §2 joined printa: the key set is the union, missing values are zero, entries
 *       ordered by @a's value, then @b's, then key
 * @@args: -q
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
