/*
 * Rule: d-language §1.5 character constants; several characters pack big-endian
 * @@args: -q
 */

BEGIN
{
	printf("%d %d %d\n", 'A', 'ab', '\n');
	exit(0);
}
