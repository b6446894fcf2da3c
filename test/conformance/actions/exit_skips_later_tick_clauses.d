/*
 * Rule: dtrace-semantics §3 exit(): later clauses of the same (non-dtrace) probe firing are skipped; END
 *       runs
 * @@args: -q
 */

tick-1s
{
	printf("first\n");
	exit(0);
}

tick-1s
{
	printf("second\n");
}

END
{
	printf("end\n");
}
