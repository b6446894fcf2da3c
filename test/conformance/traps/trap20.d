/*
 * Rule: dtrace-semantics §6 trap 20: %d of an unsigned value prints unsigned
 * @@args: -q
 */

BEGIN
{
	u = (unsigned int)-2;
	v = (uint64_t)-2;
	printf("%d %d %d\n", u, v, (unsigned short)-2);
	exit(0);
}
