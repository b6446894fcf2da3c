/*
 * Rule: dtrace-semantics §2 printa(@a) prints "\n" first, then the entries
 * @@args: -q
 */

BEGIN
{
	@c = count();
	printa(@c);
	printf("after\n");
	exit(0);
}
