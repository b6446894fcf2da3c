/*
 * Rule: d-language §3.1 /x == 0/ { x = 1 } compiles: a global reads 0 before its first assignment
 * @@args: -q
 */

BEGIN
/x == 0/
{
	x = 1;
}

BEGIN
{
	printf("%d\n", x);
	exit(0);
}
