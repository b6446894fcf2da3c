/*
 * Rule: dtrace-semantics §4 / §6 trap 19: the faulting clause's recorded output is discarded, its
 *       aggregation updates stay, the exit status is unaffected
 * @@args: -q
 */

BEGIN
{
	x = 0;
}

BEGIN
{
	printf("lost\n");
	@c = count();
	y = 1 / x;
	printf("never\n");
}

BEGIN
{
	printf("next\n");
	exit(0);
}
