/*
 * Rule: dtrace-semantics §3 exit(): the current clause finishes, later BEGIN clauses are skipped, END runs
 * @@args: -q
 */

BEGIN
{
	printf("a\n");
	exit(0);
	printf("b\n");
}

BEGIN
{
	printf("c\n");
}

END
{
	printf("end\n");
}
