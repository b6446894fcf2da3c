/*
 * Rule: dtrace-semantics §2 keys compare unsigned at their size: (char)-1 (printed 255) sorts after 1
 * @@args: -q
 */

BEGIN
{
	@c[(char)-1] = count();
	@c[(char)1] = count();
	exit(0);
}
