/*
 * Rule: dtrace-semantics §6 trap 18: exit() finishes the current clause; later clauses of that probe and
 *       later BEGIN clauses are skipped; END runs and an exit() in END sets the status
 * @@args: -q
 * @@status: 5
 */

BEGIN
{
	printf("one\n");
	exit(3);
	printf("two\n");
}

BEGIN
{
	printf("skipped\n");
}

END
{
	printf("end\n");
	exit(5);
}
