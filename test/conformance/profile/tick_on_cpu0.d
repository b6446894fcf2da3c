/*
 * Rule: conformance host: tick-N fires on CPU 0
 * @@args: -q
 */

tick-1s
{
	printf("%d\n", cpu);
	exit(0);
}
