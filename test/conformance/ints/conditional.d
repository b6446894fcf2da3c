/*
 * Rule: d-language §3.3 ?: selects a branch; it nests
 * @@args: -q
 */

BEGIN
{
	x = 5;
	printf("%d %d\n", x > 3 ? 10 : 20, x < 3 ? 10 : x == 5 ? 30 : 40);
	exit(0);
}
