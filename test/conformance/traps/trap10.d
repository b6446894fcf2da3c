/*
 * Rule: dtrace-semantics §6 trap 10: char and short keys print unsigned (254, 65534); int and long keys
 *       print signed
 * @@args: -q
 */

BEGIN
{
	@c[(char)-2] = count();
	@s[(short)-2] = count();
	@i[-2] = count();
	@l[(long)-2] = count();
	exit(0);
}
