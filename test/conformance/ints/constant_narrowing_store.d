/*
 * Rule: dtrace-semantics §3 a constant is converted to the variable's type: x=1; x=5000000000; stores
 *       705032704
 * @@args: -q
 */

BEGIN
{
	x = 1;
	x = 5000000000;
	printf("%d\n", x);
	exit(0);
}
