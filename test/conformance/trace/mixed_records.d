/*
 * Rule: dtrace-semantics §3 non-quiet: all records of one clause firing share one line
 */

BEGIN
{
	trace(1);
	printf(" mid ");
	trace("s");
	exit(0);
}
