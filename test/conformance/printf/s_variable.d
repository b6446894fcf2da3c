/*
 * Rule: dtrace-semantics §3 printf: %s of a string variable
 * @@args: -q
 */

BEGIN
{
	s = "abc";
	printf("[%5s][%-5s]\n", s, s);
	exit(0);
}
