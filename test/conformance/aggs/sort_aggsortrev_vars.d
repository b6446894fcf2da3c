/*
 * Rule: dtrace-semantics §2 aggsortrev also inverts the variable order
 * @@args: -q -x aggsortrev
 */

BEGIN
{
	@a = count();
	@b = count();
	@b = count();
	exit(0);
}
