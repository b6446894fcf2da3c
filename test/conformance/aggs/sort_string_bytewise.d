/*
 * Rule: dtrace-semantics §2 string keys compare bytewise (upper case before lower case, a prefix first)
 * @@args: -q
 */

BEGIN
{
	@c["ab"] = count();
	@c["a"] = count();
	@c["B"] = count();
	@c["A"] = count();
	exit(0);
}
