/*
 * Rule: dtrace-semantics §3 dtrace:::END is probe id 2
 * @@args: -q
 */

BEGIN
{
	exit(0);
}

END
{
	printf("[%s][%s] %d\n", probeprov, probename, id);
}
