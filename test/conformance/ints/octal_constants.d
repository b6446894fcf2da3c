/*
 * Rule: d-language §1.4 a leading 0 means octal
 * @@args: -q
 */

BEGIN
{
	printf("%d %d %d\n", 010, 0777, 0);
	exit(0);
}
