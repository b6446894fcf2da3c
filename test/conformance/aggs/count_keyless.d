/*
 * Rule: dtrace-semantics §1 count: n += 1; §2 keyless value prints " %16lld" after the final newline
 * @@args: -q
 */

BEGIN
{
	@c = count();
	@c = count();
	@c = count();
	exit(0);
}
