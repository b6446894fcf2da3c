/*
 * Rule: dtrace-semantics §4 faults do not change the exit status
 * @@args: -q
 * @@status: 7
 */

BEGIN
{
	x = 0;
	exit(7);
}

END
{
	y = 1 / x;
}

END
{
	printf("end\n");
}
