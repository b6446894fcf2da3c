/*
 * Rule: dtrace-semantics §3 the empty string
 * @@args: -q
 */

BEGIN
{
	s = "";
	printf("%d\n", strlen(s));
	printf("[%s]\n", s);
	printf("%d\n", s == "");
	exit(0);
}
