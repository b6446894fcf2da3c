/*
 * Rule: d-language §3.2 comparisons yield int 0 or 1 and can be added
 * @@args: -q
 */

BEGIN
{
	printf("%d\n", (3 > 2) + (2 > 3) + (1 == 1) + (1 != 1) + (2 >= 2) + (1 <= 0));
	exit(0);
}
