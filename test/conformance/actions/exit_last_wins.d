/*
 * Rule: dtrace(1M) exit status: the last exit() recorded wins (two END clauses)
 * @@args: -q
 * @@status: 6
 */

BEGIN
{
	exit(1);
}

END
{
	exit(4);
}

END
{
	exit(6);
}
