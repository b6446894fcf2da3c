/*
 * Rule: dtrace-semantics §3 a missing string element reads as ""
 * @@args: -q
 */

BEGIN
{
	s["k"] = "v";
	printf("[%s][%s]\n", s["k"], s["nokey"]);
	exit(0);
}
