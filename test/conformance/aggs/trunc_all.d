/*
 * Rule: dtrace-semantics §2 trunc(@) removes all entries: printa prints only its newline, run-out nothing
 * @@args: -q
 */

BEGIN
{
	@c["a"] = count();
	@c["b"] = count();
	trunc(@c);
	printa(@c);
	exit(0);
}
