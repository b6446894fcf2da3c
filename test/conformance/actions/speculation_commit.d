/*
 * Rule: dtrace-semantics §3 speculate() sends a clause's data to a speculative buffer; commit() copies it to
 *       the output after what was already recorded
 * @@args: -q
 */

BEGIN
{
	s = speculation();
}

BEGIN
{
	speculate(s);
	printf("speculative\n");
}

BEGIN
{
	printf("plain\n");
}

BEGIN
{
	commit(s);
}

BEGIN
{
	exit(0);
}
