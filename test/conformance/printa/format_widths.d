/*
 * Rule: dtrace-semantics §2 printa conversions take widths and flags; entries in value order
 * @@args: -q
 */

BEGIN
{
	@c["abc"] = sum(42);
	@c["de"] = sum(7);
	printa("%-6s|%@5d|\n", @c);
	exit(0);
}
