/*
 * Rule: dtrace-semantics §3 non-quiet: one line per recorded clause firing, in program order
 */

BEGIN
{
	trace(1);
}

BEGIN
{
	trace(2);
	exit(0);
}
