/*
 * Rule: dtrace-semantics §2 keys are compared record by record
 * @@args: -q
 */

BEGIN
{
	@c["b", 0] = count();
	@c["a", 2] = count();
	@c["a", 1] = count();
	exit(0);
}
