/*
 * Rule: dtrace-semantics §2 key formats by size: char " %3d", short " %5d", int " %8d", long " %16lld",
 *       string " %-50s"; aggregations print in order of first appearance
 * @@args: -q
 */

BEGIN
{
	@c[(char)65] = count();
	@s[(short)300] = count();
	@i[70000] = count();
	@l[5000000000] = count();
	@t["text"] = count();
	@u[(unsigned char)200] = count();
	exit(0);
}
