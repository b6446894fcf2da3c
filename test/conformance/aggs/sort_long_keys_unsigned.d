/*
 * Rule: dtrace-semantics §2 long keys compare unsigned: -1 sorts after 1 and prints signed
 * @@args: -q
 */

BEGIN
{
	@c[(long)-1] = count();
	@c[(long)1] = count();
	exit(0);
}
