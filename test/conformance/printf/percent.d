/*
 * Rule: dtrace-semantics §3 printf: %% prints one percent sign
 * @@args: -q
 */

BEGIN
{
	printf("100%% done, %d%%\n", 50);
	exit(0);
}
