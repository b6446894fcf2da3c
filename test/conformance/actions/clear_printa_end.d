/*
 * Rule: dtrace-semantics §2 clear(), printa() and trunc() act on the aggregation as of the record
 * @@args: -q
 */

BEGIN
{
	@s["a"] = sum(1);
	@s["b"] = sum(2);
	printa("%s=%@d ", @s);
	clear(@s);
	printa("%s=%@d ", @s);
	trunc(@s);
	printa("%s=%@d ", @s);
	printf("\n");
	exit(0);
}
