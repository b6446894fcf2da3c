/*
 * Rule: conformance host: walltimestamp = epoch (2011-08-15T00:00:00Z) + timestamp, timestamp being 0 at
 *       BEGIN
 * @@args: -q
 */

BEGIN
{
	printf("%d\n", walltimestamp);
	exit(0);
}
