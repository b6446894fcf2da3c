/*
 * Rule: dtrace-semantics §3 speculation() returns ids from 1; with nspec=2 two are available
 * @@args: -q -x nspec=2
 */

BEGIN
{
	a = speculation();
	b = speculation();
	printf("%d %d\n", a, b);
	exit(0);
}
