/*
 * Rule: dtrace-semantics §1/§2 a cleared avg has count 0 and prints 0
 * @@args: -q
 */

BEGIN
{
	@a = avg(10);
	clear(@a);
	printa(@a);
	exit(0);
}
