/*
 * Rule: dtrace-semantics §6 trap 11: key width follows the type size: an int key is " %8d" (9 columns), a
 *       long key " %16lld" (17)
 * @@args: -q
 */

BEGIN
{
	@i[1] = sum(10);
	@l[1l] = sum(10);
	exit(0);
}
