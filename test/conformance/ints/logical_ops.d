/*
 * Rule: d-language §3.3 ! && || yield int 0 or 1
 * @@args: -q
 */

BEGIN
{
	printf("%d %d %d %d %d %d\n", !0, !5, 2 && 3, 2 && 0, 0 || 7, 0 || 0);
	exit(0);
}
