/*
 * Rule: dtrace-semantics §3 trace() widths by size: " %3d" and " %5d" print unsigned, " %8d" and " %16lld"
 *       signed
 */

BEGIN
{
	trace((char)-2);
	trace((short)-2);
	trace(-2);
	trace((long)-2);
	exit(0);
}
