/*
 * Rule: dtrace(1M) exit status: exit(n) gives n & 0xff
 * @@args: -q
 * @@status: 3
 */

BEGIN
{
	exit(3);
}
