/*
 * Rule: dtrace-semantics §3 non-quiet tick-N output under _DTRACE_TESTING: one matched probe, the
 *       FUNCTION:NAME header and a ":tick-1s" line
 * @@env: _DTRACE_TESTING=1
 */

tick-1s
{
	exit(0);
}
