/*
 * Rule: dtrace-semantics §3 quiet output is the bare data: consecutive printf calls concatenate
 * @@args: -q
 */

BEGIN
{
	printf("a");
	printf("b");
	printf("%s\n", "c");
	exit(0);
}
