/*
 * Rule: dtrace-semantics §3 in BEGIN probeprov is dtrace, probemod and probefunc are empty, probename is
 *       BEGIN; id is 1 and cpu 0
 * @@args: -q
 */

BEGIN
{
	printf("[%s][%s][%s][%s] %d %d\n", probeprov, probemod, probefunc, probename, id, cpu);
	exit(0);
}
