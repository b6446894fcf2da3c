/*
 * Rule: dtrace-semantics §2 key formats by size for each scalar aggregating function (char " %3d", short "
 *       %5d", int " %8d", long " %16lld", string 50 columns); stddev prints " %16llu"
 * @@args: -q
 */

BEGIN
{
	@sum[(char)1] = sum(10);
	@avg[(short)2] = avg(7);
	@min[3] = min(-4);
	@max[(long)4] = max(9);
	@sd["five"] = stddev(3);
	@cnt[(unsigned char)250, "x"] = count();
	exit(0);
}
