/*
 * Rule: dtrace-semantics §6 trap 17: x = 1 makes x an int (x=1; x=5000000000; stores 705032704); decimal
 *       constants above INT_MAX are long
 * @@args: -q
 */

BEGIN
{
	x = 1;
	x = 5000000000;
	y = 2147483648;
	printf("%d %d %d %d\n", x, sizeof (x), y, sizeof (y));
	exit(0);
}
