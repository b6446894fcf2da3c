/*
 * Rule: d-language §1.4 constant types: decimal int -> long; hex tries unsigned int; a char constant is an
 *       int
 * @@args: -q
 */

BEGIN
{
	printf("%d %d %d %d %d %d %d\n", sizeof (1), sizeof (2147483647), sizeof (2147483648), sizeof (1l), sizeof (0xffffffff), sizeof (0x100000000), sizeof ('a'));
	exit(0);
}
