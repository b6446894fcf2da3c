/*
 * Rule: dtrace-semantics §2 printa(fmt, @a) prints no leading newline and applies fmt per entry
 * @@args: -q
 */

BEGIN
{
	@c["k"] = sum(3);
	printa("%s=%@d\n", @c);
	exit(0);
}
