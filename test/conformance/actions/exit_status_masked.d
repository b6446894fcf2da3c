/*
 * Rule: dtrace(1M) exit status: exit(257) gives 257 & 0xff = 1
 * @@args: -q
 * @@status: 1
 */

BEGIN
{
	exit(257);
}
