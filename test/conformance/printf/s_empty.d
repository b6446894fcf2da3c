/*
 * Rule: dtrace-semantics §3 printf: %s of an empty string
 * @@args: -q
 */

BEGIN
{
	printf("[%s][%3s]\n", "", "");
	exit(0);
}
