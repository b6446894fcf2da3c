/*
 * Rule: dtrace-semantics §3 discard() drops a speculative buffer's data
 * @@args: -q
 */

BEGIN
{
	s = speculation();
}

BEGIN
{
	speculate(s);
	printf("discarded\n");
}

BEGIN
{
	discard(s);
}

BEGIN
{
	printf("kept\n");
	exit(0);
}
