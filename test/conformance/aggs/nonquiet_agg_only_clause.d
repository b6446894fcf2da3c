/*
 * Rule: dtrace-semantics §3 non-quiet: a clause containing only aggregations records nothing (no probe
 *       line); exit() records, so its clause prints a line
 */

BEGIN
{
	@a = count();
}

BEGIN
{
	exit(0);
}
