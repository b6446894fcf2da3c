/*
 * Rule: dtrace-semantics §3 printf: %x prints at the value's width ((int)-1 -> ffffffff)
 * @@args: -q
 */

BEGIN
{
	printf("%x %x %x %x\n", -1, (long)-1, (short)-1, (char)-1);
	exit(0);
}
