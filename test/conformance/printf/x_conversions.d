/*
 * Rule: dtrace-semantics §3 printf: %x %X and the # and 0 flags as in C
 * @@args: -q
 */

BEGIN
{
	printf("%x %X %#x %#X %08x %-6x|\n", 255, 255, 255, 255, 255, 255);
	exit(0);
}
