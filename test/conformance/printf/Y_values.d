/*
 * Rule: dtrace-semantics §3 printf %Y of nanoseconds since the epoch: "YYYY Mon dd hh:mm:ss" (day padded
 *       with a space)
 * @@args: -q
 */

BEGIN
{
	printf("%Y|%Y\n", (int64_t)0, 1000000000000000000);
	exit(0);
}
