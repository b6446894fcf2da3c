/*
 * Rule: dtrace-semantics §1 avg = sum/count with signed division truncating toward 0 (3/2 -> 1, -3/2 -> -1);
 *       entries sort by value
 * @@args: -q
 */

BEGIN
{
	@a["pos"] = avg(1);
	@a["pos"] = avg(2);
	@a["neg"] = avg(-1);
	@a["neg"] = avg(-2);
	exit(0);
}
