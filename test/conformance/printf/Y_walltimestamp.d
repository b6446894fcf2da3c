/*
 * Rule: dtrace-semantics §3 printf %Y; host epoch 2011-08-15T00:00:00Z and walltimestamp = epoch +
 *       timestamp, which is 0 at BEGIN
 * @@args: -q
 */

BEGIN
{
	printf("%Y\n", walltimestamp);
	exit(0);
}
