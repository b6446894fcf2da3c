/*
 * Rule: conformance host: simulated time starts at timestamp 0 at BEGIN
 * @@args: -q
 */

BEGIN
{
	printf("%d\n", timestamp);
	exit(0);
}
