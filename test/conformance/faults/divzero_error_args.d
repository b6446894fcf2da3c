/*
 * Rule: dtrace-semantics §4 a runtime zero divisor faults: ERROR fires with arg1 = EPID, arg2 = action
 *       index, arg4 = 4 (DIVZERO); later clauses still run
 * @@args: -q
 */

BEGIN
{
	x = 0;
}

BEGIN
{
	y = 1 / x;
}

ERROR
{
	printf("epid=%d index=%d fault=%d\n", arg1, arg2, arg4);
}

BEGIN
{
	printf("next\n");
	exit(0);
}
