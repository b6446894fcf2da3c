/*
 * Rule: dtrace-semantics §3 several clauses may speculate into one buffer; commit keeps their order
 * @@args: -q
 */

BEGIN
{
	s = speculation();
}

BEGIN
{
	speculate(s);
	printf("one\n");
}

BEGIN
{
	speculate(s);
	printf("two\n");
}

BEGIN
{
	commit(s);
}

BEGIN
{
	exit(0);
}
