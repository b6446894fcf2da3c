/*
 * Rule: d-language §3.2 a shift has its left operand's type: >> of a signed value is arithmetic, of an
 *       unsigned one logical
 * @@args: -q
 */

BEGIN
{
	printf("%d %d %d %d %d\n", 1 << 4, -16 >> 2, (uint64_t)-16 >> 60, 1l << 40, 256 >> 4);
	exit(0);
}
