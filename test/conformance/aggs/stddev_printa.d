/*
 * Rule: dtrace-semantics §2 printa(@a) of a stddev prints " %16llu"
 * @@args: -q
 */

BEGIN
{
	@s = stddev(10);
	@s = stddev(20);
	printa(@s);
	exit(0);
}
