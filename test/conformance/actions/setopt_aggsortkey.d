/*
 * Rule: dtrace-semantics §2 the aggsort options can be changed at run time with setopt()
 * @@args: -q
 */

BEGIN
{
	@c["b"] = count();
	@c["a"] = count();
	@c["a"] = count();
	@c["c"] = count();
	@c["c"] = count();
	@c["c"] = count();
}

BEGIN
{
	printa(@c);
	setopt("aggsortkey");
	printa(@c);
	exit(0);
}
