/*
 * Rule: conformance host: walltimestamp = epoch + timestamp in every probe, here tick-1s
 * @@args: -q
 */

tick-1s
{
	printf("%d\n", walltimestamp - timestamp);
	exit(0);
}
