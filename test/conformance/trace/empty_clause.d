/*
 * Rule: dtrace-semantics §3 non-quiet: an empty clause {} still prints a probe line
 */

BEGIN
{
}

BEGIN
{
	exit(0);
}
