/*
 * Rule: dtrace-semantics §3 non-quiet: one line per recorded clause firing, for each firing of a probe (here
 *       under _DTRACE_TESTING)
 * @@env: _DTRACE_TESTING=1
 */

int n;

tick-1s
{
	n++;
	trace(n);
}

tick-1s
/n == 2/
{
	exit(0);
}
