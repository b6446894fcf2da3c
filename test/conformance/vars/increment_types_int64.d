/*
 * Rule: d-language §3.1 a first x++ types x as int64_t
 * @@args: -q
 */

BEGIN
{
	x++;
	x++;
	printf("%d %d\n", x, sizeof (x));
	exit(0);
}
