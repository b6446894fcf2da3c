/*
 * Rule: dtrace-semantics §2 printa %c of a char key
 * @@args: -q
 */

BEGIN
{
	@c[(char)'a'] = sum(1);
	printa("%c=%@d\n", @c);
	exit(0);
}
