/*
 * Rule: dtrace-semantics §3 quiet trace() prints bare values (integers as %d, unsigned for 8/16 bits,
 *       strings as %s)
 * @@args: -q
 */

BEGIN
{
	trace(1);
	trace("x");
	trace((char)-2);
	trace((long)-5);
	trace((short)-1);
	printf("\n");
	exit(0);
}
