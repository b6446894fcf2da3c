/*
 * Rule: dtrace-semantics §3 printf: several conversions consume arguments in order
 * @@args: -q
 */

BEGIN
{
	printf("%s=%d (0x%x) %c%%\n", "val", 26, 26, 65);
	exit(0);
}
