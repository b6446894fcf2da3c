/*
 * Rule: dtrace-semantics §2 printa %d of an int key prints it signed; entries in value order
 * @@args: -q
 */

BEGIN
{
	@c[5] = sum(50);
	@c[-3] = sum(7);
	printa("%d:%@d\n", @c);
	exit(0);
}
