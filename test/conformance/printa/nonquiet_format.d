/*
 * Rule: dtrace-semantics §3 non-quiet: a formatted printa continues the probe line
 */

BEGIN
{
	@c = count();
	printa("[%@d]", @c);
	exit(0);
}
