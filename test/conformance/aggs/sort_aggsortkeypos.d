/*
 * Rule: dtrace-semantics §2 aggsortkeypos=1 with aggsortkey: key comparison starts at the second key and
 *       wraps
 * @@args: -q -x aggsortkey -x aggsortkeypos=1
 */

BEGIN
{
	@c[1, "b"] = count();
	@c[1, "b"] = count();
	@c[1, "b"] = count();
	@c[2, "a"] = count();
	@c[3, "c"] = count();
	@c[3, "c"] = count();
	exit(0);
}
