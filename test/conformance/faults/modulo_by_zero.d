/*
 * Rule: dtrace-semantics §4 % by a runtime zero is also a divide-by-zero fault (arg4 = 4)
 * @@args: -q
 */

BEGIN
{
	x = 0;
}

BEGIN
{
	y = 5 % x;
}

ERROR
{
	printf("fault=%d\n", arg4);
}

BEGIN
{
	exit(0);
}
