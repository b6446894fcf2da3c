/*
 * Rule: dtrace(1M) exit status: exit(-1) gives 255
 * @@args: -q
 * @@status: 255
 */

BEGIN
{
	exit(-1);
}
