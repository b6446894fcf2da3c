/*
 * Rule: dtrace-semantics §6 trap 19: a fault discards the faulting clause's recorded output, keeps its
 *       aggregation updates, fires ERROR and prints the fault line on stderr; the exit status is unaffected
 * @@args: -q
 */

BEGIN
{
	x = 0;
}

BEGIN
{
	printf("discarded\n");
	@kept = sum(5);
	y = 10 / x;
}

ERROR
{
	printf("ERROR fault=%d\n", arg4);
}

BEGIN
{
	exit(0);
}
