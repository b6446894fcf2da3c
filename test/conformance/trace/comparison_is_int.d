/*
 * Rule: dtrace-semantics §3 comparisons yield int: trace() prints them " %8d"
 */

BEGIN
{
	trace(1 == 1);
	trace(3 > 5);
	exit(0);
}
