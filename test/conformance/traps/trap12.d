/*
 * Rule: dtrace-semantics §6 trap 12: the final "\n" is always printed; printa without a format prints a
 *       leading "\n", with a format none
 * @@args: -q
 */

BEGIN
{
	@a = count();
	printa(@a);
	printa("%@d\n", @a);
	exit(0);
}
