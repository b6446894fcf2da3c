/*
 * Rule: d-language §3.3 | & ^ ~ on integers
 * @@args: -q
 */

BEGIN
{
	printf("%d %d %d %d %d\n", 0xf0 | 0x0f, 0xff & 0x0f, 0xff ^ 0x0f, ~0, ~5);
	exit(0);
}
