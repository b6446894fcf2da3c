/*
 * Rule: dtrace-semantics §2 END output comes before the final newline and the aggregations, which include
 *       END's updates
 * @@args: -q
 */

BEGIN
{
	@a = count();
	exit(0);
}

END
{
	printf("end\n");
	@a = count();
}
