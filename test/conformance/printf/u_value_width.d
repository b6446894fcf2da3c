/*
 * Rule: dtrace-semantics §3 printf: %u prints at the value's width (int -1 -> 4294967295, long, short, char)
 * @@args: -q
 */

BEGIN
{
	printf("%u %u %u %u\n", -1, (long)-1, (short)-1, (char)-1);
	exit(0);
}
