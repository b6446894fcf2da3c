/*
 * Rule: dtrace-semantics §3 string variables hold copies
 * @@args: -q
 */

BEGIN
{
	s = "first";
	t = s;
	s = strjoin(s, "-second");
	printf("%s %s\n", s, t);
	exit(0);
}
