/*
 * Rule: dtrace-semantics §3 a tick probe is profile:::tick-N (empty module and function)
 * @@args: -q
 */

tick-1s
{
	printf("[%s][%s][%s][%s]\n", probeprov, probemod, probefunc, probename);
	exit(0);
}
