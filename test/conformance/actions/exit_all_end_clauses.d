/*
 * Rule: dtrace-semantics §3 exit(): all END clauses run; an exit() in END overrides the status
 * @@args: -q
 * @@status: 4
 */

BEGIN
{
	exit(1);
}

END
{
	printf("e1\n");
	exit(4);
}

END
{
	printf("e2\n");
}
