/*
 * Rule: dtrace-semantics §3 exit() counts as data-recording: its clause prints a probe line
 */

BEGIN
{
	exit(0);
}
