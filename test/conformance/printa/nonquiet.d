/*
 * Rule: dtrace-semantics §3 non-quiet: the probe line, then printa's newline and entries, then the record
 *       newline
 */

BEGIN
{
	@c = count();
	printa(@c);
	exit(0);
}
