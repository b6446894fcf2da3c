/*
 * Rule: d-language §1.4 hex constants above INT_MAX are unsigned int, and %d of unsigned prints unsigned
 * @@args: -q
 */

BEGIN
{
	printf("%d %d %d\n", 0xffffffff, 0x80000000, 0x7fffffff);
	exit(0);
}
